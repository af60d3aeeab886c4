"""Data-quality summaries of an import: row accounting, quarantine, issues, linkage."""

import re

import duckdb
import pandas as pd

from analytics import sql
from analytics.access.pseudonym import mask_identifier_text
from analytics.access.scope import AccessDenied, User, can_see_quarantine, household_scope
from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import resolve_line
from analytics.programs.coverage import MIN_PROBABILITY
from analytics.settings import settings
from analytics.welfare.family import family_welfare

# Digits joined by at most 3 separator characters (no letters): one identifier however written.
#: Under a model: a family this likely to be poor is worth verifying (observed: near the line).
NEAR_PROBABILITY = 0.2
_DIGIT_RUN = re.compile(r"\d(?:[\s./,_'\-]{0,3}\d)*")


def import_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows read, loaded, merged as exact duplicates and quarantined, per file."""
    return sql.frame(con, "quality/import_log")


def quarantine_by_reason(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return sql.frame(con, "quality/quarantine_by_reason")


def link_methods(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pd.DataFrame:
    """How rows of DTKS and P3KE were linked to Regsosek families, per year (or one year)."""
    table = sql.frame(con, "quality/link_methods")
    if year is not None:
        table = table[table["year"] == year].reset_index(drop=True)
    return table


FRAME_LABELS = {"regsosek": "Regsosek", "dtsen": "DTSEN"}


def combination(frame: str, in_frame: bool, in_dtks: bool, in_p3ke: bool) -> str:
    """'Regsosek + DTKS', 'DTSEN saja', 'P3KE tanpa padanan DTSEN', …

    >>> combination("dtsen", True, False, True), combination("regsosek", False, True, False)
    ('DTSEN + P3KE', 'DTKS tanpa padanan Regsosek')
    """
    name = FRAME_LABELS.get(frame, frame)
    if not in_frame:
        return f"{'DTKS' if in_dtks else 'P3KE'} tanpa padanan {name}"
    others = [r for r, listed in (("DTKS", in_dtks), ("P3KE", in_p3ke)) if listed]
    return " + ".join([name, *others]) if others else f"{name} saja"


def register_overlap(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Families of a year in each combination of the frame (Regsosek, or DTSEN from 2025)
    and the other registers.

    Columns frame_source, in_regsosek (in the frame), in_dtks, in_p3ke, combination
    (Indonesian label), families, persons (empty for records without a frame family, whose
    size is unknown).
    """
    table = sql.frame(con, "quality/register_overlap", {"year": year})
    table.insert(
        4,
        "combination",
        [
            combination(f, bool(r), bool(d), bool(p))
            for f, r, d, p in zip(table["frame_source"], table["in_regsosek"], table["in_dtks"], table["in_p3ke"])
        ],
    )
    return table


