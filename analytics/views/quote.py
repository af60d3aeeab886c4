"""Which city figure an official quotes (issue 27, point 3), said the same way on every page.

The city's P0, P1 and P2 to quote are BPS's (Susenas, March). The dashboard's own city figures
come from the registers or from the model (SAE), which distributes the city over kecamatan and
kelurahan; where the two differ, the sentence says by how much and why: a model figure whose
90 % interval holds BPS's differs by uncertainty only; one whose interval misses it differs in
method (the model predicts expenditure in Regsosek from a small Susenas sample, BPS estimates it
from the survey alone), and BPS's is still the one to quote.
"""

from __future__ import annotations

import pandas as pd

from analytics import summary
from analytics.formats import bps_scale, number, percent
from analytics.labels import is_bps
from analytics.reference import REGION, REGION_CODE, REGION_KIND, REGION_NAME, UNIT
from analytics.views.source import Source

_FORMATS = {"p0": ("P0", percent), "p1": ("P1", bps_scale), "p2": ("P2", lambda v: bps_scale(v, 3))}


def quote_sentence(h: summary.Headline) -> str:
    """The sentence for the city headline ``h`` (official line)."""
    rows = h.table.set_index("indicator")
    released = [k for k in _FORMATS if not pd.isna(rows.loc[k, "bps"]) and is_bps(rows.loc[k].get("bps_kind"))]
    if not released:
        return (
            f"Angka {REGION.jenis} yang dikutip: BPS belum merilis P0, P1 dan P2 {REGION_NAME} {h.year}; angka "
            "dasbor adalah perkiraan dan disebut sebagai perkiraan dasbor, bukan angka resmi."
        )
    figures = ", ".join(f"{_FORMATS[k][0]} {_FORMATS[k][1](rows.loc[k, 'bps'])}" for k in released)
    first = f"Angka {REGION.jenis} yang dikutip adalah angka BPS {h.year}: {figures}" + (
        " (P1 dan P2 ×100)." if len(released) > 1 else "."
    )
    missing = [_FORMATS[k][0] for k in _FORMATS if k not in released]
    if missing:
        first += f" {' dan '.join(missing)} belum dirilis BPS: angka dasbor untuknya disebut perkiraan dasbor."
    if h.welfare != "model":
        return (
            f"{first} Angka dasbor dihitung dari pengeluaran yang tercatat di register untuk setiap {UNIT}; "
            f"dipakai untuk membandingkan {UNIT}, bukan untuk menggantikan angka {REGION_KIND} BPS."
        )
    return f"{first} Model (SAE) membagi angka {REGION_KIND} ke kecamatan dan {UNIT}. {_difference(rows, released)}"


def _difference(rows: pd.DataFrame, released: list[str]) -> str:
    """Where the model's city figures differ from BPS's, and why."""
    missed = [
        k
        for k in released
        if "lower" in rows.columns
        and not pd.isna(rows.loc[k, "lower"])
        and not rows.loc[k, "lower"] <= rows.loc[k, "bps"] <= rows.loc[k, "upper"]
    ]
    if not missed:
        return (
            f"Angka {REGION_KIND} model berbeda sedikit dari BPS, tetapi selang 90 %-nya memuat angka "
            "BPS: bedanya hanya "
            "ketidakpastian estimasi."
        )
    named = ", ".join(
        f"{_FORMATS[k][0]} model {_FORMATS[k][1](rows.loc[k, 'value'])} lawan BPS {_FORMATS[k][1](rows.loc[k, 'bps'])}"
        for k in missed
    )
    return (
        f"Selang 90 % model tidak memuat angka BPS untuk {named}: model menaksir pengeluaran keluarga Regsosek "
        f"dari sampel Susenas yang kecil per {UNIT}, sedangkan BPS menghitung langsung dari survei se-{REGION_KIND}. "
        f"Untuk {REGION_KIND}, kutip angka BPS; angka model dipakai untuk membandingkan {UNIT}."
    )


def quote_note(source: Source, year: int) -> str | None:
    """The sentence for ``year`` on the official line, from the city's headline (None for a
    year without a money measure: it has no P0 of its own to compare)."""
    from analytics.welfare.source import welfare_source

    if source.get(welfare_source, year).kind == "none":
        return None
    return quote_sentence(source.get(summary.headline, year, "official", REGION_CODE))


def trend_quote(chart: pd.DataFrame) -> str | None:
    """The sentence under the Tren chart of the city (``chart``: the chart series, on the shown
    scale, with bps_, lower_ and upper_ columns): BPS's line is the one to quote, and the model
    years whose 90 % interval misses BPS's figure are named with both figures."""
    model = chart[chart["welfare"] == "model"]
    if model.empty:
        return None
    digits = {"p0": 2, "p1": 2, "p2": 3}
    misses = []
    for measure, (name, _) in _FORMATS.items():
        rows = model.dropna(subset=[f"bps_{measure}", f"lower_{measure}", measure])
        rows = rows[
            (rows[f"bps_{measure}"] < rows[f"lower_{measure}"]) | (rows[f"bps_{measure}"] > rows[f"upper_{measure}"])
        ]
        misses += [
            f"{name} {int(r['year'])} (model {number(r[measure], digits[measure])}, BPS "
            f"{number(r[f'bps_{measure}'], digits[measure])})"
            for _, r in rows.iterrows()
        ]
    first = (
        f"Angka {REGION_KIND} yang dikutip setiap tahun adalah angka BPS (garis titik-titik); model "
        "(SAE, merah) membagi "
        f"angka {REGION_KIND} ke kecamatan dan {UNIT}."
    )
    if not misses:
        return f"{first} Selang 90 % model memuat angka BPS di setiap tahun yang dirilis: bedanya hanya ketidakpastian."
    return (
        f"{first} Selang 90 % model tidak memuat angka BPS untuk {', '.join(misses)}: model menaksir pengeluaran "
        f"keluarga Regsosek dari sampel Susenas yang kecil per {UNIT}, sedangkan BPS menghitung langsung dari "
        f"survei se-{REGION_KIND}. Untuk {REGION_KIND}, kutip angka BPS; angka model dipakai untuk "
        f"membandingkan {UNIT}."
    )
