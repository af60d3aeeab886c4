"""Chapter 2, Kuadran: the kelurahan placed by their P0 against their P2, split at the city's.

The TNP2K handbook for the TKPK reads the quadrant "tinggi dan parah" (many poor, and deep
poverty among them) as the first priority. On a model year a kelurahan whose 90 % interval of
P0 or of P2 holds the city's value cannot be placed with confidence: it is named as uncertain,
and drawn hollow, rather than put on one side of the line by its point estimate. Beside the
quadrant, the direction of P0 since the previous year, with the change's own interval
(:mod:`analytics.welfare.change`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import summary
from analytics.access.scope import User
from analytics.disclosure import HIDDEN, hidden_with, is_marker
from analytics.evaluation.chapter import TITLES, Chapter, Chart, Series
from analytics.formats import MISSING, PRINT_MINUS, bps_scale, listed, percent, points
from analytics.reference import REGION_CODE, REGION_KIND, UNIT, UNIT_TITLE
from analytics.report.tables import table
from analytics.views.protection import area_figures, needs_protection
from analytics.views.source import Source
from analytics.welfare.change import change_interval
from analytics.welfare.estimates import area_estimates
from analytics.welfare.source import welfare_source

PRIORITY = "Tinggi dan parah"
QUADRANTS = {
    (True, True): PRIORITY,
    (True, False): "Tinggi, tidak parah",
    (False, True): "Rendah, tetapi parah",
    (False, False): "Rendah dan ringan",
}
UNCERTAIN = "Tidak pasti"
_NAMED = {name for (high, severe), name in QUADRANTS.items() if high or severe}
HIDDEN_QUADRANT = "Disembunyikan"
DIRECTIONS = {"up": "naik", "down": "turun", "flat": "tetap", "unsure": "belum pasti"}


def placed(source: Source, year: int, line, user: User | None) -> tuple[pd.DataFrame, pd.Series]:
    """Every kelurahan's P0 and P2 as ``user`` may see them, with its quadrant, and the city row.

    Columns kode, nama, p0, p2 (fractions, or a hidden marker), lower/upper of both on a model
    year, ``quadrant`` (one of :data:`QUADRANTS`, :data:`UNCERTAIN` or :data:`HIDDEN_QUADRANT`)
    and ``uncertain`` (an interval holds the city's value).
    """
    areas = source.get(area_estimates, year, "kelurahan", line)
    city = source.get(area_estimates, year, "kota", line).set_index("kode").loc[REGION_CODE]
    if needs_protection(user):
        cells = area_figures(source, year, line).set_index("kode")
        for measure in ("p0", "p2"):
            areas[measure] = areas["kode"].map(cells[measure]).astype(object)
            for bound in (f"lower_{measure}", f"upper_{measure}"):
                if bound in areas:
                    areas[bound] = hidden_with(areas[bound], areas[measure])
    out = areas[["kode", "nama", "p0", "p2", *[c for c in _BOUNDS if c in areas]]].copy()
    out["uncertain"] = [_straddles(row, city) for _, row in out.iterrows()]
    out["quadrant"] = [_quadrant(row, city) for _, row in out.iterrows()]
    return out.reset_index(drop=True), city


_BOUNDS = ("lower_p0", "upper_p0", "lower_p2", "upper_p2")


def _straddles(row: pd.Series, city: pd.Series) -> bool:
    """True when the interval of P0 or of P2 holds the city's value (a model year only)."""
    for measure in ("p0", "p2"):
        low, high = row.get(f"lower_{measure}"), row.get(f"upper_{measure}")
        if low is None or is_marker(low) or pd.isna(low):
            continue
        if float(low) <= float(city[measure]) <= float(high):
            return True
    return False


def _quadrant(row: pd.Series, city: pd.Series) -> str:
    if is_marker(row["p0"]) or is_marker(row["p2"]) or pd.isna(row["p0"]) or pd.isna(row["p2"]):
        return HIDDEN_QUADRANT
    if row["uncertain"]:
        return UNCERTAIN
    return QUADRANTS[(float(row["p0"]) > float(city["p0"]), float(row["p2"]) > float(city["p2"]))]


def directions(source: Source, year: int, line, user: User | None, shown: pd.DataFrame) -> pd.DataFrame:
    """kode, change of P0 (fraction points) and its direction since the previous year.

    The change is hidden where this year's or last year's P0 is (one and the change give the
    other back); 'belum pasti' where its 90 % interval holds 0."""
    changes = source.get(summary.kelurahan_change, year, line)
    hidden = set(shown.loc[shown["p0"].map(is_marker), "kode"])
    if needs_protection(user) and summary.previous_year(source.cursor(), year) is not None:
        before = area_figures(source, summary.previous_year(source.cursor(), year), line)
        if before is not None:
            hidden |= set(before.loc[before["p0"].map(is_marker), "kode"])
    bounds = [changes.get(c, np.nan) for c in ("lower_p0", "upper_p0", "lower_p0_prev", "upper_p0_prev")]
    low, high = change_interval(changes["p0"], changes["p0_prev"], *bounds)
    change = changes["p0"] - changes["p0_prev"]
    out = pd.DataFrame({"kode": changes["kode"], "change": change, "lower": low, "upper": high})
    out["direction"] = [_direction(c, lo, hi) for c, lo, hi in zip(change, low, high, strict=True)]
    out["change"] = out["change"].astype(object)
    out.loc[out["kode"].isin(hidden), ["change", "direction"]] = HIDDEN
    return out


def _direction(change: float, low: float, high: float) -> str:
    if pd.isna(change):
        return MISSING
    if not pd.isna(low) and low <= 0 <= high:
        return DIRECTIONS["unsure"]
    if round(change * 100, 2) == 0:
        return DIRECTIONS["flat"]
    return DIRECTIONS["up"] if change > 0 else DIRECTIONS["down"]


def _figure_kind(source: Source, year: int) -> str:
    """What the kelurahan and city figures are: the model's estimates or counted from the registers."""
    return "estimasi model (SAE)" if welfare_source(source.cursor(), year).is_model else "terhitung dari register"


def _scaled(series: pd.Series) -> list:
    return [v if is_marker(v) or pd.isna(v) else float(v) * 100 for v in series]


def quadrant_chapter(source: Source, year: int, line, user: User | None) -> Chapter:
    """Chapter 2: the quadrant table and chart and the sentences that name the priority."""
    shown, city = placed(source, year, line, user)
    moves = directions(source, year, line, user, shown).set_index("kode")
    shown = shown.join(moves[["change", "direction"]], on="kode")
    shown = shown.sort_values(["quadrant", "kode"], key=_quadrant_order, kind="stable").reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "Kode": shown["kode"],
            UNIT_TITLE: shown["nama"],
            "P0 (%)": _scaled(shown["p0"]),
            "P2 (×100)": _scaled(shown["p2"]),
            "Kuadran": shown["quadrant"],
            "Perubahan P0 (poin)": [c if is_marker(c) else points(c, minus=PRINT_MINUS) for c in shown["change"]],
            "Arah P0": shown["direction"],
        }
    )
    note = (
        f"Garis pembagi: P0 {REGION_KIND} {percent(city['p0'])} dan P2 {REGION_KIND} {bps_scale(city['p2'], 3)} "
        f"({_figure_kind(source, year)}, sama dengan Ringkasan; angka {REGION_KIND} yang dikutip "
        "adalah angka BPS, Bab 1). "
        "Perubahan P0 sejak tahun sebelumnya; 'belum pasti': selang 90 % perubahan memuat 0."
    )
    if "lower_p0" in shown:
        note += f" {UNCERTAIN}: selang 90 % P0 atau P2 {UNIT} memuat angka {REGION_KIND} (estimasi model)."
    tables = [table("Kuadran", f"{UNIT_TITLE} menurut P0 dan P2", frame, {"P0 (%)": "pct", "P2 (×100)": "bps3"}, note)]
    chart = Chart(
        kind="scatter",
        title=f"P0 dan P2 {UNIT}, {year}",
        frame=_chart_frame(shown),
        x="p0",
        series=(Series("p2", UNIT_TITLE),),
        x_title="P0 (%)",
        y_title="P2 (×100)",
        label="label",
        x_split=float(city["p0"]) * 100,
        y_split=float(city["p2"]) * 100,
        uncertain="uncertain",
        note=(
            f"Garis putus-putus: angka {REGION_KIND}. Titik kosong: letak kuadran tidak pasti. Nama "
            f"ditulis untuk {UNIT} "
            f"yang pasti di luar kuadran rendah dan ringan; semua {UNIT} ada di tabel."
        ),
        decimals=3,
    )
    return Chapter(2, TITLES[1], _sentences(shown, year), tables, chart)


