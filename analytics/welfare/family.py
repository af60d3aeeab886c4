"""The per-family poverty relation the program queries read, from the year's welfare source.

Coverage, segments, the uncovered list and the verification priority count families that
are poor. With observed expenditure a family is poor or not (1 or 0); under a model its
poverty is a probability, and its gap an expectation, so the same sums give expected counts
(the sum of probabilities) and the model's P1 and P2 numerators. One relation,
``family_welfare``, gives both, so the program queries are written once.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import sql
from analytics.errors import DataError
from analytics.poverty.lines import PovertyLine
from analytics.welfare.request import WelfareRequest, welfare_request

__all__ = ["FamilyWelfare", "family_welfare", "family_welfare_of"]


@dataclass(frozen=True)
class FamilyWelfare:
    """The relation's SQL (``inputs={"family_welfare": sql}``), its parameters and its source."""

    sql: str
    params: dict
    kind: str  # 'observed' | 'model' | 'none'

    @property
    def is_model(self) -> bool:
        return self.kind == "model"


def family_welfare(
    con: duckdb.DuckDBPyConnection, year: int, line: PovertyLine, poor_if: str = "lt", *, required: bool = True
) -> FamilyWelfare:
    """The relation for ``year`` on ``line``; ``required=False`` accepts a year without a money
    measure (for desil rules), whose families then carry no poverty status."""
    return family_welfare_of(con, welfare_request(con, year, line, poor_if), required=required)


def family_welfare_of(
    con: duckdb.DuckDBPyConnection, request: WelfareRequest, *, required: bool = True
) -> FamilyWelfare:
    """:func:`family_welfare` of a resolved request."""
    year = request.year
    if request.kind == "observed":
        params = {"year": year, "line": request.line.amount, "poor_le": request.poor_if == "le"}
        return FamilyWelfare(sql.text("welfare/family_observed"), params, "observed")
    if request.kind == "model":
        try:
            params = {"run_id": request.source.run_id, "line_kind": request.line_kind}
            return FamilyWelfare(sql.text("welfare/family_model"), params, "model")
        except DataError:
            if required:
                raise
            # A desil rule with a line the run was not estimated for: no poverty status.
    if required:
        request.source.require()
    return FamilyWelfare(sql.text("welfare/family_none"), {"year": year}, "none")
