"""Poverty lines and years of the integrated database."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import duckdb

from analytics import sql
from analytics.errors import DataError, InputError
from analytics.poverty._checks import check_line

__all__ = ["PovertyLine", "available_years", "check_year", "resolve_line"]

LINE_KINDS = ("official", "extreme")


@dataclass(frozen=True)
class PovertyLine:
    """A poverty line used for a computation.

    ``kind`` is 'official', 'extreme' or 'amount'; ``status`` is 'official' or
    'estimated' for lines from the ``poverty_line`` table and 'given' for an amount.
    """

    amount: float
    kind: str
    status: str
    year: int | None = None

    @property
    def is_estimated(self) -> bool:
        return self.status == "estimated"

    def as_dict(self) -> dict:
        return {"amount": self.amount, "kind": self.kind, "status": self.status, "year": self.year}


def available_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years that have at least one family."""
    return [int(y) for y in sql.frame(con, "reference/years")["year"]]


def check_year(con: duckdb.DuckDBPyConnection, year) -> int:
    """Return ``year`` as an int if the database has families for it, else raise."""
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise InputError(f"tahun harus berupa bilangan bulat, bukan {year!r}")
    year = int(year)
    years = available_years(con)
    if year not in years:
        known = ", ".join(str(y) for y in years) or "tidak ada"
        raise DataError(f"tidak ada data keluarga untuk tahun {year} (tahun tersedia: {known})")
    return year


def resolve_line(con: duckdb.DuckDBPyConnection, year: int, line) -> PovertyLine:
    """The line to use: 'official' or 'extreme' line of ``year``, or an amount (Rp).

    Raises
    ------
    ValueError
        If the year has no line of that kind, or the amount is not a positive number.
    """
    if isinstance(line, PovertyLine):
        # Resolved once per request (analytics.welfare.request) and handed down as it is.
        return line
    if isinstance(line, str):
        if line not in LINE_KINDS:
            raise InputError(f"garis kemiskinan harus 'official', 'extreme' atau angka, bukan {line!r}")
        rows = sql.frame(con, "reference/line_of_year", {"year": year})
        label = "resmi" if line == "official" else "ekstrem"
        if rows.empty or rows.loc[0, f"{line}_line"] is None or _missing(rows.loc[0, f"{line}_line"]):
            raise DataError(f"garis kemiskinan {label} tahun {year} tidak tersedia di basis data")
        amount = check_line(float(rows.loc[0, f"{line}_line"]))
        status = rows.loc[0, f"{line}_status"]
        status = "estimated" if status == "estimated" else "official"
        return PovertyLine(amount=amount, kind=line, status=status, year=year)
    return PovertyLine(amount=check_line(line), kind="amount", status="given", year=year)


def _missing(value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True
