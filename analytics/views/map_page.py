"""Peta: one indicator per kelurahan, the poor families no program reaches, and a kelurahan's
profile.

For a role without household access the counts and the shares that give them back come from
the protected figures: a hidden kelurahan is grey and its tooltip reads ``<10`` or ``x``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics import mpi, segments, summary
from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.formats import bps_scale, number, percent
from analytics.labels import BPS_SCALE_NOTE, line_text
from analytics.poverty.area import fgt_by_area
from analytics.poverty.lines import resolve_line
from analytics.programs.coverage import coverage, uncovered_eligible
from analytics.views.protection import NOTE, area_cells, area_figures, needs_protection
from analytics.views.selection import Selection, kelurahan_names
from analytics.views.source import Source


@dataclass(frozen=True)
class Indicator:
    label: str
    source: str
    fmt: Callable[[float], str]


INDICATORS = {
    "p0": Indicator("P0 — tingkat kemiskinan (%)", "fgt_by_area", lambda v: percent(v)),
    "p1": Indicator("P1 — kedalaman (skala BPS ×100)", "fgt_by_area", lambda v: bps_scale(v)),
    "p2": Indicator("P2 — keparahan (skala BPS ×100)", "fgt_by_area", lambda v: bps_scale(v, 3)),
    "poor": Indicator("Penduduk miskin (jiwa)", "fgt_by_area", number),
    "exclusion_error": Indicator(
        "Kesenjangan cakupan: keluarga miskin tanpa program (%)", "programs.coverage.coverage", lambda v: percent(v, 1)
    ),
    "M0": Indicator("M0 — kemiskinan multidimensi (Alkire-Foster)", "mpi.alkire_foster", lambda v: number(v, 3)),
}
#: Indicators that are a count, or a share that gives a count back: protected for a pimpinan.
#: (M0 is an index over several deprivations; it gives no count back.)
PROTECTED_INDICATORS = ("p0", "p1", "p2", "poor", "exclusion_error")
SCHEMATIC_WARNING = (
    "Peta skematis: bentuk kelurahan disusun dari titik pusat dan luas wilayahnya, bukan batas resmi. "
    "Atur KEMISKINAN_BOUNDARY_FILE untuk memakai berkas batas resmi."
)


@dataclass(frozen=True)
class ProfileMetric:
    label: str
    value: str


@dataclass(frozen=True)
class Profile:
    kode: str
    metrics: list[ProfileMetric]
    caption: str


def caption(source: Source, selection: Selection) -> str:
    return f"{line_text(source.get(resolve_line, selection.year, selection.line))}. {BPS_SCALE_NOTE}."


def indicator_values(source: Source, year: int, line, indicator: str, protected: bool) -> pd.DataFrame:
    """kode, nama, value of one indicator for every kelurahan, and ``text``: what the tooltip
    shows (the formatted value, '–', or the text of a suppressed cell with an empty value)."""
    if indicator in ("p0", "p1", "p2", "poor"):
        frame = source.get(fgt_by_area, year, by="kelurahan", line=line)
    elif indicator == "exclusion_error":
        frame = source.get(coverage, year, "kelurahan", "any", "poor", line)
    else:
        frame = source.get(mpi.alkire_foster, year, "kelurahan", 1 / 3)
    values = frame[["kode", "nama", indicator]].rename(columns={indicator: "value"})
    values["value"] = values["value"].astype(float)
    shown = pd.Series([None] * len(values), index=values.index, dtype=object)
    if protected and indicator in PROTECTED_INDICATORS:
        cells = values["kode"].map(area_figures(source, year, line).set_index("kode")[indicator])
        shown = cells.map(lambda v: v if is_marker(v) else None)
        values["value"] = values["value"].where(shown.isna())
    fmt = INDICATORS[indicator].fmt
    values["text"] = [
        s if isinstance(s, str) else "–" if pd.isna(v) else fmt(v) for s, v in zip(shown, values["value"], strict=True)
    ]
    return values


@dataclass(frozen=True)
class UncoveredPoints:
    """The poor families no program reaches, those with valid coordinates, and the caption."""

    families: pd.DataFrame
    located: pd.DataFrame
    caption: str


def uncovered_points(source: Source, selection: Selection, user: User) -> UncoveredPoints:
    """The poor families no program reaches (a verifikator's request for the city is narrowed
    to its kelurahan by the query) and those of them with valid coordinates."""
    uncovered = source.get(uncovered_eligible, selection.year, "poor", selection.line, user=user)
    located = uncovered[uncovered["coord_status"] == "ok"]
    where = f" di {kelurahan_names()[user.kelurahan]}" if user.kelurahan else ""
    caption = (
        f"Titik/heksagon: {number(len(located))} dari {number(len(uncovered))} keluarga miskin tanpa program{where} "
        "yang koordinatnya valid (programs.coverage.uncovered_eligible). Klik kelurahan untuk membuka profilnya."
    )
    return UncoveredPoints(uncovered, located, caption)


def profile(source: Source, selection: Selection, kode: str, user: User | None) -> Profile:
    """One kelurahan's figures: P0 to P2, poor persons, uncovered poor families, M0, segments."""
    year, line = selection.year, selection.line
    head = source.get(summary.headline, year, line, kode).table.set_index("indicator")["value"]
    cov = source.get(coverage, year, "kelurahan", "any", "poor", line).set_index("kode").loc[kode]
    m0 = source.get(mpi.alkire_foster, year, "kelurahan", 1 / 3).set_index("kode").loc[kode, "M0"]
    seg = source.get(segments.segments, year, "kelurahan", line)
    seg = seg[seg["kode"] == kode].set_index("segment")["families"]
    shown = {
        "p0": head["p0"], "p1": head["p1"], "p2": head["p2"], "poor": head["poor"],
        "uncovered": cov["eligible_families"] - cov["covered_eligible"], "coverage": cov["coverage"],
        "empower_families": int(seg.get("empower", 0)), "assist_families": int(seg.get("assist", 0)),
    }  # fmt: skip
    # For a pimpinan the same protected cells as on Ringkasan and in the briefing pack.
    shown = area_cells(source, user, year, line, kode, list(shown)) or shown

    def show(name, fmt):
        return shown[name] if is_marker(shown[name]) else fmt(shown[name])

    metrics = [
        ProfileMetric("P0", show("p0", percent)),
        ProfileMetric("P1 (×100)", show("p1", bps_scale)),
        ProfileMetric("P2 (×100)", show("p2", lambda v: bps_scale(v, 3))),
        ProfileMetric("Penduduk miskin", show("poor", number)),
        ProfileMetric("Keluarga miskin tanpa program", show("uncovered", number)),
        ProfileMetric("M0", number(m0, 3)),
    ]
    text = (
        f"{kelurahan_names()[kode]}: cakupan program bagi keluarga miskin {show('coverage', lambda v: percent(v, 1))}; "
        f"keluarga miskin yang dapat diberdayakan {show('empower_families', number)}, "
        f"yang perlu dibantu {show('assist_families', number)}. "
        "Sumber: analytics.summary.headline, programs.coverage.coverage, segments.segments, mpi.alkire_foster."
        + (f" {NOTE}" if needs_protection(user) else "")
    )
    return Profile(kode, metrics, text)
