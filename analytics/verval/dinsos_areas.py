"""Per kelurahan, what one Dinas Sosial file holds: the office's counts and ours.

Families in their kelurahan (their first row's), persons in their row's, fakir miskin
families, families linked or not, desil groups and needs, families flagged, and rejected
rows and families (a row rejected for an unknown kelurahan falls under ``kode_kelurahan``
None: it cannot be placed, so it is only counted for the file as a whole).
"""

from __future__ import annotations

import pandas as pd

from analytics.reference import UNIT
from analytics.verval.dinsos_file import NEEDS, known_kelurahan

COLUMNS = [
    "families",
    "persons",
    "linked",
    "unlinked",
    "fakir_miskin",
    "desil_1",
    "desil_2",
    "desil_3",
    "desil_4",
    "desil_other",
    *NEEDS,
    "flagged_families",
    "rejected_rows",
    "rejected_families",
]
#: The command line's per-kelurahan table (``verval dinsos --format``).
OUTPUT = ["kode", "kelurahan", "families", "persons", "fakir_miskin", "flagged_families", "rejected_families"]


def areas(persons: pd.DataFrame, table: pd.DataFrame, rejected_keys: pd.DataFrame) -> pd.DataFrame:
    """``kode_kelurahan`` and :data:`COLUMNS` per kelurahan of the file (see the module doc)."""
    desil = table["desil_group"]
    marks = table.assign(
        families=1,
        linked=table["family_id"].notna(),
        unlinked=table["family_id"].isna(),
        **{f"desil_{d}": desil == d for d in (1, 2, 3, 4)},
        desil_other=~desil.isin([1, 2, 3, 4]),
        flagged_families=table["flagged"],
    )
    family_columns = [c for c in COLUMNS if c in marks.columns and c != "persons"]
    kept = marks.groupby("kode_kelurahan")[family_columns].sum()
    people = persons.groupby("kode_kelurahan").size().rename("persons")
    key = rejected_keys["kode_kelurahan"].fillna("")
    rejected = rejected_keys.groupby(key).agg(
        rejected_rows=("family_key", "size"), rejected_families=("family_key", "nunique")
    )
    counts = kept.join(people, how="outer").join(rejected, how="outer").fillna(0).astype(int)
    counts = counts.rename_axis("kode_kelurahan").reset_index()[["kode_kelurahan", *COLUMNS]]
    counts["kode_kelurahan"] = counts["kode_kelurahan"].replace("", None)
    return counts.sort_values("kode_kelurahan", na_position="last").reset_index(drop=True)


def output_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The command line's table (:data:`OUTPUT`): one row per kelurahan, and one for rows
    whose kelurahan is unknown when there are any."""
    names = known_kelurahan()
    shown = counts.assign(
        kode=counts["kode_kelurahan"].fillna(""),
        kelurahan=counts["kode_kelurahan"].map(names).fillna(f"({UNIT} tidak dikenal)"),
    )
    return shown[OUTPUT].reset_index(drop=True)
