"""Ringkasan: the year's headline figures with last year and BPS beside, the kecamatan
compared, the kelurahan ranked by severity, and the paragraph for a briefing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics import disclosure, summary
from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.formats import SCALE, bps_scale, delta_tone, number, percent, readable_decimals, rupiah, scaled, signed
from analytics.labels import BPS_SCALE_NOTE, NOT_BPS_MARK, REFERENCE_KINDS, is_bps, line_text, not_bps_note
from analytics.labels import label as label_of
from analytics.narrative import describe_year
from analytics.reference import REGION_CODE, REGION_KIND, REGION_NAME, UNIT, UNIT_TITLE
from analytics.report import MIME_TYPES, REPORT_FORMATS, file_name
from analytics.report.area import pack_area
from analytics.views import tables
from analytics.views.protection import NOTE, area_figures, count_text, has_hidden, hidden_areas, needs_protection
from analytics.views.protection import protect_areas as protect
from analytics.views.quote import quote_note
from analytics.views.selection import Selection, area_name
from analytics.views.source import Source
from analytics.views.welfare_page import METHOD_NOTE
from analytics.welfare.change import change_uncertain

FGT_COLUMNS = ("population", "poor", "p0", "p1", "p2")
MODEL_RANKING_CAPTION = (
    f"Urutan dari estimasi P2 tertinggi (analytics.summary.area_table). {UNIT_TITLE} yang selang 90 %-nya "
    "bertumpang "
    "tindih tidak dapat diurutkan dengan yakin; keandalan menurut CV (BPS: ≤ 25 % andal, 25–50 % hati-hati, "
    "> 50 % tidak andal)."
)
PACK_LABELS = {"pdf": "Unduh PDF", "pptx": "Unduh PowerPoint", "xlsx": "Unduh tabel Excel"}
HIDDEN_ROWS_NOTE = f"{NOTE} P0, P1 dan P2 wilayah yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x."


@dataclass(frozen=True)
class Metric:
    """One headline figure: its value, its change from last year and a caption under it."""

    indicator: str
    label: str
    value: str
    delta: str | None
    caption: str
    since: str | None = None  # 'dari 2024', beside the delta (a full sentence was cut off on screen)
    uncertain: bool = False  # a model change whose previous value lies inside this year's interval

    @property
    def tone(self) -> str:
        """'inverse' or 'off': a change that rounds to zero, or that the interval does not
        support (the paragraph calls it "masih dalam ketidakpastian"), is grey, without an arrow."""
        return "off" if self.uncertain else delta_tone(self.delta)


@dataclass(frozen=True)
class PackFile:
    """One download button of the briefing pack."""

    fmt: str
    label: str
    file_name: str
    mime: str


@dataclass(frozen=True)
class SummaryPage:
    title: str
    caption: str
    metrics: list[Metric]
    note: str | None  # the suppression note when a figure is hidden
    reference_note: str | None  # which figures beside ours are not BPS releases (marked †), and their source
    pack_caption: str
    pack_files: list[PackFile]
    pack_protected: bool  # the pack for a role without household access
    paragraph: str
    kecamatan: pd.DataFrame  # the figures behind the chart: nama, p0, p1, p2 shown (None: hidden)
    kecamatan_table: pd.DataFrame
    kecamatan_note: str | None
    ranking_title: str
    ranking_table: pd.DataFrame
    ranking_note: str | None
    ranking_caption: str = "Urutan dari P2 tertinggi (analytics.summary.area_table)."
    welfare: str = "observed"  # where the figures come from: 'observed' | 'model'
    method_note: str | None = None  # the model's method note, shown under the figures
    quote: str | None = None  # which city figure to quote (analytics.views.quote)


def headline(source: Source, year: int, line, area: str, user: User | None) -> summary.Headline:
    """The area's headline figures; for a protected role with counts, P0 to P2 and their
    changes hidden as in the protected figures."""
    h = source.get(summary.headline, year, line, area)
    if not needs_protection(user):
        return h
    prev = h.previous_year
    now = area_figures(source, year, line)
    before = area_figures(source, prev, line) if prev is not None else None
    extreme_now = now if line == "extreme" else area_figures(source, year, "extreme")
    extreme_before = None
    if prev is not None:
        extreme_before = before if line == "extreme" else area_figures(source, prev, "extreme")
    return disclosure.protect_headline(h, now, before, extreme_now, extreme_before, area)


def narrative(source: Source, selection: Selection, user: User | None) -> str:
    """The briefing paragraph; for a protected role from the protected headline (``<10 jiwa``)."""
    h = headline(source, selection.year, selection.line, selection.area, user)
    change = source.get(summary.kelurahan_change, selection.year, selection.line, selection.within)
    # A kelurahan whose figures are hidden this year or last is not named (highest P2, the
    # largest rise or fall): its name beside a hidden figure would give the figure away.
    hidden = hidden_areas(source, selection.year, selection.line, user)
    hidden |= hidden_areas(source, h.previous_year, selection.line, user)
    return describe_year(h, change[~change["kode"].isin(hidden)])


_METRICS: tuple[tuple[str, str, Callable, Callable], ...] = (
    ("p0", "P0 — tingkat kemiskinan", percent, lambda d: f"{signed(d * SCALE)} poin"),
    ("p1", "P1 — kedalaman (×100)", bps_scale, lambda d: signed(d * SCALE)),
    ("p2", "P2 — keparahan (×100)", lambda v: bps_scale(v, 3), lambda d: signed(d * SCALE, 3)),
    ("poor", "Penduduk miskin (jiwa)", None, lambda d: f"{signed(d, 0)} jiwa"),
    ("extreme_poor", "Miskin ekstrem (jiwa)", None, lambda d: f"{signed(d, 0)} jiwa"),
)


#: On the extreme line P1 and P2 are about ten times smaller: more decimals, so they still carry
#: information, and the poor *are* the extremely poor (one metric, not the same figure twice).
_EXTREME_METRICS: tuple[tuple[str, str, Callable, Callable], ...] = (
    ("p0", "P0 — miskin ekstrem (%)", lambda v: _readable(percent, v, 3), lambda d: f"{signed(d * SCALE, 3)} poin"),
    ("p1", "P1 — kedalaman (×100)", lambda v: _readable(bps_scale, v, 3), lambda d: signed(d * SCALE, 3)),
    ("p2", "P2 — keparahan (×100)", lambda v: _readable(bps_scale, v, 4), lambda d: signed(d * SCALE, 4)),
    ("poor", "Miskin ekstrem (jiwa)", None, lambda d: f"{signed(d, 0)} jiwa"),
)


def _readable(fmt: Callable, fraction, decimals: int) -> str:
    """``fmt`` with as many decimals as a small figure needs (as the paragraph prints it): an
    extreme-line P1 of 0,0004 is not shown as 0,000."""
    return fmt(fraction, readable_decimals(scaled(fraction), decimals))


def metrics(h: summary.Headline, selection: Selection, user: User | None) -> list[Metric]:
    extreme = h.line.kind == "extreme"
    rows = h.as_shown().table.set_index("indicator")
    out = []
    for indicator, label, fmt, fmt_change in _EXTREME_METRICS if extreme else _METRICS:
        row = rows.loc[indicator]
        show = fmt if fmt is not None else (lambda v: count_text(v, user))
        # A hidden change is left out: with last year's figure it would give this year's back.
        delta, since, uncertain = None, None, False
        if h.previous_year is not None and not is_marker(row["change"]) and not pd.isna(row["change"]):
            delta, since = fmt_change(row["change"]), f"dari {h.previous_year}"
            uncertain = change_uncertain(row)  # the paragraph's own test
        value = row["value"] if is_marker(row["value"]) else show(row["value"])
        caption = _metric_caption(indicator, row, h, selection, show)
        if uncertain:  # said under the figure: beside the delta it was cut off ("dari 2024, dala…")
            caption = f"Perubahan belum pasti (selang 90 % perubahannya memuat 0) · {caption}"
        out.append(Metric(indicator, label, value, delta, caption, since, uncertain))
    if extreme:
        out.append(_average_gap(rows, h))
    return out


def _average_gap(rows: pd.DataFrame, h: summary.Headline) -> Metric:
    """How far below the line the extremely poor live on average, in rupiah: P1 / P0 × z
    (the income-gap ratio times the line). Hidden with P0 or P1 (a group below the threshold)."""
    p0, p1 = rows.loc["p0", "value"], rows.loc["p1", "value"]
    hidden = is_marker(p0) or is_marker(p1)
    if hidden:
        value = p0 if is_marker(p0) else p1
    elif pd.isna(p0) or pd.isna(p1) or float(p0) == 0:
        value = "–"
    else:
        value = rupiah(float(p1) / float(p0) * h.line.amount)
    caption = f"Rata-rata kekurangan pengeluaran per kapita per bulan dari garis ekstrem {rupiah(h.line.amount)}"
    return Metric("average_gap", "Rata-rata kesenjangan", value, None, caption)


def _metric_caption(indicator, row, h: summary.Headline, selection: Selection, show) -> str:
    if indicator == "extreme_poor" and h.extreme_refusal:
        # The model cannot count them this year: the reason, not a bare dash.
        return (
            "Tidak ditaksir model: terlalu sedikit rumah tangga Susenas di bawah garis ekstrem (pilih garis "
            "Ekstrem untuk alasannya). Pakai daftar miskin ekstrem Dinas Sosial."
        )
    interval = _interval_caption(indicator, row, h.line.kind == "extreme")
    bps = _bps_caption(indicator, row, h, selection, show)
    return f"{interval} · {bps}" if interval else bps


def _interval_caption(indicator, row, extreme: bool = False) -> str:
    """'Selang 90 %: a–b' of a model figure (none for an observed one or a hidden cell). Both
    bounds get the decimals the smaller non-zero one needs, at least the figure's own."""
    if "lower" not in row.index or pd.isna(row["lower"]) or is_marker(row["value"]):
        return ""
    if indicator not in ("p0", "p1", "p2"):
        return f"Selang 90 %: {number(round(row['lower'], -1))}–{number(round(row['upper'], -1))}"
    fmt = percent if indicator == "p0" else bps_scale
    base = {"p0": 2, "p1": 2, "p2": 3}[indicator] + (1 if extreme else 0)
    smallest = min((v for v in (row["lower"], row["value"], row["upper"]) if v), default=0.0)
    decimals = readable_decimals(scaled(smallest), base)
    return f"Selang 90 %: {fmt(row['lower'], decimals)}–{fmt(row['upper'], decimals)}"


