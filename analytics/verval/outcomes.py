"""What the verval records change: one row per family of a year's worklist or of a record of
that year, and the counts per kelurahan and RT the aggregate pages show.

A record belongs to ``year`` when its newest version was made against that year's registers
(its ``year``), or against the year before for a family absent from this year's registers
(the worklist's "not seen this year": its keys come from last year's row). It is placed
where this year's registers put the family, else where the record says it was visited.

Only approved records count as findings (outcomes, groups, the targeting figures); any
record, approved or not, counts as a visit. "Poor as the field found it" (:func:`field_poor`)
is the group *poor by the Kemensos criteria* (proposed for DTSEN) or *fakir miskin* (six or
more of the eight indicators): the two ways the city's verval calls a family poor.

These functions count over household rows without a user's scope; the page views
(:mod:`analytics.views.verval_outcomes_page`) narrow a verifikator to its kelurahan and
protect what a pimpinan sees.
"""

from __future__ import annotations

import json
import os

import duckdb
import pandas as pd

from analytics import sql
from analytics.disclosure import with_parent_rows
from analytics.poverty.lines import resolve_line
from analytics.reference import load_kelurahan
from analytics.verval import families, store
from analytics.verval.worklist import worklist_all
from analytics.welfare.family import family_welfare

#: The programs the registers record per family: "without a program" means none of these,
#: as the field found it, so the field figure compares with the register's.
REGISTER_PROGRAMS = ("PKH", "SEMBAKO", "PBI", "BST", "BPUM", "PRAKERJA", "KUR")
OUTCOME_COLUMNS = {
    "ditemukan": "found",
    "tidak_ditemukan": "not_found",
    "pindah": "moved",
    "meninggal": "died",
    "menolak": "refused",
}
GROUP_COLUMNS = {"dtsen": "dtsen", "bantuan_lain": "other_help", "tidak_miskin": "not_poor"}
#: Every count of :func:`area_counts`, in the order the tables show them.
COUNTS = (
    "worklist",
    "visited",
    "approved",
    "outside",
    "approved_all",
    *OUTCOME_COLUMNS.values(),
    *GROUP_COLUMNS.values(),
    "field_poor",
    "fakir_miskin",
    "to_correct",
    "poor_no_program",
    "not_poor_with_program",
    "poor_not_in_dtks",
    "desil1_no_program",
)


def field_poor(visit: dict) -> bool:
    """Poor as the field found it: a family found at home in the group poor by the Kemensos
    criteria (DTSEN), or meeting six or more of the eight indicators (fakir miskin).

    >>> field_poor({"outcome": "ditemukan", "group": "bantuan_lain", "fakir_miskin": True})
    True
    >>> field_poor({"outcome": "ditemukan", "group": "tidak_miskin", "fakir_miskin": False})
    False
    """
    return visit.get("outcome") == "ditemukan" and (visit.get("group") == "dtsen" or bool(visit.get("fakir_miskin")))


def year_records(con: duckdb.DuckDBPyConnection, db_path: str | os.PathLike, year: int) -> pd.DataFrame:
    """The records of ``year`` (module doc), one per family: family_id, record_kelurahan,
    record_rt, status, outcome, group, fakir_miskin, to_correct, field_poor, field_program."""
    records = families.attach(con, year, store.records_for_counts(db_path))
    present = records["family_id_now"].notna()
    records = records[(records["year"] == year) | ((records["year"] == year - 1) & ~present)].copy()
    # A record whose keys no family of the year holds stays the family it was made for.
    records["family_id"] = records["family_id_now"].fillna(records["family_id"])
    records["family_id"] = records["family_id"].fillna("catatan:" + records["record_id"])
    records = records.sort_values("at").drop_duplicates("family_id", keep="last")
    visits = [json.loads(v) for v in records["visit_json"]]
    return pd.DataFrame(
        {
            "family_id": records["family_id"].tolist(),
            "record_kelurahan": records["kode_kelurahan"].tolist(),
            "record_rt": records["rt"].tolist(),
            "status": records["status"].tolist(),
            "outcome": [v.get("outcome") for v in visits],
            "group": [v.get("group") for v in visits],
            "fakir_miskin": [bool(v.get("fakir_miskin")) for v in visits],
            "to_correct": [v.get("finding") == "dikoreksi" for v in visits],
            "field_poor": [field_poor(v) for v in visits],
            "field_program": [any(p in REGISTER_PROGRAMS for p in v.get("programs") or []) for v in visits],
        }
    )


