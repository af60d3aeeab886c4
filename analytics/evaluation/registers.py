"""Chapter 4, Register dan BPS: why the registers count far more "poor" than BPS.

The registers rank families by a proxy-means test (desil 1-10 of the nation) or list them for
a programme (P3KE, DTKS); BPS counts persons below a rupiah line. Desil 1-4 is the poorest 40 %
of the nation's families, so in a city with few poor it holds many times the poor persons. The
chapter sets the registers' persons beside the poor persons of the one welfare layer (the
model's estimate or the observed count) and BPS's city figure, with one plain explanation.

A role without household access sees the city row only: the registers' counts per kelurahan
are not part of the protected model of the year (:mod:`analytics.disclosure`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.errors import DataError
from analytics.evaluation.chapter import TITLES, Chapter, Chart, Series
from analytics.formats import listed, number, to_tens
from analytics.reference import REGION_CODE, REGION_KIND, REGION_NAME, UNIT, load_bps_poverty, shipped_region_code
from analytics.report.tables import table
from analytics.views.protection import area_figures, needs_protection
from analytics.views.source import Source
from analytics.welfare.estimates import area_estimates
from analytics.welfare.ranks import register_persons
from analytics.welfare.source import welfare_source

EXPLANATION = (
    "Desil adalah peringkat kesejahteraan keluarga secara nasional dari uji sarana terprediksi (PMT), bukan garis "
    "kemiskinan: desil 1–4 adalah 40 % keluarga dengan peringkat terendah di Indonesia. Di "
    f"{REGION_KIND} yang penduduk "
    "miskinnya sedikit, desil 1–4 memuat jauh lebih banyak orang daripada penduduk di bawah garis kemiskinan BPS. "
    "P3KE dan DTKS adalah daftar sasaran program, juga bukan hitungan penduduk miskin."
)
#: The city's own example (docs/facts.md), said once so the reader recognises the gap.
EXAMPLE = (
    "Contoh dari Kota Bontang: portal Pemkot mencatat 47.102 penduduk miskin dari DTKS/P3KE pada 2022, sedangkan "
    "BPS menghitung 8.390 (dikutip media)."
)
#: The register lists a year may lack (its persons are then missing, never 0), and their names.
REGISTERS = {"persons_p3ke": "P3KE", "persons_dtks": "DTKS"}
RATIO_COLUMN = "Rasio desil 1–4 terhadap penduduk miskin"
COLUMNS = {
    "persons_desil_1_4": "Penduduk desil 1–4 (jiwa)",
    "persons_p3ke": "Penduduk P3KE (jiwa)",
    "persons_dtks": "Penduduk DTKS (jiwa)",
    "poor": "Penduduk miskin (jiwa)",
}


def side_by_side(source: Source, year: int, line, user: User | None) -> pd.DataFrame:
    """City row first, then each kelurahan (city only for a protected role): kode, nama, persons,
    the register persons, ``poor`` (the welfare layer's poor persons as shown: to tens on a model
    year, protected for a pimpinan; missing in a year without a money measure) and ``ratio``
    (persons in desil 1-4 per poor person, from the unrounded figure)."""
    levels = ("kota",) if needs_protection(user) else ("kota", "kelurahan")
    frames = [source.get(register_persons, year, level) for level in levels]
    out = pd.concat(frames, ignore_index=True)
    try:
        poor = pd.concat([source.get(area_estimates, year, level, line) for level in levels])
        out["poor"] = out["kode"].map(poor.set_index("kode")["poor"]).astype(object)
    except DataError:
        out["poor"] = np.nan  # no money measure this year: the registers still count
    if needs_protection(user) and out["poor"].notna().any():
        cells = area_figures(source, year, line).set_index("kode")
        shown = out["kode"].map(cells["poor"])
        out["poor"] = [s if is_marker(s) else p for s, p in zip(shown, out["poor"], strict=True)]
    out["ratio"] = [_ratio(d, p) for d, p in zip(out["persons_desil_1_4"], out["poor"], strict=True)]
    if welfare_source(source.cursor(), year).is_model:
        out["poor"] = out["poor"].map(to_tens).astype(object)
    for column in REGISTERS:
        if out.loc[0, column] == 0:  # the year has no such register (DTKS merged into DTSEN): not a zero
            out[column] = np.nan
    return out


def registers_chapter(source: Source, year: int, line, user: User | None) -> Chapter:
    """Chapter 4: the table, the chart of the kelurahan (or the city) and the explanation."""
    rows = side_by_side(source, year, line, user)
    frame = pd.DataFrame({"Kode": rows["kode"], "Wilayah": rows["nama"], "Penduduk (jiwa)": rows["persons"]})
    for column, label in COLUMNS.items():
        frame[label] = rows[column]
    frame[RATIO_COLUMN] = rows["ratio"]
    kinds = {label: "int" for label in ["Penduduk (jiwa)", *COLUMNS.values()]}
    kinds[RATIO_COLUMN] = "dec1"
    kind = _poor_kind(source, year)
    note = f"Penduduk miskin: {kind}, angka yang sama dengan halaman lain"
    note += "; dibulatkan ke puluhan, rasio dari angka sebelum dibulatkan." if "model" in kind else "."
    absent = [name for column, name in REGISTERS.items() if pd.isna(rows.loc[0, column])]
    if absent:
        note += f" –: tahun ini tanpa {listed(absent)} (sejak 2025 DTKS dilebur ke DTSEN)."
    if needs_protection(user):
        note += f" Rincian per {UNIT} hanya untuk peran dengan akses data rumah tangga (analis)."
    tables = [table("Register dan BPS", f"Register dan penduduk miskin, {year}", frame, kinds, note, COLUMNS.values())]
    chart_rows = rows.iloc[1:] if len(rows) > 1 else rows
    chart = Chart(
        kind="barh",
        title=f"Penduduk menurut register dan penduduk miskin, {year}",
        frame=_chart_frame(chart_rows),
        x="nama",
        # A register the year lacks has no bars, and no legend entry either.
        series=tuple(Series(c, label) for c, label in COLUMNS.items() if chart_rows[c].notna().any()),
        x_title="",
        y_title="jiwa",
        decimals=0,
    )
    sentences = _sentences(rows.iloc[0], year, kind)
    return Chapter(4, TITLES[3], sentences, tables, chart, [EXPLANATION])


def _poor_kind(source: Source, year: int) -> str:
    source_kind = welfare_source(source.cursor(), year).kind
    return {"model": "estimasi model (SAE)", "observed": "terhitung dari register"}.get(source_kind, "belum tersedia")


def _ratio(part, whole) -> float | str:
    if is_marker(whole) or pd.isna(whole) or float(whole) == 0:
        return np.nan
    return float(part) / float(whole)


def _chart_frame(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[["nama", *COLUMNS]].copy()
    out["poor"] = [np.nan if is_marker(v) else v for v in out["poor"]]
    return out.astype({c: float for c in COLUMNS}).reset_index(drop=True)


#: Who gives the poor persons, as a sentence says it.
_SAYS = {
    "estimasi model (SAE)": "estimasi model (SAE) memperkirakan",
    "terhitung dari register": "pengeluaran keluarga di register menghitung",
}


def _sentences(city: pd.Series, year: int, kind: str) -> list[str]:
    bps = load_bps_poverty().set_index("year")
    bps_poor = bps["poor_persons"].get(year, np.nan)
    counted = [f"{number(city['persons_desil_1_4'])} jiwa di desil 1–4"]
    counted += [f"{number(city[c])} jiwa di {name}" for c, name in REGISTERS.items() if not pd.isna(city[c])]
    poor = city["poor"]
    if is_marker(poor) or not pd.isna(poor):
        count = poor if is_marker(poor) else number(poor)
        said = f"{_SAYS.get(kind, kind)} {count} penduduk miskin"
    else:
        said = "penduduk miskin tahun ini belum tersedia dari register dan Susenas"
    bps_said = f"BPS: {number(bps_poor)} jiwa" if not pd.isna(bps_poor) else "angka BPS tahun ini belum tersedia"
    out = [f"Pada {year}, register {REGION_NAME} mencatat {listed(counted)}, sedangkan {said} ({bps_said})."]
    if not pd.isna(city["ratio"]):
        out.append(f"Untuk setiap penduduk miskin ada {number(city['ratio'], 1)} penduduk di desil 1–4.")
    if REGION_CODE == shipped_region_code():  # the example is of the shipped region only
        out.append(EXAMPLE)
    return out
