"""Peta: one indicator per kelurahan, the poor families no program reaches, and a kelurahan's
profile.

For a role without household access the counts and the shares that give them back come from
the protected figures: a hidden kelurahan is grey and its tooltip reads ``<10`` or ``x``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics import mpi, segments, summary
from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.disclosure.desil import protected_desil
from analytics.formats import bps_scale, number, percent, rupiah
from analytics.labels import BPS_SCALE_NOTE, line_text
from analytics.poverty.lines import resolve_line
from analytics.programs.coverage import coverage, uncovered_eligible
from analytics.reference import UNIT
from analytics.views.protection import NOTE, area_cells, area_figures, count_text, needs_protection
from analytics.views.quote import quote_note
from analytics.views.selection import Selection, kelurahan_names
from analytics.views.source import Source
from analytics.views.tables import reliability
from analytics.views.welfare_page import source_note, year_source
from analytics.welfare.estimates import area_estimates
from analytics.welfare.ranks import desil_shares


@dataclass(frozen=True)
class Indicator:
    label: str
    source: str
    fmt: Callable[[float], str]


INDICATORS = {
    "p0": Indicator("P0 — tingkat kemiskinan (%)", "welfare.estimates.area_estimates", lambda v: percent(v)),
    "p1": Indicator("P1 — kedalaman (skala BPS ×100)", "welfare.estimates.area_estimates", lambda v: bps_scale(v)),
    "p2": Indicator("P2 — keparahan (skala BPS ×100)", "welfare.estimates.area_estimates", lambda v: bps_scale(v, 3)),
    "poor": Indicator("Penduduk miskin (jiwa)", "welfare.estimates.area_estimates", number),
    "exclusion_error": Indicator(
        "Kesenjangan cakupan: keluarga miskin tanpa program (%)", "programs.coverage.coverage", lambda v: percent(v, 1)
    ),
    "M0": Indicator("M0 — kemiskinan multidimensi (Alkire-Foster)", "mpi.alkire_foster", lambda v: number(v, 3)),
    "share_desil_1_4": Indicator(
        "Keluarga desil 1–4 (% keluarga, peringkat PMT)", "welfare.ranks.desil_shares", lambda v: percent(v, 1)
    ),
    "share_desil_1": Indicator(
        "Keluarga desil 1 (% keluarga, peringkat PMT)", "welfare.ranks.desil_shares", lambda v: percent(v, 1)
    ),
}
#: Indicators that need a money measure of welfare (observed expenditure or a model run).
WELFARE_INDICATORS = ("p0", "p1", "p2", "poor", "exclusion_error")
RELIABILITY_OF = {"p0": "p0", "p1": "p1", "p2": "p2", "poor": "p0"}
FADED_LEGEND = "pucat: estimasi tidak andal (CV > 50 %)"
#: Indicators that are a count, or a share that gives a count back: protected for a pimpinan.
#: (M0 is an index over several deprivations; it gives no count back.)
PROTECTED_INDICATORS = ("p0", "p1", "p2", "poor", "exclusion_error")
#: Shares of the ranked families: protected with the none view's desil table (one table per year).
DESIL_INDICATORS = ("share_desil_1_4", "share_desil_1")
SCHEMATIC_WARNING = (
    f"Peta skematis: bentuk {UNIT} disusun dari titik pusat dan luas wilayahnya, bukan batas resmi. "
    "Administrator data dapat memasang berkas batas resmi dari BPS atau Bappeda."
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
    line = line_text(source.get(resolve_line, selection.year, selection.line))
    quote = quote_note(source, selection.year)
    return f"{source_note(source, selection.year)} {line[0].upper()}{line[1:]}. {BPS_SCALE_NOTE}." + (
        f" {quote}" if quote else ""
    )


def indicator_choices(source: Source, year: int) -> list[str]:
    """The indicators the year's data supports: without a money measure, only the rank and M0."""
    if year_source(source, year).kind == "none":
        return [k for k in INDICATORS if k not in WELFARE_INDICATORS]
    return list(INDICATORS)


def indicator_values(source: Source, year: int, line, indicator: str, protected: bool) -> pd.DataFrame:
    """kode, nama, value of one indicator for every kelurahan, and ``text``: what the tooltip
    shows (the formatted value, '–', or the text of a suppressed cell with an empty value)."""
    if indicator in ("p0", "p1", "p2", "poor"):
        frame = source.get(area_estimates, year, by="kelurahan", line=line)
    elif indicator == "exclusion_error":
        frame = source.get(coverage, year, "kelurahan", "any", "poor", line)
    elif indicator.startswith("share_desil"):
        frame = source.get(desil_shares, year, "kelurahan")
    else:
        frame = source.get(mpi.alkire_foster, year, "kelurahan", 1 / 3)
    values = frame[["kode", "nama", indicator]].rename(columns={indicator: "value"})
    values["faded"] = _unreliable(frame, indicator)
    values["value"] = values["value"].astype(float)
    shown = pd.Series([None] * len(values), index=values.index, dtype=object)
    if protected and indicator in PROTECTED_INDICATORS + DESIL_INDICATORS:
        table = source.get(protected_desil, year) if indicator in DESIL_INDICATORS else area_figures(source, year, line)
        cells = values["kode"].map(table.set_index("kode")[indicator])
        shown = cells.map(lambda v: v if is_marker(v) else None)
        values["value"] = values["value"].where(shown.isna())
    fmt = INDICATORS[indicator].fmt
    values["text"] = [
        s if isinstance(s, str) else "–" if pd.isna(v) else fmt(v) for s, v in zip(shown, values["value"], strict=True)
    ]
    if indicator in RELIABILITY_OF and f"lower_{indicator if indicator != 'poor' else 'p0'}" in frame.columns:
        values["text"] = values["text"] + _interval_texts(frame, indicator, fmt)
    return values


