"""The protected figures as the pages use them, for a role without household access.

Roles with household access (analis, verifikator, admin) see every count; the others
(pimpinan) see counts of fewer than 10 as ``<10`` with the cells that would reveal them hidden
as ``x``. Every page takes those cells from the one protected model of a year and line
(:func:`analytics.disclosure.protected_area_figures`), which the briefing pack uses too, so a
cell is hidden alike on every page and in the pack (a table hidden on its own could be undone
with another page's kecamatan total).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analytics import disclosure
from analytics.access.scope import User, can_see_households
from analytics.disclosure import THRESHOLD, is_marker, is_small, small_marker
from analytics.errors import DataError
from analytics.formats import MISSING, is_missing, number
from analytics.views.source import Source

NOTE = disclosure.SUPPRESSION_NOTE


def needs_protection(user: User | None) -> bool:
    """True when ``user`` sees protected aggregates (no household access)."""
    return not can_see_households(user)


def count_text(value, user: User | None) -> str:
    """A single count for a metric or a sentence: ``<10`` for 1-9 when ``user`` needs protection.

    Strings already suppressed (``<10``, ``x``) pass through.

    >>> count_text(7, User("p", "pimpinan")), count_text(7, User("a", "analis")), count_text("x", None)
    ('<10', '7', 'x')
    """
    if isinstance(value, str):
        return value
    if is_missing(value):
        return MISSING
    if needs_protection(user) and is_small(value):
        return small_marker(THRESHOLD)
    return number(value)


def has_hidden(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bool:
    """True when any cell of ``columns`` (default: all) is suppressed: then show :data:`NOTE`."""
    columns = list(frame.columns) if columns is None else list(columns)
    return any(is_marker(v) for c in columns for v in frame[c])


def area_figures(source: Source, year: int, line) -> pd.DataFrame | None:
    """The protected figures of every area for ``year`` and ``line``; None when the year has
    no such line."""
    try:
        return source.get(disclosure.protected_area_figures, year, line)
    except DataError:
        return None


def protect_areas(
    source: Source,
    frame: pd.DataFrame,
    user: User | None,
    year: int,
    line,
    columns: Mapping[str, str] | Sequence[str],
    key: str = "kode",
) -> pd.DataFrame:
    """``frame`` unchanged for household roles; else its ``columns`` (frame column -> column of
    :func:`area_figures`, or the same names) replaced by the protected cells of the same area."""
    if not needs_protection(user):
        return frame
    mapping = dict(columns) if isinstance(columns, Mapping) else {c: c for c in columns}
    figures = area_figures(source, year, line)
    if figures is None:
        raise DataError(f"tidak ada angka wilayah untuk tahun {year}")
    cells = figures.set_index("kode")
    out = frame.copy()
    for column, name in mapping.items():
        out[column] = out[key].map(cells[name]).astype(object)
    return out


def area_cells(source: Source, user: User | None, year: int, line, area: str, names: Sequence[str]) -> dict | None:
    """The protected cells ``names`` of one area for a protected role; None for household roles."""
    if not needs_protection(user):
        return None
    row = area_figures(source, year, line).set_index("kode").loc[area]
    return {name: row[name] for name in names}


def hidden_areas(source: Source, year: int | None, line, user: User | None) -> set[str]:
    """Codes of the areas whose poor count or P0 is hidden for ``user`` in ``year`` (empty for
    household roles): figures derived from their P0 (changes, decompositions) go with them."""
    if year is None or not needs_protection(user):
        return set()
    figures = area_figures(source, year, line)
    if figures is None:
        return set()
    mask = figures["poor"].map(is_marker) | figures["p0"].map(is_marker)
    return set(figures.loc[mask, "kode"])


def protect_transitions(source: Source, moves: pd.DataFrame, user: User | None, year_from, year_to, line):
    """Transitions with small family counts hidden, jointly over both lines and every pair of
    years (:func:`analytics.disclosure.protected_transition_tables`)."""
    if not needs_protection(user):
        return moves
    tables = source.get(disclosure.protected_transition_tables)
    key = (year_from, year_to, line)
    if key not in tables:
        raise DataError(f"tidak ada transisi keluarga untuk {year_from}–{year_to}")
    cells = tables[key].set_index("kode")
    out = moves.copy()
    for column in disclosure.TRANSITION_COUNTS:
        out[column] = out["kode"].map(cells[column]).astype(object)
    return out


def protect_programs(source: Source, frame: pd.DataFrame, user: User | None, year: int, line) -> pd.DataFrame:
    """The city's coverage per program (poor families) as the briefing pack shows it to a
    pimpinan: small counts and every cell of the row that would give them back hidden."""
    if not needs_protection(user):
        return frame
    return disclosure.protect_programs(frame, area_figures(source, year, line))


def not_eligible_where_shown(frame: pd.DataFrame, user: User | None) -> pd.DataFrame:
    """Coverage rows with ``recipients_not_eligible`` (recipients - covered eligible) shown to
    a protected role only where both figures it is the difference of are shown."""
    if not needs_protection(user):
        return frame
    return disclosure.not_eligible_where_shown(frame)