def outcome_families(
    con: duckdb.DuckDBPyConnection, db_path: str | os.PathLike, year: int, line="official"
) -> pd.DataFrame:
    """One row per family of ``year``'s worklist or with a record of the year: family_id,
    kode_kelurahan, rt, on_worklist, desil1_no_program, the record's columns
    (:func:`year_records`; status None: no record), approved, in_dtks, probability (under
    the year's welfare source on ``line``; null without one) and desil."""
    work = worklist_all(con, year, line)
    work = work.assign(
        on_worklist=True,
        desil1_no_program=(work["desil"] == 1)
        & ~work["has_program"].astype(bool)
        & ~work["reasons"].map(lambda r: "not_seen" in r),
    )[["family_id", "kode_kelurahan", "rt", "on_worklist", "desil1_no_program"]]
    records = year_records(con, db_path, year)
    pl = resolve_line(con, year, line)
    welfare = family_welfare(con, year, pl, required=False)
    statement = sql.with_ctes(sql.text("verval/outcome_families"), family_welfare=welfare.sql)
    params = {**welfare.params, "year": year, "family_ids": records["family_id"].tolist()}
    register = sql.frame_of(con, statement, params).rename(
        columns={"kode_kelurahan": "register_kelurahan", "rt": "register_rt"}
    )
    frame = work.merge(records, on="family_id", how="outer").merge(register, on="family_id", how="left")
    frame["kode_kelurahan"] = (
        frame["kode_kelurahan"].fillna(frame["register_kelurahan"]).fillna(frame["record_kelurahan"])
    )
    # Object dtype: the worklist's RT is text while a record's may be a number (pandas 4 refuses
    # to fill a text column with other values).
    frame["rt"] = frame["rt"].astype(object).fillna(frame["register_rt"].astype(object))
    frame["rt"] = frame["rt"].fillna(frame["record_rt"].astype(object))
    for column in (
        "on_worklist",
        "desil1_no_program",
        "fakir_miskin",
        "to_correct",
        "field_poor",
        "field_program",
        "in_dtks",
    ):
        frame[column] = frame[column].astype("boolean").fillna(False).astype(bool)
    frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)
    frame["approved"] = frame["status"] == "approved"
    keep = [
        "family_id",
        "kode_kelurahan",
        "rt",
        "on_worklist",
        "desil1_no_program",
        "status",
        "approved",
        "outcome",
        "group",
        "fakir_miskin",
        "to_correct",
        "field_poor",
        "field_program",
        "in_dtks",
        "probability",
        "desil",
    ]
    return frame[keep].sort_values("family_id").reset_index(drop=True)


def family_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """1 or 0 per family (row of :func:`outcome_families`) for each of :data:`COUNTS`."""
    approved, listed = frame["approved"], frame["on_worklist"]
    visited = frame["status"].notna()
    found = approved & (frame["outcome"] == "ditemukan")
    poor = found & frame["field_poor"]
    flags = {
        "worklist": listed,
        "visited": listed & visited,
        "approved": listed & approved,
        "outside": ~listed & visited,
        "approved_all": approved,
        **{column: approved & (frame["outcome"] == code) for code, column in OUTCOME_COLUMNS.items()},
        **{column: found & (frame["group"] == code) for code, column in GROUP_COLUMNS.items()},
        "field_poor": poor,
        "fakir_miskin": found & frame["fakir_miskin"],
        "to_correct": found & frame["to_correct"],
        "poor_no_program": poor & ~frame["field_program"],
        "not_poor_with_program": found
        & ~frame["field_poor"]
        & (frame["group"] == "tidak_miskin")
        & frame["field_program"],
        "poor_not_in_dtks": poor & ~frame["in_dtks"],
        "desil1_no_program": frame["desil1_no_program"],
    }
    return pd.DataFrame(flags)[list(COUNTS)].astype("int64")


def area_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The city, its kecamatan and every kelurahan of the gazetteer (kode, nama of the
    kelurahan, :data:`COUNTS`), counted over the families of :func:`outcome_families`."""
    flags = family_flags(frame).assign(kode=frame["kode_kelurahan"].to_numpy())
    gazetteer = load_kelurahan()[["kode", "nama"]]
    table = gazetteer.merge(flags.groupby("kode").sum(), left_on="kode", right_index=True, how="left")
    table[list(COUNTS)] = table[list(COUNTS)].fillna(0).astype("int64")
    return with_parent_rows(table, COUNTS)


def rt_counts(frame: pd.DataFrame, kelurahan: str) -> pd.DataFrame:
    """One row per RT of ``kelurahan`` (rt, :data:`COUNTS`); families without an RT as '–'."""
    inside = frame[frame["kode_kelurahan"] == kelurahan]
    flags = family_flags(inside).assign(rt=inside["rt"].fillna("–").to_numpy())
    return flags.groupby("rt", as_index=False).sum().sort_values("rt").reset_index(drop=True)