def _unreliable(frame: pd.DataFrame, indicator: str) -> pd.Series:
    """True where a model estimate is not reliable by BPS's rule (CV above 50 %)."""
    column = f"reliability_{RELIABILITY_OF.get(indicator, '')}"
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column] == "unreliable"


def _interval_texts(frame: pd.DataFrame, indicator: str, fmt) -> list[str]:
    """' (selang 90 %: a–b; keandalan)' for each kelurahan's model estimate."""
    measure = RELIABILITY_OF[indicator]
    scale = frame["population"].astype(float) if indicator == "poor" else 1.0
    lower, upper = frame[f"lower_{measure}"] * scale, frame[f"upper_{measure}"] * scale
    classes = reliability(frame, measure)  # "· sintetis" for an area without surveyed households
    return [
        "" if pd.isna(lo) else f" (selang 90 %: {fmt(lo)}–{fmt(hi)}; {r})"
        for lo, hi, r in zip(lower, upper, classes, strict=True)
    ]


@dataclass(frozen=True)
class UncoveredPoints:
    """The poor families no program reaches, those with valid coordinates, and the caption."""

    families: pd.DataFrame
    located: pd.DataFrame
    caption: str


#: Whom the map's points show, by the year's welfare source.
UNCOVERED_WHO = {
    "observed": ("poor", "keluarga miskin tanpa program"),
    "model": ("poor", "keluarga yang lebih mungkin miskin daripada tidak (peluang ≥ 50 % menurut model) tanpa program"),
    "none": ("desil<=4", "keluarga desil 1–4 (peringkat PMT) tanpa program"),
}


#: The profile's count of uncovered poor families: a count, or under a model the sum of the
#: families' probabilities (more than the dots, which are the families more likely poor than not).
UNCOVERED_PROFILE = {
    "observed": "Keluarga miskin tanpa program",
    "model": "Perkiraan keluarga miskin tanpa program (model)",
}
MODEL_PROFILE_NOTE = (
    " Perkiraan keluarga miskin tanpa program adalah jumlah peluang miskin semua keluarga tanpa program; titik di "
    "peta hanya keluarga yang peluang miskinnya ≥ 50 % dan koordinatnya valid, sehingga lebih sedikit."
)
UNCOVERED_TITLES = {
    "observed": "Keluarga miskin tanpa program",
    "model": "Keluarga yang kemungkinan miskin (peluang ≥ 50 %) tanpa program",
    "none": "Keluarga desil 1–4 tanpa program",
}


def uncovered_title(source: Source, year: int) -> str:
    """The name of the map's household layer for the year's welfare source."""
    return UNCOVERED_TITLES[year_source(source, year).kind]


def with_point_tooltips(families: pd.DataFrame) -> pd.DataFrame:
    """``families`` with the two fields the map's tooltip reads (``nama``, ``value_text``), so a
    hovered dot names its family, not the kelurahan under it. Register text is HTML-escaped:
    the tooltip is HTML.

    >>> row = pd.DataFrame({"family_id": ["K<1>"], "kelurahan": ["Api-Api"], "size": [4], "desil": [2.0],
    ...                     "probability": [0.734]})
    >>> with_point_tooltips(row)[["nama", "value_text"]].iloc[0].tolist()
    ['Keluarga K&lt;1&gt;', 'Api-Api · 4 jiwa · desil 2 · peluang miskin 73 % · tanpa program']
    """

    def text(row) -> str:
        parts = [html.escape(str(row["kelurahan"])), f"{number(row['size'])} jiwa"]
        if pd.notna(row.get("desil")):
            parts.append(f"desil {int(row['desil'])}")
        if pd.notna(row.get("probability")):
            parts.append(f"peluang miskin {percent(row['probability'], 0)}")
        elif pd.notna(row.get("expenditure_pc")):
            parts.append(f"pengeluaran {rupiah(row['expenditure_pc'])}/kapita")
        return " · ".join([*parts, "tanpa program"])

    out = families.copy()
    out["nama"] = ["Keluarga " + html.escape(str(f)) for f in families["family_id"]]
    out["value_text"] = [text(row) for _, row in families.iterrows()] if len(families) else []
    return out


