"""Poverty measures for Kota Bontang: FGT, Watts and Sen–Shorrocks–Thon.

Plain NumPy reference measures (one per module: :mod:`.fgt`, :mod:`.watts`, :mod:`.sst`)
and DuckDB SQL versions over the integrated database or any table
(:mod:`.area`, :mod:`.frame`), the sensitivity curve (:mod:`.sensitivity`), the
subgroup decomposition (:mod:`.subgroup`) and the decompositions of change between two
years (:mod:`.change`, :mod:`.datt_ravallion`). Every function returns plain numbers or
pandas DataFrames with fractions (not multiplied by 100).
"""