def _bps_caption(indicator, row, h: summary.Headline, selection: Selection, show) -> str:
    if not pd.isna(row["bps"]):
        # Published figures are survey estimates, not register counts: never suppressed. Only a
        # BPS release is called BPS's; a Pemkot statement says so and that BPS has not released it.
        value = number(row["bps"]) if indicator in ("poor", "extreme_poor") else show(row["bps"])
        kind = row.get("bps_kind")
        if is_bps(kind):
            return f"BPS: {value}"
        return f"{label_of(REFERENCE_KINDS, kind)}: {value} {NOT_BPS_MARK} (belum rilis BPS)"
    if indicator == "extreme_poor" and h.extreme_line is not None:
        status = " (perkiraan)" if h.extreme_line.is_estimated else ""
        return f"Garis ekstrem Rp {number(h.extreme_line.amount)}{status}"
    if selection.area == REGION_CODE and selection.line == "official":
        return "BPS: belum dirilis"
    return "BPS: tidak tersedia untuk pilihan ini"


def build(source: Source, selection: Selection, user: User | None) -> SummaryPage:
    """Everything the Ringkasan page shows for ``selection``, as ``user`` may see it."""
    h = headline(source, selection.year, selection.line, selection.area, user)
    year, line = selection.year, selection.line
    kec = source.get(summary.area_table, year, "kecamatan", line, None).sort_values("kode")
    kec = protect(source, kec, user, year, line, FGT_COLUMNS)
    ranking = source.get(summary.area_table, year, "kelurahan", line, selection.within)
    ranking = protect(source, ranking, user, year, line, FGT_COLUMNS)
    scope = REGION_NAME if selection.within is None else area_name(selection.within)
    return SummaryPage(
        title=f"Ringkasan {selection.area_name} {year}",
        caption=f"{_source_text(h)}, {line_text(h.line)}. {BPS_SCALE_NOTE}. Sumber angka: analytics.summary.headline.",
        metrics=metrics(h, selection, user),
        note=NOTE if h.suppressed else None,
        reference_note=not_bps_note(summary.not_bps_figures(h)),
        pack_caption=_pack_caption(year, h, needs_protection(user), selection),
        pack_files=[
            PackFile(
                fmt, PACK_LABELS[fmt], file_name(year, fmt, selection.kecamatan, selection.kelurahan), MIME_TYPES[fmt]
            )
            for fmt in REPORT_FORMATS
        ],
        pack_protected=needs_protection(user),
        paragraph=narrative(source, selection, user),
        kecamatan=_shown_shares(kec),
        kecamatan_table=tables.fgt_table(kec),
        kecamatan_note=HIDDEN_ROWS_NOTE if has_hidden(kec, FGT_COLUMNS) else None,
        ranking_title=f"{UNIT_TITLE} menurut keparahan (P2), {scope}",
        ranking_table=tables.fgt_table(ranking, rank=True),
        ranking_note=HIDDEN_ROWS_NOTE if has_hidden(ranking, FGT_COLUMNS) else None,
        ranking_caption=_ranking_caption(h, ranking),
        welfare=h.welfare,
        method_note=METHOD_NOTE if h.welfare == "model" else None,
        quote=quote_note(source, year),
    )


