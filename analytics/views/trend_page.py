"""Tren: P0, P1, P2 over the years beside BPS, what drove the change between two years, and
families' poverty transitions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import summary
from analytics.access.scope import User
from analytics.disclosure import HIDDEN, TRANSITIONS_NOTE, is_marker, protect_trend
from analytics.formats import MISSING, SCALE, bps_scale, number, percent, signed
from analytics.labels import BPS_SCALE_NOTE, LINE_STATUS, WELFARE_SOURCES, is_bps, label, marked, not_bps_note
from analytics.poverty import datt_ravallion, transitions
from analytics.reference import REGION_CODE, REGION_KIND, UNIT
from analytics.views import tables
from analytics.views.protection import (
    NOTE,
    area_figures,
    has_hidden,
    hidden_areas,
    needs_protection,
    protect_transitions,
)
from analytics.views.quote import trend_quote
from analytics.views.selection import Selection, only_inside
from analytics.views.source import Source
from analytics.views.welfare_page import year_source
from analytics.welfare.change import change_interval
from analytics.welfare.measures import area_change, two_year_requests
from analytics.welfare.observed import MODEL_REFUSALS
from analytics.welfare.request import MIN_SURVEY_BELOW
from analytics.welfare.source import NO_WELFARE_SENTENCE

MEASURE_LABELS = {"p0": "P0 (poin persen)", "p1": "P1 (×100)", "p2": "P2 (×100)"}


@dataclass(frozen=True)
class TrendSeries:
    title: str
    caption: str
    # year, p0, p1, p2 shown (None: hidden), line_status, bps_p0..p2 (BPS releases only) and
    # pemkot_p0..p2 (city-government figures BPS has not released), all on the ×100 scale
    series: pd.DataFrame
    city_only_note: str | None
    table: pd.DataFrame
    table_note: str | None
    reference_note: str | None = None  # which city figures are not BPS releases (marked †), and their source
    quote: str | None = None  # which city figure to quote for the sidebar's year (analytics.views.quote)


@dataclass(frozen=True)
class ChangePage:
    """How the city's P0, P1, P2 changed between two years, by cause and by area."""

    line_note: str | None
    datt_ravallion: pd.DataFrame
    datt_ravallion_note: str | None
    level: str
    contributions: pd.DataFrame  # nama, within_p0, shift_p0 in points (None: hidden)
    city_caption: str
    hidden_bars_note: str | None
    transitions: pd.DataFrame
    transitions_caption: str
    transitions_note: str | None
    unavailable: str | None = None  # why nothing of the change can be shown for these years
    datt_ravallion_unavailable: str | None = None  # why the growth-redistribution split is not shown
    transitions_unavailable: str | None = None  # why the families' transitions are not shown


def trend(source: Source, selection: Selection, user: User | None) -> TrendSeries:
    """The series of the chosen area on the chosen kind of line, with the BPS series beside."""
    series = source.get(summary.fgt_trend, selection.line, selection.area)
    if needs_protection(user):
        years = [int(y) for y, p in zip(series["year"], series["p0"]) if not pd.isna(p)]
        series = protect_trend(series, {y: area_figures(source, y, selection.line) for y in years}, selection.area)
    if selection.is_amount:
        caption = (
            f"Garis Rp {number(selection.line)} dipakai sama untuk semua tahun (tanpa penyesuaian harga); "
            "deret BPS tidak digambar karena BPS memakai garis tahunannya sendiri."
        )
    else:
        kind = {"official": "resmi", "extreme": "ekstrem"}[selection.line]
        caption = f"Setiap tahun memakai garis {kind} tahunnya sendiri. {BPS_SCALE_NOTE}."
    if (series["welfare"] == "model").any():
        caption += (
            " Tahun dengan estimasi model (SAE) ditampilkan dengan selang 90 % (garis vertikal); dua tahun "
            "yang selangnya bertumpang tindih belum tentu berbeda."
        )
    caption += _refused_years_note(source, series, selection)
    hidden = has_hidden(series, ["poor", "p0", "p1", "p2"])
    chart = _chart_series(series)
    if selection.is_amount or selection.line == "extreme":
        # BPS's figures are at its own yearly official lines: no comparison for one fixed amount,
        # nor for the extreme line.
        chart[[f"{kind}_{m}" for kind in ("bps", "pemkot") for m in ("p0", "p1", "p2")]] = float("nan")
    years = f"{int(series['year'].min())}–{int(series['year'].max())}" if len(series) else ""
    return TrendSeries(
        title=f"Tren kemiskinan {selection.area_name} {years}".strip(),
        caption=caption,
        series=chart,
        city_only_note=None
        if selection.area == REGION_CODE
        else (
            f"BPS hanya merilis angka tingkat {REGION_KIND}; untuk kecamatan dan {UNIT} hanya data "
            "register yang tampil."
        ),
        table=_trend_table(series),
        table_note=f"{NOTE} P0, P1 dan P2 tahun yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x."
        if hidden
        else None,
        # BPS's figures are drawn only on its own official line.
        reference_note=None
        if selection.is_amount or selection.line == "extreme"
        else not_bps_note(_not_bps_entries(series)),
        quote=trend_quote(chart) if selection.area == REGION_CODE and not selection.is_amount else None,
    )