def frame_change(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The frame of ``year`` against the year before, per kelurahan: families, families_before,
    kept, added, dropped (``quality/frame_change``)."""
    return sql.frame(con, "quality/frame_change", {"year": year})


def frame_sources(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The register each of ``year`` and the year before took its frame from, with the DTSEN
    extract's file, version and date."""
    return sql.frame(con, "quality/frame_sources", {"year": year})


def value_forms(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """How the year's DTSEN keluarga values were written, per column and form."""
    return sql.frame(con, "quality/value_forms", {"year": year})


def quarantine_rows(
    con: duckdb.DuckDBPyConnection,
    year: int | None = None,
    reason: str | None = None,
    *,
    user: User,
    full_nik: bool = False,
) -> pd.DataFrame:
    """Quarantined rows with NIK-like digit runs masked (first 6 digits, then ``**********``).

    The original values keep every other field, so a data officer can fix the export.
    Quarantined rows hold names and may lack a valid kelurahan, so only analis and admin
    may see them; ``full_nik`` (the unmasked originals, for the import page) only admin.
    """
    if not can_see_quarantine(user):
        raise AccessDenied("Akses ditolak: baris karantina hanya untuk peran Analis dan Administrator data.")
    if full_nik and user.role != "admin":
        raise AccessDenied("Akses ditolak: NIK lengkap hanya untuk Administrator data.")
    rows = sql.frame(con, "quality/quarantine_rows", {"year": year, "reason": reason})
    if not full_nik:
        for column in ("message", "original"):
            rows[column] = rows[column].map(mask_digit_runs)
    return rows


def mask_digit_runs(text: str | None) -> str | None:
    """Every run of 15-17 digits (a NIK or No KK, however split: spaces, dots, slashes,
    commas, dashes, underscores — up to 3 such characters between two digits) cut to its
    first 6 digits, the other digits shown as ``*``.

    >>> mask_digit_runs("NIK 6474/0101/8000/0001, lahir 1980-01-01")
    'NIK 6474/01**/****/****, lahir 1980-01-01'
    >>> mask_digit_runs("6,474,010,180,000,001 dan 6474  0101 8000 0001")
    '6,474,01*,***,***,*** dan 6474  01** **** ****'
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return text

    def one(match: re.Match) -> str:
        run = match.group(0)
        return mask_identifier_text(run) if 15 <= sum(c.isdigit() for c in run) <= 17 else run

    return _DIGIT_RUN.sub(one, str(text))


def source_conflicts(con: duckdb.DuckDBPyConnection, year: int, *, user: User) -> pd.DataFrame:
    """Linked families whose kelurahan, desil or size differ between Regsosek and DTKS/P3KE.

    Columns family_id, kode_kelurahan, field ('kelurahan' | 'desil' | 'household_size'),
    source ('dtks' | 'p3ke'), regsosek_value, source_value, kelurahan.

    Household rows: a verifikator gets its own kelurahan's families, a pimpinan is refused.
    """
    scope = household_scope(user, None)
    frame = sql.frame(con, "quality/source_conflicts", {"year": year})
    return frame if scope is None else frame[frame["kode_kelurahan"] == scope].reset_index(drop=True)


def conflict_counts(conflicts: pd.DataFrame) -> pd.DataFrame:
    """Families per conflicting field and source, from :func:`source_conflicts`."""
    if conflicts.empty:
        return pd.DataFrame(columns=["field", "source", "families"])
    return (
        conflicts.groupby(["field", "source"], as_index=False)["family_id"]
        .nunique()
        .rename(columns={"family_id": "families"})
    )


def verification_priority(
    con: duckdb.DuckDBPyConnection,
    year: int,
    line="official",
    poor_if: str = "lt",
    near_factor: float | None = None,
    limit: int = 500,
    *,
    user: User,
) -> pd.DataFrame:
    """Families to verify in the field first, highest score first, with head name and masked NIK.

    Only families below ``near_factor`` times the line (default: the setting, 1.2) are scored (an error elsewhere
    changes no poverty figure or program decision). The score adds: poor without any
    program 3, kelurahan conflict 2, desil conflict 1, size conflict 1, head NIK damaged
    or missing 1, coordinates missing or outside the city 1
    (``analytics/sql/quality/verification_priority.sql``).

    Household rows: a verifikator gets the first ``limit`` of its own kelurahan, a pimpinan
    is refused (:func:`analytics.access.scope.household_scope`).
    """
    from analytics.summary import family_heads

    scope = household_scope(user, None)
    near_factor = settings().near_factor if near_factor is None else near_factor
    pl = resolve_line(con, year, line)
    statement = sql.text("quality/verification_priority", conflicts_sql=sql.text("quality/source_conflicts"))
    # A kelurahan's first `limit` families lie anywhere in the city's ranking: rank them all.
    ranked = limit if scope is None else 2**31 - 1
    params = {
        "year": year,
        "line": pl.amount,
        "poor_le": check_poor_if(poor_if) == "le",
        "near_factor": near_factor,
        "limit": ranked,
    }
    welfare = family_welfare(con, year, pl, poor_if, required=False)
    params.update(welfare.params, line=pl.amount, min_probability=MIN_PROBABILITY, near_probability=NEAR_PROBABILITY)
    table = sql.frame_of(con, sql.with_ctes(statement, family_welfare=welfare.sql), params).drop(columns="order_key")
    if scope is not None:
        table = table[table["kode_kelurahan"] == scope].head(limit).reset_index(drop=True)
    heads = family_heads(con, year, table["family_id"], user=user)
    table = table.merge(heads, on="family_id", how="left")
    return table
