"""What a role without household access may see of a count (issue 6).

Roles with household access (analis, verifikator, admin) see every count; the others
(pimpinan) see counts of fewer than 10 as ``<10`` with the cells that would reveal them by
subtraction hidden as ``x``.

The figures of the city, its kecamatan and kelurahan (persons, poor persons, P0 to P2, poor
families with and without a program, segments) come from one protected model per year and
line, :func:`analytics.report.suppression.protected_area_figures`, which the briefing pack
uses too: :func:`protect_areas`, :func:`headline`, :func:`trend` and :func:`narrative` put its
``<10`` and ``x`` in place, so a cell is hidden alike on every page and in the pack (one table
hidden on its own could be undone with another page's kecamatan total).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analytics.access.disclosure import SUPPRESSION_NOTE, small_marker
from analytics.access.scope import User, can_see_households
from analytics.errors import DataError
from analytics.formats import number
from analytics.report.suppression import is_marker, protect_headline, protect_trend
from ui import data

THRESHOLD = 10
NOTE = SUPPRESSION_NOTE


def needs_protection(user: User) -> bool:
    """True when ``user`` sees protected aggregates (no household access)."""
    return not can_see_households(user)


def count_text(value, user: User) -> str:
    """A single count for a metric or a sentence: ``<10`` for 1-9 when ``user`` needs protection.

    Strings already suppressed (``<10``, ``x``) pass through.
    """
    if isinstance(value, str):
        return value
    if pd.isna(value):
        return "–"
    if needs_protection(user) and 1 <= value < THRESHOLD:
        return small_marker(THRESHOLD)
    return number(value)


def hidden(value) -> bool:
    """True for the text of a suppressed cell (``<10`` or ``x``)."""
    return is_marker(value)


def has_hidden(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bool:
    """True when any cell of ``columns`` (default: all) is suppressed: then show :data:`NOTE`."""
    columns = list(frame.columns) if columns is None else list(columns)
    return any(is_marker(v) for c in columns for v in frame[c])


def area_figures(year: int, line) -> pd.DataFrame | None:
    """The protected figures of every area for ``year`` and ``line`` (cached), None when the
    year has no such line."""
    try:
        return data.call("analytics.report.suppression.protected_area_figures", year, line)
    except DataError:
        return None


def protect_areas(
    frame: pd.DataFrame, user: User, year: int, line, columns: Mapping[str, str] | Sequence[str], key: str = "kode"
) -> pd.DataFrame:
    """``frame`` unchanged for household roles; else its ``columns`` (frame column -> column of
    :func:`area_figures`, or the same names) replaced by the protected cells of the same area.

    Columns: population, poor, p0, p1, p2, eligible_families, covered_eligible, uncovered,
    recipients, coverage, exclusion_error, inclusion_error, empower_families,
    assist_families, empower_persons, assist_persons.
    """
    if not needs_protection(user):
        return frame
    mapping = dict(columns) if isinstance(columns, Mapping) else {c: c for c in columns}
    figures = area_figures(year, line)
    if figures is None:
        raise DataError(f"tidak ada angka wilayah untuk tahun {year}")
    source = figures.set_index("kode")
    out = frame.copy()
    for column, name in mapping.items():
        out[column] = out[key].map(source[name]).astype(object)
    return out


def hidden_areas(year: int, line, user: User) -> set[str]:
    """Codes of the areas whose poor count or P0 is hidden for ``user`` in ``year`` (empty for
    household roles): figures derived from their P0 (changes, decompositions) go with them."""
    if not needs_protection(user):
        return set()
    figures = area_figures(year, line)
    if figures is None:
        return set()
    mask = figures["poor"].map(is_marker) | figures["p0"].map(is_marker)
    return set(figures.loc[mask, "kode"])


def headline(year: int, line, area: str, user: User) -> pd.DataFrame:
    """``data.headline`` with counts, P0 to P2 and their changes hidden as in the protected
    figures (unchanged for household roles)."""
    h = data.headline(year, line, area)
    if not needs_protection(user):
        return h
    prev = h.previous_year
    now = area_figures(year, line)
    before = area_figures(prev, line) if prev is not None else None
    extreme_now = now if line == "extreme" else area_figures(year, "extreme")
    extreme_before = None
    if prev is not None:
        extreme_before = before if line == "extreme" else area_figures(prev, "extreme")
    return protect_headline(h, now, before, extreme_now, extreme_before, area)


def narrative(year: int, line, area: str, within: str | None, user: User) -> str:
    """The briefing paragraph; for a pimpinan from the protected headline (``<10 jiwa``)."""
    if not needs_protection(user):
        return data.narrative(year, line, area, within)
    from analytics.narrative import describe_year

    # A kelurahan whose figures are hidden this year or last is not named (highest P2, the
    # largest rise or fall): its name beside a hidden figure would give the figure away.
    hidden_kelurahan = hidden_areas(year, line, user) | hidden_areas(year - 1, line, user)
    change = data.kelurahan_change(year, line, within)
    return describe_year(headline(year, line, area, user), change[~change["kode"].isin(hidden_kelurahan)])


def trend(line, area: str, user: User) -> pd.DataFrame:
    """``data.trend`` with the poor count and P0 to P2 hidden in the years they are hidden."""
    series = data.trend(line, area)
    if not needs_protection(user):
        return series
    years = [int(y) for y, p in zip(series["year"], series["p0"]) if not pd.isna(p)]
    return protect_trend(series, {y: area_figures(y, line) for y in years}, area)


def transitions(year_from: int, year_to: int, by: str, line, user: User) -> pd.DataFrame:
    """``data.transitions`` with small family counts hidden over city, kecamatan and kelurahan."""
    moves = data.transitions(year_from, year_to, by, line)
    if not needs_protection(user):
        return moves
    from analytics.report.suppression import TRANSITION_COUNTS

    protected = data.call("analytics.report.suppression.protected_transitions", year_from, year_to, line)
    source = protected.set_index("kode")
    out = moves.copy()
    for column in TRANSITION_COUNTS:
        out[column] = out["kode"].map(source[column]).astype(object)
    return out


def programs(frame: pd.DataFrame, user: User, year: int, line) -> pd.DataFrame:
    """The city's coverage per program (poor families) as the briefing pack shows it to a
    pimpinan: small counts and every cell of the row that would give them back hidden."""
    if not needs_protection(user):
        return frame
    from analytics.report.data import protect_programs

    return protect_programs(frame, area_figures(year, line))


def not_eligible_where_shown(frame: pd.DataFrame, user: User) -> pd.DataFrame:
    """Coverage rows with ``recipients_not_eligible`` (recipients - covered eligible) shown to
    a protected role only where both figures it is the difference of are shown: the
    suppression keeps a small difference from being shown, so the cell goes with them."""
    if not needs_protection(user):
        return frame
    derived = frame[["recipients", "covered_eligible"]].map(is_marker).any(axis=1)
    return frame.assign(recipients_not_eligible=frame["recipients_not_eligible"].astype(object).where(~derived, "x"))