def _refused_years_note(source: Source, series: pd.DataFrame, selection: Selection) -> str:
    """Which model years are left out of the line because the model cannot answer for it."""
    if selection.is_amount:
        return ""
    refused = [
        int(y)
        for y, p0 in zip(series["year"], series["p0"], strict=True)
        if pd.isna(p0) and source.get(summary.model_refusal, int(y), selection.line)
    ]
    if not refused:
        return ""
    kind = "ekstrem" if selection.line == "extreme" else "ini"
    return (
        f" Tahun {', '.join(map(str, refused))} tidak digambar: sampel Susenas tahun itu memuat kurang dari "
        f"{MIN_SURVEY_BELOW} rumah tangga di bawah garis {kind}, sehingga estimasi model (SAE) hanya tebakan ekor "
        "sebarannya."
        + (" Untuk kemiskinan ekstrem, pakai daftar keluarga miskin ekstrem Dinas Sosial." if kind == "ekstrem" else "")
    )


def _not_bps_entries(series: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(what, kind, source) of every published figure in the series that is not a BPS release."""
    entries = []
    for measure, name in (("p0", "P0"), ("p1", "P1"), ("p2", "P2"), ("poor", "Penduduk miskin")):
        for year, value, kind, source in zip(
            series["year"], series[f"bps_{measure}"], series[f"bps_{measure}_kind"], series[f"bps_{measure}_source"]
        ):
            if not pd.isna(value):
                entries.append((f"{name} {int(year)}", kind, source))
    return entries


def _chart_series(series: pd.DataFrame) -> pd.DataFrame:
    out = series[["year", "line_status", "welfare"]].copy()
    for m in ("p0", "p1", "p2"):
        # A hidden year is left out of the line: its height would give the hidden count back.
        out[m] = [None if is_marker(v) or pd.isna(v) else float(v) * SCALE for v in series[m]]
        # Two series: a Pemkot figure is drawn apart, never as a point of BPS's line.
        release = series[f"bps_{m}_kind"].map(is_bps).astype(bool)
        out[f"bps_{m}"] = (series[f"bps_{m}"] * SCALE).where(release)
        out[f"pemkot_{m}"] = (series[f"bps_{m}"] * SCALE).where(~release)
        for bound in ("lower", "upper"):
            out[f"{bound}_{m}"] = pd.to_numeric(series[f"{bound}_{m}"], errors="coerce") * SCALE
    return out.reset_index(drop=True)


def _source_of(series: pd.DataFrame) -> pd.Series:
    """Each year's source: observed, model, or none (a year BPS published but without a money measure)."""
    return series["welfare"].map(lambda w: label(WELFARE_SOURCES, w) if isinstance(w, str) else "–")


#: The Tren table's column of P0's change from the year above it.
CHANGE_COLUMN = "Perubahan P0 (poin; selang 90 %)"


def _p0_changes(series: pd.DataFrame) -> list[str]:
    """P0's change from the year above in the table, in percentage points; where either year is
    a model estimate, with the 90 % interval of the change, which holds both years' errors
    (:mod:`analytics.welfare.change`): a change whose interval holds 0 is not a sure one."""
    rows = series.reset_index(drop=True)
    out = [MISSING]
    for i in range(1, len(rows)):
        now, before = rows.loc[i], rows.loc[i - 1]
        if is_marker(now["p0"]) or is_marker(before["p0"]):
            out.append(HIDDEN)  # with one year shown, the change gives the other back
            continue
        bounds = [pd.to_numeric(r.get(f"{b}_p0"), errors="coerce") for r in (now, before) for b in ("lower", "upper")]
        low, high = change_interval(now["p0"], before["p0"], *bounds)
        text = signed((float(now["p0"]) - float(before["p0"])) * 100, 2)
        out.append(text if pd.isna(low) else f"{text} ({signed(low * 100, 2)} s.d. {signed(high * 100, 2)})")
    return out


def _trend_table(series: pd.DataFrame) -> pd.DataFrame:
    def published(measure, fmt):
        """The published figures, those that are not BPS releases marked †."""
        values, kinds = series[f"bps_{measure}"], series[f"bps_{measure}_kind"]
        return [MISSING if pd.isna(v) else marked(fmt(v), k) for v, k in zip(values, kinds)]

    return pd.DataFrame(
        {
            "Tahun": series["year"].astype(str),
            "P0 register": tables.shares(series["p0"], percent),
            "P0 BPS": published("p0", percent),
            "P1 register": tables.shares(series["p1"], bps_scale),
            "P1 BPS": published("p1", bps_scale),
            "P2 register": tables.shares(series["p2"], lambda v: bps_scale(v, 3)),
            "P2 BPS": published("p2", lambda v: bps_scale(v, 3)),
            "Miskin register": tables.counts(series["poor"]),
            "Miskin BPS": published("poor", number),
            "Garis": series["line_status"].map(lambda s: label(LINE_STATUS, s)),
            "Sumber": _source_of(series),
            "P0 selang 90 %": tables.intervals(series, "p0", lambda v: number(v * 100, 2)),
            CHANGE_COLUMN: _p0_changes(series),
            "P2 selang 90 %": tables.intervals(series, "p2", lambda v: number(v * 100, 3)),
        }
    )


def changes(
    source: Source, selection: Selection, year_start: int, year_end: int, level: str, user: User | None
) -> ChangePage:
    """The change between two years: Datt–Ravallion (city), each area's contribution to the
    city's P0 change, and the families' transitions; each year on its own line of the kind.

    The same doors as the commands (:mod:`analytics.welfare.measures`): the contributions come
    from observed families or from the model's kelurahan estimates; Datt–Ravallion and the
    transitions need observed expenditure in both years and say why otherwise; a year without
    any money measure shows nothing but its reason."""
    kind = selection.line_kind
    kinds = {y: year_source(source, y).kind for y in (year_start, year_end)}
    if "none" in kinds.values():
        return _unavailable(level, [y for y, k in kinds.items() if k == "none"])
    observed = set(kinds.values()) == {"observed"}
    model_years = " dan ".join(str(y) for y, k in kinds.items() if k == "model")
    hidden_start = hidden_areas(source, year_start, kind, user)
    hidden_end = hidden_areas(source, year_end, kind, user)
    decomposition = source.get(_area_change, year_start, year_end, level, kind)
    contributions = decomposition.table
    if selection.within is not None and level == "kelurahan":
        contributions = only_inside(contributions, selection.within)
    city_hidden = REGION_CODE in (hidden_start | hidden_end)
    dr, dr_unavailable = pd.DataFrame(), MODEL_REFUSALS["datt_ravallion"].format(years=model_years)
    moves, moves_unavailable = (
        pd.DataFrame(columns=["kode", "nama"]),
        MODEL_REFUSALS["transitions"].format(years=model_years),
    )
    if observed:
        table = source.get(datt_ravallion.datt_ravallion, year_start, year_end, line=kind).table.set_index("measure")
        dr, dr_unavailable = _datt_ravallion_table(table, year_start, year_end, hidden_start, hidden_end), None
        moves = source.get(transitions.transitions, year_start, year_end, level, selection.line)
        moves = protect_transitions(source, moves, user, year_start, year_end, selection.line)
        if selection.within is not None and level == "kelurahan":
            moves = only_inside(moves, selection.within)
        moves_unavailable = None
    return ChangePage(
        line_note="Dekomposisi membandingkan tiap tahun dengan garis resminya sendiri (garis pilihan tidak dipakai)."
        if selection.is_amount
        else None,
        datt_ravallion=dr,
        datt_ravallion_note=f"{NOTE} Angka {REGION_KIND} disembunyikan karena jumlah penduduk miskinnya kurang dari 10."
        if city_hidden and observed
        else None,
        level=level,
        contributions=_contributions(contributions, hidden_start | hidden_end),
        city_caption=_city_caption(decomposition.city["p0"], year_start, year_end, hidden_start, hidden_end)
        + ("" if observed else MODEL_CHANGE_NOTE),
        hidden_bars_note=(
            "Batang wilayah yang jumlah penduduk miskinnya disembunyikan (<10 atau x) pada salah satu tahun tidak "
            "ditampilkan."
        )
        if contributions["kode"].isin(hidden_start | hidden_end).any()
        else None,
        transitions=_transitions_table(moves, year_start, year_end) if observed else pd.DataFrame(),
        transitions_caption=f"Keluarga yang sama di {year_start} dan {year_end} "
        "(analytics.poverty.transitions.transitions).",
        transitions_note=TRANSITIONS_NOTE
        if observed and has_hidden(moves, [c for c in moves.columns if c not in ("kode", "nama")])
        else None,
        datt_ravallion_unavailable=dr_unavailable,
        transitions_unavailable=moves_unavailable,
    )


def _area_change(con, year_start: int, year_end: int, level: str, kind: str):
    """Each area's contribution through the welfare layer (observed families or model estimates)."""
    start, end = two_year_requests(con, year_start, year_end, kind)
    return area_change(con, start, end, level)


#: Under the contributions of a model year: what the bars are and what they are not.
MODEL_CHANGE_NOTE = (
    " Sumbangan dihitung dari estimasi model (SAE) tiap wilayah pada kedua tahun; perubahan yang lebih kecil "
    "dari selang 90 % estimasinya belum tentu nyata."
)


def _unavailable(level: str, years: list[int]) -> ChangePage:
    empty = pd.DataFrame()
    text = f"Tahun {' dan '.join(str(y) for y in years)}: {NO_WELFARE_SENTENCE}"
    return ChangePage(None, empty, None, level, empty, "", None, empty, "", None, unavailable=text)


def _shown(text: str, hide: bool) -> str:
    return HIDDEN if hide else text


def _datt_ravallion_table(dr: pd.DataFrame, year_start, year_end, hidden_start, hidden_end) -> pd.DataFrame:
    start_hidden, end_hidden = REGION_CODE in hidden_start, REGION_CODE in hidden_end
    city_hidden = start_hidden or end_hidden
    return pd.DataFrame(
        {
            "Ukuran": [MEASURE_LABELS[m] for m in dr.index],
            f"{year_start}": [_shown(number(v * SCALE, 3), start_hidden) for v in dr["start"]],
            f"{year_end}": [_shown(number(v * SCALE, 3), end_hidden) for v in dr["end"]],
            "Perubahan": [_shown(signed(v * SCALE, 3), city_hidden) for v in dr["change"]],
            "Karena pertumbuhan": [_shown(signed(v * SCALE, 3), city_hidden) for v in dr["growth"]],
            "Karena redistribusi": [_shown(signed(v * SCALE, 3), city_hidden) for v in dr["redistribution"]],
        }
    )


def _contributions(table: pd.DataFrame, hidden: set) -> pd.DataFrame:
    """nama and the two parts of each area's contribution in percentage points; an area hidden
    in either year has none (a bar gives its change in P0, hence one year's P0 from the other)."""
    out = table[["kode", "nama"]].copy()
    keep = ~table["kode"].isin(hidden)
    for column in ("within_p0", "shift_p0"):
        out[column] = (table[column] * SCALE).where(keep)
    return out.reset_index(drop=True)


def _city_caption(city: dict, year_start, year_end, hidden_start, hidden_end) -> str:
    start_hidden, end_hidden = REGION_CODE in hidden_start, REGION_CODE in hidden_end
    return (
        f"P0 {REGION_KIND} {_shown(percent(city['start']), start_hidden)} ({year_start}) → "
        f"{_shown(percent(city['end']), end_hidden)} ({year_end}), perubahan "
        f"{_shown(signed(city['change'] * SCALE), start_hidden or end_hidden)} poin persen = jumlah sumbangan "
        "semua wilayah (analytics.poverty.change_by_area)."
    )


def _transitions_table(moves: pd.DataFrame, year_start: int, year_end: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Wilayah": moves["nama"],
            "Tetap miskin": tables.counts(moves["stayed_poor"]),
            "Keluar dari kemiskinan": tables.counts(moves["left_poverty"]),
            "Masuk kemiskinan": tables.counts(moves["entered_poverty"]),
            "Tetap tidak miskin": tables.counts(moves["stayed_out"]),
            f"Hanya ada {year_start}": tables.counts(moves["only_in_from"]),
            f"Hanya ada {year_end}": tables.counts(moves["only_in_to"]),
        }
    )
