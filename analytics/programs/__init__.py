"""Social programs: coverage and targeting errors by area, uncovered eligible families,
and programs grouped by the strategies of Inpres 4/2022 (:mod:`.coverage`).
"""
