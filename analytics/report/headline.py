"""The pack's own area in figures: its headline table (this year, last year, the change, and
beside them BPS for the city or the city's figures for a kecamatan or kelurahan) and its trend.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import disclosure as sdc
from analytics import formats as fmt
from analytics.labels import NOT_BPS_MARK, is_bps, marked, not_bps_note
from analytics.reference import REGION_CODE, REGION_KIND, REGION_NAME, UNIT
from analytics.report.tables import (
    ESTIMATED_MARK,
    ESTIMATED_NOTE,
    KINDS,
    SUPPRESSION_NOTE_TABLE,
    Table,
    _scaled,
    table,
)
from analytics.summary import Headline, fgt_trend, not_bps_figures

#: Where each year's dashboard figure comes from (analytics.welfare.source kinds).
TREND_SOURCES = {
    "observed": "pengeluaran tercatat",
    "model": "estimasi model (SAE)",
    "none": "tanpa ukuran pengeluaran",
}
#: Under an area's headline and trend: BPS publishes the city only.
CITY_ONLY_NOTE = f"BPS hanya merilis angka tingkat {REGION_KIND}; untuk kecamatan dan {UNIT} hanya data register."

_SPEC = (
    # indicator, label, unit, scale, value kind, change kind
    ("p0", "Tingkat kemiskinan (P0)", "%", 100.0, "pct", "bps2"),
    ("p1", "Indeks kedalaman (P1)", "×100", 100.0, "bps2", "bps2"),
    ("p2", "Indeks keparahan (P2)", "×100", 100.0, "bps3", "bps3"),
    ("poor", "Penduduk miskin", "jiwa", 1.0, "int", "int"),
    ("extreme_poor", "Penduduk miskin ekstrem", "jiwa", 1.0, "int", "int"),
)


def _change_text(value, key: str, change_kind: str) -> str:
    if sdc.is_marker(value):
        return value
    decimals = 2 if change_kind == "bps2" else 3 if change_kind == "bps3" else 0
    text = fmt.signed(value, decimals, fmt.PRINT_MINUS)
    return text + " poin" if key == "p0" and text != fmt.MISSING else text


def headline_table(
    h: Headline, year: int, prev: int | None, extreme_status: str | None, city: Headline | None = None, name=REGION_NAME
) -> Table:
    """The headline of ``h``'s area; its last column is BPS for the city, or ``city``'s
    figures (the same year) for a kecamatan or kelurahan, whose BPS figures do not exist."""
    rows = h.table.set_index("indicator")
    city_rows = city.table.set_index("indicator") if city is not None else None
    prev_label = f"Tahun {prev}" if prev is not None else "Tahun sebelumnya"
    numeric, text = [], []
    # A published figure that is not a BPS release (a Pemkot statement) is marked † on its row and cell.
    not_bps = set() if city is not None else {k for k in rows.index if _not_bps(rows.loc[k])}
    for key, label, unit, scale, kind, change_kind in _SPEC:
        r = rows.loc[key]
        shown = label + (f" {ESTIMATED_MARK}" if key == "extreme_poor" and extreme_status == "estimated" else "")
        shown += f" {NOT_BPS_MARK}" if key in not_bps else ""
        beside = r["bps"] if city_rows is None else city_rows.loc[key, "value"]
        values = [_scaled(v, scale) for v in (r["value"], r["previous"], r["change"], beside)]
        numeric.append([shown, unit, *values])
        last_text = values[3] if sdc.is_marker(values[3]) else KINDS[kind](values[3])
        text.append(
            [
                shown,
                unit,
                *[v if sdc.is_marker(v) else KINDS[kind](v) for v in values[:2]],
                _change_text(values[2], key, change_kind),
                f"{last_text} {NOT_BPS_MARK}" if key in not_bps else last_text,
            ]
        )
    last = (f"BPS/Pemkot {year}" if not_bps else f"BPS {year}") if city is None else f"{REGION_NAME} {year}"
    columns = ["Indikator", "Satuan", f"Tahun {year}", prev_label, "Perubahan", last]
    if city is None:
        note = "Perubahan P0 dalam poin persen. Kolom BPS: angka resmi BPS (Susenas Maret); – bila tidak dirilis."
        if not_bps:
            note += " " + not_bps_note(not_bps_figures(h))
    else:
        note = (
            f"Perubahan P0 dalam poin persen. Kolom {REGION_NAME}: angka {REGION_KIND} tahun "
            f"{year} sebagai pembanding. "
        )
        note += CITY_ONLY_NOTE
    if h.suppressed or (city is not None and city.suppressed):
        note += " " + SUPPRESSION_NOTE_TABLE
    # The BPS column is the official survey estimate, not a register count: not suppressed. The
    # city's column is a register count like the area's: protected like it.
    counts = (f"Tahun {year}", prev_label) if city is None else (f"Tahun {year}", prev_label, last)
    return Table(
        "Angka utama",
        f"Angka utama {name} {year}",
        pd.DataFrame(numeric, columns=columns),
        pd.DataFrame(text, columns=columns),
        note,
        counts=counts,
        count_rows=(3, 4),
        row_kinds=tuple(s[4] for s in _SPEC),
    )


def _not_bps(row: pd.Series) -> bool:
    return not pd.isna(row["bps"]) and not is_bps(row["bps_kind"])


def trend_table(con, line, figures: dict | None, area: str = REGION_CODE) -> tuple[Table, pd.DataFrame]:
    """The area's P0, P1 and P2 by year, with BPS beside for the city (its only published level)."""
    t = fgt_trend(con, line=line, area=area)
    if figures is not None:
        t = sdc.protect_trend(t, figures, area)

    def scaled(column):
        # The chart needs numbers: a hidden point is left out (NaN); the table shows "x".
        return t[column].map(lambda v: np.nan if sdc.is_marker(v) else v * 100).astype(float)

    scaled_frame = pd.DataFrame(
        {
            "year": t["year"],
            "p0": scaled("p0"),
            "p1": scaled("p1"),
            "p2": scaled("p2"),
            "line_amount": t["line_amount"],
            "estimated": t["line_status"] == "estimated",
            **{f"bps_{m}": (t[f"bps_{m}"] * 100).where(_release(t, m)) for m in ("p0", "p1", "p2")},
            # A Pemkot figure is drawn apart from BPS's line (charts.trend_png).
            **{f"pemkot_{m}": (t[f"bps_{m}"] * 100).where(~_release(t, m)) for m in ("p0", "p1", "p2")},
        }
    )
    if line != "official":  # BPS figures are for the official line only
        for column in [c for c in scaled_frame if c.startswith(("bps_", "pemkot_"))]:
            scaled_frame[column] = np.nan
    years = scaled_frame["year"].astype(str) + np.where(scaled_frame["estimated"], f" {ESTIMATED_MARK}", "")
    frame = pd.DataFrame({"Tahun": years, "Garis kemiskinan (Rp)": scaled_frame["line_amount"]})
    kinds = {"Garis kemiskinan (Rp)": "rp"}
    for key, unit, kind in (("p0", "%", "pct"), ("p1", "×100", "bps2"), ("p2", "×100", "bps3")):
        name = key.upper()
        frame[f"{name} dasbor ({unit})"] = [_scaled(v, 100) for v in t[key]]
        kinds[f"{name} dasbor ({unit})"] = kind
        if area == REGION_CODE:  # an area's BPS column would be empty in every year
            frame[f"{name} BPS ({unit})"] = scaled_frame[f"bps_{key}"].fillna(scaled_frame[f"pemkot_{key}"])
            kinds[f"{name} BPS ({unit})"] = kind
    frame["Sumber dasbor"] = t["welfare"].map(lambda w: TREND_SOURCES.get(w, "–"))
    kinds["Sumber dasbor"] = "text"
    dashboard = (
        "Dasbor: estimasi model small-area (Susenas dan register) atau pengeluaran tercatat setiap keluarga, "
        "menurut kolom Sumber dasbor"
    )
    if area == REGION_CODE:
        note = f"{dashboard}; BPS: angka resmi Susenas Maret. {ESTIMATED_NOTE}."
    else:
        note = f"{dashboard}. {CITY_ONLY_NOTE} {ESTIMATED_NOTE}."
    shown = table(
        "Tren",
        "Tren P0, P1 dan P2: dasbor dan BPS" if area == REGION_CODE else "Tren P0, P1 dan P2",
        frame,
        kinds,
        note,
    )
    if area == REGION_CODE and line == "official":
        _mark_not_bps(shown, t)
    return shown, scaled_frame