def _ranking_caption(h: summary.Headline, ranking: pd.DataFrame) -> str:
    if h.welfare != "model":
        return SummaryPage.ranking_caption
    synthetic = f" {tables.SYNTHETIC_NOTE}" if tables.has_synthetic(ranking) else ""
    return MODEL_RANKING_CAPTION + synthetic


def _source_text(h: summary.Headline) -> str:
    if h.welfare == "model":
        return (
            "Estimasi model (SAE) dari Susenas dan register keluarga (Regsosek; DTSEN sejak 2025), dengan selang 90 %"
        )
    return "Data register (Regsosek, DTKS, P3KE)"


def _pack_caption(year: int, h: summary.Headline, protected: bool, selection: Selection) -> str:
    if selection.area == REGION_CODE:
        contents = (
            f"angka utama, peta keparahan, tren, peringkat {UNIT}, cakupan program, segmen, "
            "paragraf ringkasan dan catatan metode"
        )
        name = REGION_NAME
    else:
        # The sidebar's area gets its own pack; city-wide tables stay as context, its rows marked.
        name = pack_area(selection.kecamatan, selection.kelurahan).title_name
        contents = (
            f"angka utama, tren, segmen dan paragraf ringkasan {name} dengan angka {REGION_KIND} sebagai pembanding; "
            f"peta, peringkat {UNIT} dan cakupan program se-{REGION_KIND} dengan baris {name} ditandai; "
            "catatan metode"
        )
    return (
        f"Paket {name} {year} ({line_text(h.line)}): {contents}. "
        "Tanpa nama dan NIK. File dibuat saat tombol diklik (beberapa detik)."
        + (" Jumlah keluarga atau penduduk kurang dari 10 ditampilkan sebagai <10." if protected else "")
    )


def _shown_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """nama and P0, P1, P2 on their shown scale; a hidden share is None (its bar is left out:
    its height would give the hidden count back)."""
    out = frame[["nama"]].copy()
    for measure in ("p0", "p1", "p2"):
        out[measure] = [None if is_marker(v) or pd.isna(v) else float(v) * SCALE for v in frame[measure]]
    return out.reset_index(drop=True)