def _quadrant_order(column: pd.Series) -> pd.Series:
    if column.name != "quadrant":
        return column
    order = [PRIORITY, UNCERTAIN, *[q for q in QUADRANTS.values() if q != PRIORITY], HIDDEN_QUADRANT]
    return column.map({q: i for i, q in enumerate(order)})


def _chart_frame(shown: pd.DataFrame) -> pd.DataFrame:
    drawn = shown[shown["quadrant"] != HIDDEN_QUADRANT]
    return pd.DataFrame(
        {
            "nama": drawn["nama"],
            "p0": [float(v) * 100 for v in drawn["p0"]],
            "p2": [float(v) * 100 for v in drawn["p2"]],
            "uncertain": drawn["uncertain"].astype(bool),
            # Names around the city's values covered each other: the chart names the kelurahan
            # placed with confidence outside the low-and-mild corner; the table under it names all.
            "label": [n if q in _NAMED else "" for n, q in zip(drawn["nama"], drawn["quadrant"], strict=True)],
        }
    ).reset_index(drop=True)


def _names(frame: pd.DataFrame) -> str:
    return listed(frame["nama"])


def _sentences(shown: pd.DataFrame, year: int) -> list[str]:
    priority = shown[shown["quadrant"] == PRIORITY]
    out = []
    if priority.empty:
        out.append(f"Pada {year}, tidak ada {UNIT} yang dengan pasti berada di kuadran tinggi dan parah.")
    else:
        out.append(
            f"Pada {year}, {len(priority)} {UNIT} berada di kuadran tinggi dan parah (P0 dan P2 di atas angka "
            f"{REGION_KIND}) dan menjadi prioritas: {_names(priority)}."
        )
        rising = priority[priority["direction"] == DIRECTIONS["up"]]
        if not rising.empty:
            out.append(f"Di antaranya P0 naik sejak tahun sebelumnya di {_names(rising)}.")
    unsure = shown[shown["quadrant"] == UNCERTAIN]
    if not unsure.empty:
        out.append(
            f"Letak {len(unsure)} {UNIT} belum pasti karena selang 90 % estimasinya memuat angka {REGION_KIND}: "
            f"{_names(unsure)}."
        )
    hidden = shown[shown["quadrant"] == HIDDEN_QUADRANT]
    if not hidden.empty:
        out.append(f"Angka {len(hidden)} {UNIT} disembunyikan (pengendalian pengungkapan).")
    return out
