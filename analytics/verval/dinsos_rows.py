"""Every row of the Dinas Sosial file checked, placed in a family and a kelurahan, and flagged.

A family is the rows of one ``no_keluarga`` across the file, as the office's own dashboard
counts it: it lives in the kelurahan of its first row; a person counts in the kelurahan of
its row. A row whose kelurahan is unknown is placed by its family's other rows; only a row
that cannot be placed at all is rejected (:data:`~analytics.verval.dinsos_file.REJECTS`).
A family is flagged, not rejected, when its rows disagree on a family-level value
(``berbeda:<kolom>``: the indicators, their count, the dwelling, the desil), lie in two
kelurahan, or hold more than :data:`~analytics.verval.visit.MAX_SIZE` persons; every flag of
a row is also its family's. :func:`flag_summary` counts families and rows per flag.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.errors import DataError
from analytics.verval.dinsos_codes import value_key
from analytics.verval.dinsos_file import (
    DWELLING,
    REJECTS,
    check_row,
    flag_text,
    kecamatan_codes,
    kelurahan_codes,
    reject_table,
)
from analytics.verval.visit import INDICATORS, MAX_SIZE

#: Values a family holds once: compared across its rows (indicators as written).
FAMILY_FIELDS = ("kecamatan", "jumlah_indikator", *INDICATORS, *DWELLING, "daya_listrik", "status_keluarga")


@dataclass(frozen=True)
class DinsosRows:
    """The file's placed rows (``persons``: clean values, ``flags`` a tuple of flag keys per
    row, ``family_kode`` the family's kelurahan), the rows that cannot be placed (``rejects``:
    row number, reason, values as written, No KK masked), and the flags' counts."""

    persons: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int
    flags: pd.DataFrame  # kode, Alasan, keluarga, baris (see flag_summary)
    rejected_keys: pd.DataFrame  # per rejected row: kode_kelurahan (None when unknown), family_key


def _place(persons: pd.DataFrame, problems: dict[int, list[str]]) -> pd.DataFrame:
    """Each family's kelurahan (its first placed row's) and rows placed by their family."""
    keyed = persons[persons["family_key"].notna()]
    first = keyed.dropna(subset=["kode_kelurahan"]).groupby("family_key", sort=False)["kode_kelurahan"].first()
    persons["family_kode"] = persons["family_key"].map(first)
    unknown = persons["kode_kelurahan"].isna()
    for r in persons.loc[unknown & persons["family_kode"].isna(), "_row"]:
        problems.setdefault(r, []).append("kelurahan")
    moved = unknown & persons["family_kode"].notna()
    persons.loc[moved, "kode_kelurahan"] = persons.loc[moved, "family_kode"]
    persons.loc[moved, "flags"] = persons.loc[moved, "flags"].map(lambda f: f | {"kelurahan_baris"})
    return persons[~persons["_row"].isin(problems)].copy()


def _family_flags(persons: pd.DataFrame, raw_keys: pd.DataFrame) -> pd.Series:
    """Flags of each family as a whole (family_key -> set of keys)."""
    compare = persons[["family_key", "kecamatan", "jumlah_indikator", *DWELLING, "daya_listrik", "status_keluarga"]]
    compare = compare.join(raw_keys.loc[persons.index, list(INDICATORS)])
    groups = compare.groupby("family_key", sort=False)
    differ = groups[list(FAMILY_FIELDS)].nunique(dropna=False) > 1
    flags = {key: {f"berbeda:{c}" for c in FAMILY_FIELDS if row[c]} for key, row in differ.iterrows()}
    flags = {key: found | {"berbeda"} if found else found for key, found in flags.items()}
    for key in persons.groupby("family_key")["kode_kelurahan"].nunique().loc[lambda n: n > 1].index:
        flags[key].add("dua_kelurahan")
    for key in groups.size().loc[lambda n: n > MAX_SIZE].index:
        flags[key].add("besar")
    return pd.Series(flags, dtype=object)


def flag_summary(persons: pd.DataFrame) -> pd.DataFrame:
    """Per flag: its Indonesian reason, families and rows flagged (most families first)."""
    rows = persons[["family_key", "flags"]].explode("flags").dropna(subset=["flags"])
    counts = rows.groupby("flags").agg(keluarga=("family_key", "nunique"), baris=("family_key", "size"))
    counts = counts.reset_index().sort_values(["keluarga", "flags"], ascending=[False, True])
    counts.insert(1, "Alasan", counts["flags"].map(flag_text))
    return counts.rename(columns={"flags": "kode"}).reset_index(drop=True)


def check_rows(raw: pd.DataFrame) -> DinsosRows:
    """Every row checked, placed and flagged; rows that cannot be placed rejected (module doc)."""
    if raw.empty:
        raise DataError("Berkas verval Dinas Sosial tidak berisi baris data.")
    codes, kecamatan = kelurahan_codes(raw["kelurahan"]), kecamatan_codes()
    checked, problems = [], {}
    for row, kode in zip(raw.to_dict("records"), codes, strict=True):
        clean, flags, rejects = check_row(row, kode, kecamatan)
        clean["flags"] = flags
        if rejects:
            problems[row["_row"]] = rejects
        checked.append(clean)
    persons = _place(pd.DataFrame(checked, index=raw.index), problems)
    if len(persons):
        family = _family_flags(persons, raw[list(INDICATORS)].map(value_key))
        own = persons["family_key"].map(family)
        persons["flags"] = [tuple(sorted(a | b)) for a, b in zip(persons["flags"], own, strict=True)]
    reasons = {r: "; ".join(REJECTS[k] for k in keys) for r, keys in problems.items()}
    rejected = pd.DataFrame(checked, index=raw.index).loc[lambda f: f["_row"].isin(problems)]
    keys = rejected["family_key"].fillna("baris " + rejected["_row"].astype(str))
    rejected_keys = pd.DataFrame({"kode_kelurahan": rejected["kode_kelurahan"], "family_key": keys})
    persons = persons.reset_index(drop=True)
    return DinsosRows(persons, reject_table(raw, reasons), len(raw), flag_summary(persons), rejected_keys)
