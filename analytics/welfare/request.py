"""One request's welfare context: year, line, welfare source and poverty rule, resolved once.

Every measure that yields P0, P1, P2, Watts, poor counts, change or transitions takes a
:class:`WelfareRequest` (or resolves one through :func:`welfare_request`) rather than reading
the year's line and source itself, so a page, a command and a pack asking the same question
start from the same four facts.

A model answers for a line only where its survey sample holds households below that line:
with fewer than :data:`MIN_SURVEY_BELOW`, the share below the line is the model's normal tail
extrapolated beyond the data (on the demo's extreme line, 0 or 1 of 550 households: the model
printed "0 jiwa" where the Dinas Sosial lists 149 persons). Such a request refuses, for every
door, with :func:`model_tail_sentence`.

On a model year ``poor_if`` has no effect: the model gives each family a continuous welfare
distribution, on which P(y < z) and P(y <= z) are equal. The request keeps the choice so
that the same object answers for observed years, where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import sql
from analytics.errors import DataError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import LINE_KINDS, PovertyLine, check_year, resolve_line
from analytics.welfare.source import WelfareSource, welfare_source

__all__ = ["MIN_SURVEY_BELOW", "MODEL_LINE_SENTENCE", "WelfareRequest", "model_tail_sentence", "welfare_request"]

#: Why a model year cannot answer for a line it was not estimated for.
MODEL_LINE_SENTENCE = (
    "Estimasi model (SAE) dihitung untuk garis resmi dan garis ekstrem tahun itu; garis lain memerlukan "
    "model baru. Pilih garis resmi atau ekstrem."
)


#: Survey households below a line that a model estimate for that line must rest on.
MIN_SURVEY_BELOW = 5


def model_tail_sentence(year: int, line: PovertyLine, below: int) -> str:
    """Why a model year refuses ``line``: its survey sample holds ``below`` households under it."""
    what = "garis kemiskinan ekstrem" if line.kind == "extreme" else "garis ini"
    advice = (
        " Untuk kemiskinan ekstrem, pakai daftar keluarga miskin ekstrem Dinas Sosial; bila rekapnya dimuat (Model "
        "SAE) sebelum model diterbitkan, jiwa dalam daftar itu dihitung dalam P0, P1 dan P2 garis resmi."
        if line.kind == "extreme"
        else ""
    )
    return (
        f"Estimasi model (SAE) {year} untuk {what} tidak ditampilkan: sampel Susenas {year} hanya memuat "
        f"{below} rumah tangga di bawah garis itu (paling sedikit {MIN_SURVEY_BELOW} diperlukan), sehingga "
        f"angkanya hanya tebakan ekor sebaran model, bukan data.{advice}"
    )


@dataclass(frozen=True)
class WelfareRequest:
    """The resolved year, line, welfare source and poverty rule of one question."""

    year: int
    line: PovertyLine
    source: WelfareSource
    poor_if: str = "lt"
    #: Model years: the survey households below the line (None: not counted).
    survey_below: int | None = None

    @property
    def kind(self) -> str:
        """'observed', 'model' or 'none'."""
        return self.source.kind

    @property
    def line_kind(self) -> str:
        """The stored line a model run answers for: 'official' or 'extreme'; raises for another
        line, and for a line too few survey households lie below (module docstring)."""
        if self.line.kind not in LINE_KINDS:
            raise DataError(MODEL_LINE_SENTENCE)
        if self.survey_below is not None and self.survey_below < MIN_SURVEY_BELOW:
            raise DataError(model_tail_sentence(self.year, self.line, self.survey_below))
        return self.line.kind

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
    below = None
    if source.kind == "model":
        if resolved.kind not in LINE_KINDS:
            resolved = _stored_line_of_amount(con, year, resolved)
        below = survey_households_below(con, year, resolved.amount)
    return WelfareRequest(year=year, line=resolved, source=source, poor_if=poor_if, survey_below=below)


def survey_households_below(con: duckdb.DuckDBPyConnection, year: int, amount: float) -> int:
    """The year's usable survey households (expenditure and a positive weight) below ``amount``."""
    return int(sql.row(con, "welfare/survey_below", {"year": year, "line": float(amount)})[0])


def _stored_line_of_amount(con, year: int, given: PovertyLine) -> PovertyLine:
    for kind in LINE_KINDS:
        try:
            stored = resolve_line(con, year, kind)
        except DataError:
            continue
        if stored.amount == given.amount:
            return stored
    return given
