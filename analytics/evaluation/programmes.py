"""Chapter 5, Program: relevance and effectiveness of each programme, and who it misses.

Relevance asks whether a programme's recipients are the right families: the share of them in
desil 1-4 and the share among the (expected) poor. Effectiveness asks whether it reaches the
poor: the share of poor families it covers (coverage; 1 - exclusion error). The tables are the
briefing pack's own (:mod:`analytics.report.tables`), protected the same way for a pimpinan, so
the review, the pack and Cakupan Program say the same number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.access.scope import User
from analytics.disclosure import HIDDEN, is_marker, is_small
from analytics.errors import DataError
from analytics.evaluation.budget import HOW_TO, cost_table
from analytics.evaluation.chapter import TITLES, Chapter, Chart, Series
from analytics.formats import number, percent
from analytics.programs.coverage import coverage
from analytics.report.tables import Table, coverage_area_table, coverage_program_table, table
from analytics.views.protection import area_figures, needs_protection
from analytics.views.source import Source

DESIL_COLUMN = "Penerima di desil 1–4 (%)"
POOR_SHARE_COLUMN = "Penerima yang miskin (%)"


def protected_figures(source: Source, year: int, line, user: User | None) -> pd.DataFrame | None:
    """The protected figures for a role that needs them (never None then: an unprotected table
    must not stand in for them), None for a household role."""
    if not needs_protection(user):
        return None
    figures = area_figures(source, year, line)
    if figures is None:
        raise DataError(f"tidak ada angka wilayah yang dilindungi untuk tahun {year}")
    return figures


def desil_relevance(source: Source, year: int, user: User | None) -> pd.Series:
    """Per programme (in the pack's order, then 'any'): the share of recipients in desil 1-4.

    For a protected role a share is hidden when its recipients outside desil 1-4, or inside,
    number 1 to 9 (the share and the recipient count would give them back)."""
    frame = source.get(coverage, year, "kota", "all", "desil<=4")
    share = 1 - frame["inclusion_error"]
    if needs_protection(user):
        outside = frame["recipients_not_eligible"]
        inside = frame["recipients"] - outside
        small = outside.map(is_small) | inside.map(is_small) | frame["recipients"].map(is_small)
        share = share.astype(object).where(~small, HIDDEN)
    return pd.Series(share.to_numpy(), index=frame["program"])


def _program_table(source: Source, year: int, line, user: User | None) -> Table:
    base = coverage_program_table(source.cursor(), year, line, protected_figures(source, year, line, user))
    frame = base.frame.copy()
    relevance = desil_relevance(source, year, user)
    # Keyed by programme: the pack's rows carry its labels, coverage() the programme keys.
    keys = _program_keys(source, year, line)
    frame.insert(len(frame.columns), DESIL_COLUMN, [_percent(relevance[k]) for k in keys])
    inclusion = frame["Galat inklusi (%)"]
    frame.insert(len(frame.columns), POOR_SHARE_COLUMN, [v if is_marker(v) else 100 - v for v in inclusion])
    kinds = base.kinds | {DESIL_COLUMN: "share", POOR_SHARE_COLUMN: "share"}
    note = (
        f"{base.note} Relevansi: {POOR_SHARE_COLUMN.lower()} dan {DESIL_COLUMN.lower()}. "
        "Efektivitas: cakupan keluarga miskin."
    )
    return table(base.sheet, base.title, frame, kinds, note, base.counts)


def _program_keys(source: Source, year: int, line) -> pd.Series:
    """The programme key of each row of the pack's programme table (its rows carry labels)."""
    return source.get(coverage, year, "kota", "all", "poor", line)["program"]


def _percent(value):
    return value if is_marker(value) or pd.isna(value) else float(value) * 100


def programmes_chapter(
    source: Source, year: int, line, user: User | None, budget: pd.DataFrame | None = None
) -> Chapter:
    """Chapter 5: per programme, then per kelurahan, and with a budget file the cost per family;
    the chart of coverage by programme."""
    programs = _program_table(source, year, line, user)
    areas = coverage_area_table(source.cursor(), year, line, protected_figures(source, year, line, user))
    tables, notes = [programs, areas], []
    if budget is None:
        notes.append(HOW_TO)
    else:
        keys = _program_keys(source, year, line)
        try:
            tables.append(cost_table(programs.frame, keys, budget, year))
        except DataError as exc:
            notes.append(exc.message)
    frame = programs.frame
    chart = Chart(
        kind="barh",
        title=f"Efektivitas dan relevansi program, {year}",
        frame=pd.DataFrame(
            {
                "program": frame["Program"],
                "coverage": [np.nan if is_marker(v) else v for v in frame["Cakupan (%)"]],
                "poor_share": [np.nan if is_marker(v) else v for v in frame[POOR_SHARE_COLUMN]],
            }
        ),
        x="program",
        series=(Series("coverage", "Cakupan keluarga miskin (%)"), Series("poor_share", POOR_SHARE_COLUMN)),
        y_title="%",
        decimals=1,
    )
    return Chapter(5, TITLES[4], _sentences(frame, year), tables, chart, notes)


def _sentences(frame: pd.DataFrame, year: int) -> list[str]:
    rows = frame.set_index("Program")
    out = []
    any_row = rows.iloc[-1]  # the 'any programme' row closes the pack's table
    if not is_marker(any_row["Cakupan (%)"]) and not pd.isna(any_row["Cakupan (%)"]):
        sentence = (
            f"Pada {year}, {percent(any_row['Cakupan (%)'] / 100, 1)} keluarga miskin menerima sedikitnya satu program"
        )
        missed = _count(any_row["Keluarga miskin"], any_row["Keluarga miskin penerima"])
        out.append(
            f"{sentence}; {missed} keluarga miskin belum menerima program apa pun." if missed else f"{sentence}."
        )
    programmes = rows.iloc[:-1]
    shown = programmes[programmes["Cakupan (%)"].map(lambda v: not is_marker(v) and not pd.isna(v))]
    if not shown.empty:
        best = shown["Cakupan (%)"].astype(float).idxmax()
        out.append(f"Cakupan tertinggi: {best} ({percent(shown.loc[best, 'Cakupan (%)'] / 100, 1)} keluarga miskin).")
        relevant = shown[shown[POOR_SHARE_COLUMN].map(lambda v: not is_marker(v) and not pd.isna(v))]
        if not relevant.empty:
            low = relevant[POOR_SHARE_COLUMN].astype(float).idxmin()
            out.append(
                f"Relevansi terendah: hanya {percent(relevant.loc[low, POOR_SHARE_COLUMN] / 100, 1)} penerima {low} "
                "yang miskin."
            )
    return out


def _count(total, covered) -> str | None:
    """The poor families without any programme, None when either count is hidden."""
    if is_marker(total) or is_marker(covered):
        return None
    return number(float(total) - float(covered))
