"""One request's welfare context: year, line, welfare source and poverty rule, resolved once.

Every measure that yields P0, P1, P2, Watts, poor counts, change or transitions takes a
:class:`WelfareRequest` (or resolves one through :func:`welfare_request`) rather than reading
the year's line and source itself, so a page, a command and a pack asking the same question
start from the same four facts.

On a model year ``poor_if`` has no effect: the model gives each family a continuous welfare
distribution, on which P(y < z) and P(y <= z) are equal. The request keeps the choice so
that the same object answers for observed years, where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics.errors import DataError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import LINE_KINDS, PovertyLine, check_year, resolve_line
from analytics.welfare.source import WelfareSource, welfare_source

__all__ = ["MODEL_LINE_SENTENCE", "WelfareRequest", "welfare_request"]

#: Why a model year cannot answer for a line it was not estimated for.
MODEL_LINE_SENTENCE = (
    "Estimasi model (SAE) dihitung untuk garis resmi dan garis ekstrem tahun itu; garis lain memerlukan "
    "model baru. Pilih garis resmi atau ekstrem."
)


@dataclass(frozen=True)
class WelfareRequest:
    """The resolved year, line, welfare source and poverty rule of one question."""

    year: int
    line: PovertyLine
    source: WelfareSource
    poor_if: str = "lt"

    @property
    def kind(self) -> str:
        """'observed', 'model' or 'none'."""
        return self.source.kind

    @property
    def line_kind(self) -> str:
        """The stored line a model run answers for: 'official' or 'extreme' (raises otherwise)."""
        if self.line.kind in LINE_KINDS:
            return self.line.kind
        raise DataError(MODEL_LINE_SENTENCE)

    def require(self) -> WelfareRequest:
        """This request, or :class:`analytics.errors.NoWelfareData` when the year has no money
        measure; a model year must also ask for one of its two lines."""
        self.source.require()
        if self.kind == "model":
            _ = self.line_kind
        return self


def welfare_request(con: duckdb.DuckDBPyConnection, year: int, line="official", poor_if: str = "lt") -> WelfareRequest:
    """Resolve ``year``, ``line`` ('official', 'extreme', an amount or a resolved
    :class:`PovertyLine`), the year's welfare source and ``poor_if``.

    On a model year an amount equal to one of the year's two lines is taken as that line.
    """
    check_poor_if(poor_if)
    year = check_year(con, year)
    source = welfare_source(con, year)
    if isinstance(line, PovertyLine):
        resolved = line
    else:
        resolved = resolve_line(con, year, line)
    if source.kind == "model" and resolved.kind not in LINE_KINDS:
        resolved = _stored_line_of_amount(con, year, resolved)
    return WelfareRequest(year=year, line=resolved, source=source, poor_if=poor_if)


def _stored_line_of_amount(con, year: int, given: PovertyLine) -> PovertyLine:
    for kind in LINE_KINDS:
        try:
            stored = resolve_line(con, year, kind)
        except DataError:
            continue
        if stored.amount == given.amount:
            return stored
    return given
