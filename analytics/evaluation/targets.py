"""Chapter 3, Target: the year's figures against the region's targets, and the pace still needed.

A target file (``indicator, year, target, kind, source``) holds the RPJMD/RKPD or national
targets on the scale BPS publishes (P0 in percent, P1 and P2 ×100); the demo's
(``data/reference/targets_demo.csv``) are marked ``contoh``. Each target is compared with the
figure of the one welfare layer (:func:`analytics.views.summary_page.headline`, the figure
Ringkasan shows): reached or not for a target year already past; otherwise the pace needed per
year from now against last year's change. On a model year the verdict uses the intervals: a
target inside the 90 % interval is "belum pasti", and a pace the change's interval
(:mod:`analytics.welfare.change`) does not separate from the needed one too.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.errors import DataError
from analytics.evaluation.chapter import TITLES, Chapter, Chart, Series
from analytics.evaluation.files import read_region_file
from analytics.formats import MISSING, PRINT_MINUS, listed, number, signed
from analytics.labels import marked
from analytics.paths import REFERENCE_DIR
from analytics.reference import REGION_CODE, REGION_KIND, REGION_KIND_TITLE, load_bps_poverty, shipped_region_code
from analytics.report.tables import table
from analytics.views import summary_page
from analytics.views.source import Source
from analytics.welfare.change import change_interval

#: indicator -> (label, line, headline indicator, decimals on the BPS scale).
SHORT_NAMES = {"p0": "P0", "p1": "P1", "p2": "P2", "extreme_p0": "P0 ekstrem"}
INDICATORS = {
    "p0": ("P0 (%)", "official", "p0", 2),
    "p1": ("P1 (×100)", "official", "p1", 2),
    "p2": ("P2 (×100)", "official", "p2", 3),
    "extreme_p0": ("P0 ekstrem (%)", "extreme", "p0", 2),
}
TARGET_KINDS = {"rpjmd": "RPJMD", "rkpd": "RKPD", "nasional": "Nasional", "contoh": "CONTOH"}
STATUS = {
    "reached": "tercapai",
    "reached_early": "sudah tercapai",
    "hidden": "disembunyikan",
    "missed": "tidak tercapai",
    "on_track": "sesuai jalur",
    "off_track": "di luar jalur",
    "unsure": "belum pasti",
    "none": "belum tersedia",
}
_COLUMNS = ("indicator", "year", "target", "kind", "source")


@cache
def load_targets() -> pd.DataFrame:
    """The demo's targets: the national one holds for any region; the CONTOH rows are examples
    written for the shipped region, left out elsewhere (the region's own file replaces them)."""
    targets = read_targets(REFERENCE_DIR / "targets_demo.csv")
    if REGION_CODE == shipped_region_code():
        return targets
    return targets[targets["kind"] == "nasional"].reset_index(drop=True)


def read_targets(path) -> pd.DataFrame:
    """The target file; :class:`DataError` naming every bad row (unknown indicator or kind, a
    target or year that is not a number, a target without a source)."""
    name, frame = read_region_file(path, _COLUMNS)
    problems = []
    for i, row in frame.iterrows():
        where = f"{name} baris {i + 2}"
        if row["indicator"] not in INDICATORS:
            problems.append(f"{where}: indikator {row['indicator']!r} tidak dikenal ({', '.join(INDICATORS)}).")
        for column in ("year", "target"):
            if pd.isna(pd.to_numeric(row[column], errors="coerce")):
                problems.append(f"{where}: {column} kosong atau bukan angka ({row[column]!r}).")
        if row["kind"] not in TARGET_KINDS:
            problems.append(f"{where}: jenis {row['kind']!r} tidak dikenal ({', '.join(TARGET_KINDS)}).")
        if not row["source"]:
            problems.append(f"{where}: sumber target kosong; setiap target harus menyebut sumbernya.")
    if problems:
        raise DataError(problems)
    return frame.astype({"year": int, "target": float})


#: What a figure a target is measured by is, by the kind of its source.
FIGURE_KINDS = {
    "bps": "BPS",
    "pemkot": f"Pemerintah {REGION_KIND_TITLE} (belum rilis BPS)",
    "model": "estimasi model (SAE)",
    "observed": "terhitung dari register",
}
_BPS_COLUMNS = {"p0": "p0_pct", "p1": "p1_bps", "p2": "p2_bps"}


def _bps_figure(year: int, indicator: str) -> dict | None:
    """BPS's published city figure of ``year`` (the figure a region's target is written in, and
    the one Ringkasan says to quote), with the year before's; None when BPS has none."""
    column = _BPS_COLUMNS.get(indicator)
    series = load_bps_poverty().set_index("year")
    if column is None or year not in series.index or pd.isna(series.loc[year, column]):
        return None
    before = series[column].get(year - 1, np.nan)
    return {
        "value": float(series.loc[year, column]),
        "previous": float(before),
        "previous_year": year - 1 if not pd.isna(before) else None,
        "figure": series.loc[year, f"{column}_kind"],
    }


def _figure(source: Source, year: int, indicator: str, user: User | None) -> dict:
    """The figure ``indicator`` is measured by in ``year``, on the BPS scale: BPS's when published,
    else the dashboard's (Ringkasan's headline: the model's estimate with its 90 % interval, or
    the count of an observed year), with the previous year's of the same kind."""
    published = _bps_figure(year, indicator)
    if published is not None:
        return published
    _, line, measure, _ = INDICATORS[indicator]
    try:
        h = summary_page.headline(source, year, line, REGION_CODE, user)
    except DataError as exc:
        return {"value": np.nan, "reason": exc.message}
    row = h.table.set_index("indicator").loc[measure]
    out = {"previous_year": h.previous_year, "figure": h.welfare}
    for key in ("value", "previous", "lower", "upper", "lower_prev", "upper_prev"):
        value = row.get(key, np.nan)
        out[key] = value if is_marker(value) or pd.isna(value) else float(value) * 100
    return out


def progress(source: Source, year: int, user: User | None, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target: the figure it is measured by (of its own year when that has passed,
    else of ``year``), the pace needed, last year's pace and the status."""
    targets = load_targets() if targets is None else targets
    rows = []
    for target in targets.itertuples():
        measured = min(int(target.year), year)
        figure = _figure(source, measured, target.indicator, user)
        decimals = INDICATORS[target.indicator][3]
        verdict = _verdict(figure, target.target, target.year, year, decimals)
        rows.append({**target._asdict(), "measured": measured, **figure, **verdict})
    out = pd.DataFrame(rows).drop(columns="Index")
    for column in ("reason", "figure", "lower", "upper"):
        if column not in out:
            out[column] = None if column in ("reason", "figure") else np.nan
    return out


def _verdict(figure: dict, target: float, target_year: int, year: int, decimals: int) -> dict:
    """The status of one target, decided on the figures as the table prints them (a value shown
    as 3,00 against a target of 3,00 has reached it)."""
    none = {"needed": np.nan, "pace": np.nan}
    value = figure["value"]
    if is_marker(value):
        return {**none, "status": STATUS["hidden"]}
    if pd.isna(value):
        return {**none, "status": STATUS["none"]}
    value, target = round(value, decimals), round(target, decimals)
    low, high = (round(figure.get(k, np.nan), decimals) for k in ("lower", "upper"))
    inside = not pd.isna(low) and low <= target <= high
    if target_year <= year or value <= target:
        if inside:
            return {**none, "status": STATUS["unsure"]}
        reached = "reached" if target_year <= year else "reached_early"
        return {**none, "status": STATUS[reached if value <= target else "missed"]}
    needed = (target - value) / (target_year - year)
    previous, before = figure.get("previous", np.nan), figure.get("previous_year")
    if before is None or is_marker(previous) or pd.isna(previous):
        return {"needed": needed, "pace": np.nan, "status": STATUS["none"]}
    span = year - before
    pace = (value - previous) / span
    bounds = [figure.get(k, np.nan) for k in ("lower", "upper", "lower_prev", "upper_prev")]
    change_low, change_high = change_interval(value, previous, *bounds)
    if not pd.isna(change_low) and change_low / span <= needed <= change_high / span:
        return {"needed": needed, "pace": pace, "status": STATUS["unsure"]}
    on_track = round(pace, decimals) <= round(needed, decimals)
    return {"needed": needed, "pace": pace, "status": STATUS["on_track" if on_track else "off_track"]}


def _value_text(row: pd.Series, decimals: int) -> str:
    value = row["value"]
    if is_marker(value):
        return value
    if pd.isna(value):
        return STATUS["none"]
    text = number(value, decimals)
    if row["figure"] == "pemkot":
        text = marked(text, "pemkot")
    if not pd.isna(row.get("lower", np.nan)) and not is_marker(row["lower"]):
        text += f" ({number(row['lower'], decimals)}–{number(row['upper'], decimals)})"
    return text


def targets_chapter(source: Source, year: int, user: User | None, targets: pd.DataFrame | None = None) -> Chapter:
    """Chapter 3: each target, the figure it is measured by, the pace needed and the status."""
    rows = progress(source, year, user, targets)
    decimals = rows["indicator"].map(lambda i: INDICATORS[i][3])
    frame = pd.DataFrame(
        {
            "Indikator": rows["indicator"].map(lambda i: INDICATORS[i][0]),
            "Target": [number(t, d) for t, d in zip(rows["target"], decimals, strict=True)],
            "Tahun target": rows["year"].astype(str),
            "Jenis": rows["kind"].map(TARGET_KINDS),
            "Tahun capaian": rows["measured"].astype(str),
            "Capaian (selang 90 %)": [_value_text(r, d) for (_, r), d in zip(rows.iterrows(), decimals, strict=True)],
            "Sumber capaian": rows["figure"].map(lambda k: FIGURE_KINDS.get(k, MISSING)),
            "Perubahan per tahun": [signed(p, d, PRINT_MINUS) for p, d in zip(rows["pace"], decimals, strict=True)],
            "Laju diperlukan per tahun": [
                signed(n, d, PRINT_MINUS) for n, d in zip(rows["needed"], decimals, strict=True)
            ],
            "Status": rows["status"],
        }
    )
    sources = "; ".join(f"{INDICATORS[r.indicator][0]} {r.year}: {r.source}" for r in rows.itertuples())
    note = (
        "Capaian: angka BPS bila sudah terbit (angka yang dikutip; † pernyataan Pemerintah "
        f"{REGION_KIND_TITLE}), selain itu angka "
        "dasbor (estimasi model dengan selang 90 %, atau terhitung dari register); target yang tahunnya sudah lewat "
        "dinilai dengan capaian tahun target. Perubahan per tahun: dari tahun sebelumnya. Laju diperlukan: "
        f"(target − capaian) / sisa tahun. '{STATUS['unsure']}': selang 90 % memuat target atau laju yang diperlukan. "
        f"Sumber target: {sources}."
    )
    tables = [table("Target", f"Capaian {year} terhadap target", frame, {}, note)]
    reasons = rows.dropna(subset=["reason"]).drop_duplicates("reason")
    notes = [f"{listed(_names(rows[rows['reason'] == r]))}: {r}" for r in reasons["reason"]]
    chart = _chart(source, year, user, rows)
    return Chapter(3, TITLES[2], _sentences(rows, year), tables, chart, notes)


def _names(rows: pd.DataFrame) -> list[str]:
    """'P0 2026 (target 3,00)' for each row."""
    out = []
    for r in rows.itertuples():
        name, _, _, decimals = INDICATORS[r.indicator]
        out.append(f"{SHORT_NAMES[r.indicator]} {r.year} (target {number(r.target, decimals)})")
    return out


#: How a sentence introduces the targets of a status ('belum pasti' says why).
_SAID = {
    "unsure": "belum pasti (selang 90 % estimasi model memuat target atau laju yang diperlukan)",
}


def _sentences(rows: pd.DataFrame, year: int) -> list[str]:
    out = []
    for key in ("reached", "reached_early", "on_track", "off_track", "missed", "unsure", "hidden", "none"):
        chosen = rows[rows["status"] == STATUS[key]]
        if not chosen.empty:
            said = _SAID.get(key, STATUS[key])
            out.append(f"{said[0].upper()}{said[1:]}: {listed(_names(chosen))}.")
    if out:
        out[0] = f"Pada {year}, {out[0][0].lower()}{out[0][1:]}"
    if (rows["kind"] == "contoh").any():
        out.append("Target bertanda CONTOH adalah nilai contoh untuk demo, bukan target resmi daerah.")
    return out


def _chart(source: Source, year: int, user: User | None, rows: pd.DataFrame) -> Chart | None:
    """P0 of every year up to ``year`` and the straight path from this year to each P0 target."""
    from analytics.poverty.lines import available_years

    years = [y for y in available_years(source.cursor()) if y <= year]
    if not years:
        return None
    values = {y: _figure(source, y, "p0", user)["value"] for y in years}
    values = {y: (np.nan if is_marker(v) else v) for y, v in values.items()}
    p0_targets = rows[(rows["indicator"] == "p0") & (rows["year"] > year)]
    last = max(p0_targets["year"], default=year)
    frame = pd.DataFrame({"year": list(range(min(years), last + 1))})
    frame["p0"] = frame["year"].map(values)
    if frame["p0"].isna().all():
        return None  # no P0 of any year: no empty chart
    frame["path"] = np.nan
    now = values.get(year, np.nan)
    if not p0_targets.empty and not pd.isna(now):
        first = p0_targets.sort_values("year").iloc[0]
        span = first["year"] - year
        for i, y in enumerate(frame["year"]):
            if year <= y <= first["year"]:
                frame.loc[i, "path"] = now + (first["target"] - now) * (y - year) / span
    return Chart(
        kind="line",
        title=f"P0 {REGION_KIND} dan jalur menuju target",
        frame=frame,
        x="year",
        series=(Series("p0", "P0 (%)"), Series("path", "Jalur menuju target P0 terdekat")),
        x_title="Tahun",
        y_title="P0 (%)",
    )
