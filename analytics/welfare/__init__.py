"""Where a year's welfare figures come from, and the area estimates of that source.

Three sources (issue 11): **observed** (per-capita expenditure in the frame: a Pemda's own
census of all families), **model** (a published small-area model run: survey + frame) and
**none** (registers only: a welfare rank, no money measure, so no P1 or P2 per kelurahan).
"""
