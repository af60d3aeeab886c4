"""Reading the truth folder the generator writes, and scoring an import against it."""

from pathlib import Path

import duckdb
import pandas as pd

from analytics import sql
from analytics.generate.population import YEARS

LINK_TABLES = {"dtks": "link_dtks", "p3ke_keluarga": "link_p3ke_keluarga", "p3ke_individu": "link_p3ke_individu"}
FILES = {
    "regsosek": "regsosek.csv",
    "dtks": "dtks.csv",
    "p3ke_keluarga": "p3ke_keluarga.xlsx",
    "p3ke_individu": "p3ke_individu.xlsx",
    "susenas": "susenas.csv",
}


def truth_rows(raw: Path, source: str) -> pd.DataFrame:
    """Row-level truth of one source over all years: year, row, uid, family_id[, person_id]
    (the survey adds pi, the household's inclusion probability, and fwt, its clean weight)."""
    frames = []
    for year in YEARS:
        path = Path(raw) / "truth" / str(year) / f"rows_{source}.csv"
        if not path.exists():  # a source the year does not have (Regsosek and DTKS: DTSEN from 2025)
            continue
        t = pd.read_csv(path, dtype={"family_id": str})
        t.insert(0, "year", year)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def truth_families(raw: Path) -> pd.DataFrame:
    frames = []
    for year in YEARS:
        t = pd.read_csv(
            Path(raw) / "truth" / str(year) / "families.csv",
            dtype={"family_id": str, "kk": str, "head_nik": str, "census_block": str},
        )
        t.insert(0, "year", year)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def survey_design(raw: Path) -> pd.DataFrame:
    """The survey's block frame over all years: nks, families, pi_block, drawn, sampled,
    interviewed."""
    frames = []
    for year in YEARS:
        t = pd.read_csv(Path(raw) / "truth" / str(year) / "survey_design.csv", dtype={"nks": str})
        t.insert(0, "year", year)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def damage_log(raw: Path) -> pd.DataFrame:
    return pd.read_csv(Path(raw) / "truth" / "damage.csv", dtype={"before": str, "after": str})


def damaged_rows(raw: Path, kind: str) -> pd.DataFrame:
    """Spreadsheet rows (first occurrence) that carry one kind of injected damage."""
    log = damage_log(raw)
    log = log[log["kind"] == kind]
    out = []
    for source, file in FILES.items():
        first = truth_rows(raw, source).drop_duplicates(["year", "uid"])
        part = log[log["file"] == file].merge(first, on=["year", "uid"])
        part["source"] = source
        out.append(part)
    return pd.concat(out, ignore_index=True)


def link_outcomes(con: duckdb.DuckDBPyConnection, raw: Path, source: str) -> pd.DataFrame:
    """Each row of a source with its true family, the family it was linked to, and whether
    the true family is in the imported Regsosek frame (else no link is possible)."""
    truth = truth_rows(raw, source).drop_duplicates(["year", "row"])
    links = sql.frame(con, "quality/link_rows", table=LINK_TABLES[source])
    frame = sql.frame(con, "quality/frame_families")
    got = links.merge(truth, on=["year", "row"]).merge(frame, on=["year", "family_id"], how="left")
    got["in_frame"] = got["in_frame"].fillna(False).astype(bool)
    got["correct"] = got["linked"] == got["family_id"]
    return got


def precision_recall(outcomes: pd.DataFrame) -> tuple[float, float]:
    """Precision: share of links made that are right. Recall: share of linkable rows
    (true family present in the frame) linked to the right family."""
    linked = outcomes["linked"].notna()
    precision = outcomes.loc[linked, "correct"].mean()
    recall = (outcomes["correct"] & outcomes["in_frame"]).sum() / outcomes["in_frame"].sum()
    return float(precision), float(recall)