def uncovered_points(source: Source, selection: Selection, user: User, kelurahan: str | None = None) -> UncoveredPoints:
    """The poor families no program reaches (a verifikator's request for the city is narrowed
    to its kelurahan by the query; ``kelurahan``, the one whose profile the map shows, narrows
    them and the caption's counts too) and those of them with valid coordinates. Under a
    model, those more likely poor than not; without a money measure, desil 1–4."""
    eligible, who = UNCOVERED_WHO[year_source(source, selection.year).kind]
    uncovered = source.get(uncovered_eligible, selection.year, eligible, selection.line, user=user)
    area = kelurahan or user.kelurahan
    if area:
        uncovered = uncovered[uncovered["kode_kelurahan"] == area]
    located = with_point_tooltips(uncovered[uncovered["coord_status"] == "ok"])
    where = f" di {kelurahan_names()[area]}" if area else ""
    caption = (
        f"Titik/heksagon: {number(len(located))} dari {number(len(uncovered))} {who}{where} "
        "yang koordinatnya valid (analytics.programs.coverage.uncovered_eligible). Titik biru: satu keluarga (arahkan "
        "kursor untuk rinciannya); heksagon: banyaknya keluarga di sekitarnya, makin biru tua makin banyak. "
        f"Klik {UNIT} untuk membuka profilnya."
    )
    return UncoveredPoints(uncovered, located, caption)


def _rank_profile(source: Source, selection: Selection, kode: str, user: User | None) -> Profile:
    """A kelurahan's profile in a year without a money measure: the rank, P3KE and M0."""
    row = source.get(desil_shares, selection.year, "kelurahan").set_index("kode").loc[kode]
    m0 = source.get(mpi.alkire_foster, selection.year, "kelurahan", 1 / 3).set_index("kode").loc[kode, "M0"]
    metrics = [
        ProfileMetric("Keluarga", count_text(row["families"], user)),
        ProfileMetric("Desil 1–4 (% keluarga)", percent(row["share_desil_1_4"], 1)),
        ProfileMetric("Desil 1 (% keluarga)", percent(row["share_desil_1"], 1)),
        ProfileMetric("Keluarga P3KE", count_text(row["families_p3ke"], user)),
        ProfileMetric("M0", number(m0, 3)),
    ]
    text = (
        f"{kelurahan_names()[kode]}: tahun {selection.year} tanpa data pengeluaran, jadi hanya peringkat desil "
        "register (proxy-means test) yang ditampilkan. Sumber: analytics.welfare.ranks.desil_shares, "
        "mpi.alkire_foster."
    )
    return Profile(kode, metrics, _with_mpi_note(source, selection.year, text))


def _with_mpi_note(source: Source, year: int, text: str) -> str:
    note = source.get(mpi.year_note, year)
    return f"{text} {note}" if note else text


def profile(source: Source, selection: Selection, kode: str, user: User | None) -> Profile:
    """One kelurahan's figures: P0 to P2, poor persons, uncovered poor families, M0, segments."""
    if year_source(source, selection.year).kind == "none":
        return _rank_profile(source, selection, kode, user)
    year, line = selection.year, selection.line
    welfare = year_source(source, year).kind
    head = source.get(summary.headline, year, line, kode).table.set_index("indicator")["value"]
    cov = source.get(coverage, year, "kelurahan", "any", "poor", line).set_index("kode").loc[kode]
    m0 = source.get(mpi.alkire_foster, year, "kelurahan", 1 / 3).set_index("kode").loc[kode, "M0"]
    seg = source.get(segments.segments, year, "kelurahan", line)
    seg = seg[seg["kode"] == kode].set_index("segment")["families"]
    shown = {
        "p0": head["p0"],
        "p1": head["p1"],
        "p2": head["p2"],
        "poor": head["poor"],
        "uncovered": cov["eligible_families"] - cov["covered_eligible"],
        "coverage": cov["coverage"],
        "empower_families": int(seg.get("empower", 0)),
        "assist_families": int(seg.get("assist", 0)),
    }
    # For a pimpinan the same protected cells as on Ringkasan and in the briefing pack.
    shown = area_cells(source, user, year, line, kode, list(shown)) or shown

    def show(name, fmt):
        return shown[name] if is_marker(shown[name]) else fmt(shown[name])

    metrics = [
        ProfileMetric("P0", show("p0", percent)),
        ProfileMetric("P1 (×100)", show("p1", bps_scale)),
        ProfileMetric("P2 (×100)", show("p2", lambda v: bps_scale(v, 3))),
        ProfileMetric("Penduduk miskin", show("poor", number)),
        ProfileMetric(UNCOVERED_PROFILE[welfare], show("uncovered", number)),
        ProfileMetric("M0", number(m0, 3)),
    ]
    text = (
        f"{kelurahan_names()[kode]}: cakupan program bagi keluarga miskin {show('coverage', lambda v: percent(v, 1))}; "
        f"keluarga miskin yang dapat diberdayakan {show('empower_families', number)}, "
        f"yang perlu dibantu {show('assist_families', number)}. "
        "Sumber: analytics.summary.headline, programs.coverage.coverage, segments.segments, mpi.alkire_foster."
        + (f" {NOTE}" if needs_protection(user) else "")
        + (MODEL_PROFILE_NOTE if welfare == "model" else "")
    )
    return Profile(kode, metrics, _with_mpi_note(source, year, text))