def _release(t: pd.DataFrame, measure: str) -> pd.Series:
    """True where the year's published figure of ``measure`` is a BPS release."""
    return t[f"bps_{measure}_kind"].map(is_bps).astype(bool)


def _mark_not_bps(shown: Table, t: pd.DataFrame) -> None:
    """Mark † the published figures that are not BPS releases (their cell, and their year for
    the XLSX sheet, whose cells hold numbers) and name them and their source in the note."""
    entries = []
    for key in ("p0", "p1", "p2"):
        column = next(c for c in shown.frame.columns if c.startswith(f"{key.upper()} BPS"))
        for i in np.flatnonzero(t[f"bps_{key}"].notna().to_numpy() & ~_release(t, key).to_numpy()):
            year = int(t["year"].iloc[i])
            entries.append((f"{key.upper()} {year}", t[f"bps_{key}_kind"].iloc[i], t[f"bps_{key}_source"].iloc[i]))
            shown.display.loc[i, column] = marked(shown.display.loc[i, column], None)
            for frame in (shown.frame, shown.display):
                if not str(frame.loc[i, "Tahun"]).endswith(NOT_BPS_MARK):
                    frame.loc[i, "Tahun"] = f"{frame.loc[i, 'Tahun']} {NOT_BPS_MARK}"
    note = not_bps_note(entries)
    if note:
        shown.note = f"{shown.note} {note}"
