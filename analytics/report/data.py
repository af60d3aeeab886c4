"""Everything a briefing pack shows, computed once from the analytics functions.

:func:`collect` returns a :class:`ReportData`: the tables (:mod:`analytics.report.tables`),
the narrative paragraph and the facts for the title and method pages. The PDF, PPTX and XLSX
writers only lay these out, so the three files always carry the same numbers. No names, NIK or
family identifiers are selected.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from analytics import disclosure as sdc
from analytics import formats as fmt
from analytics import sql
from analytics.access.scope import User
from analytics.errors import DataError
from analytics.labels import line_text
from analytics.model.covariates import COVARIATES
from analytics.model.published import run_row
from analytics.poverty.lines import available_years
from analytics.reference import REGION_CODE, REGION_KIND, REGION_NAME, UNIT, UNIT_TITLE
from analytics.report.area import PackArea, mark, pack_area
from analytics.report.headline import headline_table, trend_table
from analytics.report.tables import (
    SUPPRESSION_RULE,
    Table,
    coverage_area_table,
    coverage_program_table,
    ranking_table,
    segment_area_table,
    segment_table,
    table,
)
from analytics.summary import Headline
from analytics.views import summary_page
from analytics.views.source import Source
from analytics.views.welfare_page import METHOD_NOTE
from analytics.welfare.source import welfare_source

COVARIATE_LABELS = {name: text for name, (text, _) in COVARIATES.items()}

__all__ = ["ReportData", "Table", "collect"]

# The pack is read like a page by one of these: a pimpinan's pack is protected like its pages.
PACK_PIMPINAN = User("(paket)", "pimpinan")
PACK_ANALIS = User("(paket)", "analis")


@dataclass
class ReportData:
    year: int
    previous_year: int | None
    line: dict
    extreme_line: float | None
    extreme_line_status: str | None
    created: _dt.date
    narrative: str
    suppressed: bool
    tables: dict[str, Table]
    kelurahan_p2: pd.DataFrame  # kode, nama, p2 (×100) for the map
    trend: pd.DataFrame  # summary.fgt_trend on the display scale
    sources: list[str] = field(default_factory=list)
    method: list[str] = field(default_factory=list)
    area: str = REGION_CODE  # the city, or the kecamatan or kelurahan the pack speaks of
    area_name: str = REGION_NAME  # 'Kota Bontang', 'Kecamatan Bontang Selatan', 'Kelurahan Api-Api'
    highlight: tuple[str, ...] = ()  # kelurahan outlined on the map (those of the area)

    @property
    def audience(self) -> str:
        """Who the pack is for, under its title."""
        if self.area == REGION_CODE:
            return "Bahan paparan Kantor Wali Kota"
        return f"Bahan paparan {self.area_name}, {REGION_NAME}"

    @property
    def of_area(self) -> str:
        """', Kelurahan Api-Api' after a page title of an area's pack ('' for the city's)."""
        return "" if self.area == REGION_CODE else f", {self.area_name}"

    @property
    def of_city(self) -> str:
        """', Kota Bontang' after the title of a city-wide page in an area's pack."""
        return "" if self.area == REGION_CODE else f", {REGION_NAME}"


def _protected(source: Source, year: int, line) -> pd.DataFrame | None:
    """Protected figures of a year, or None when the year or its line does not exist."""
    try:
        return source.get(sdc.protected_area_figures, year, line)
    except DataError:
        return None


def _sources(con) -> tuple[list[str], dict]:
    meta = dict(sql.frame(con, "meta/import_meta").itertuples(index=False))
    log = sql.frame(con, "quality/rows_by_source")
    names = {
        "regsosek": "Regsosek (BPS)",
        "dtks": "DTKS (Kemensos)",
        "p3ke_keluarga": "P3KE keluarga (Kemenko PMK)",
        "p3ke_individu": "P3KE individu (Kemenko PMK)",
    }
    lines = [
        f"{names.get(row.source, row.source)}: tahun {row.first}–{row.last}, "
        f"{fmt.number(row.loaded, 0, fmt.PRINT_MINUS)} baris dimuat"
        for row in log.sort_values("source").itertuples(index=False)
    ]
    return lines, meta


def _imported(meta: dict) -> str:
    imported = str(meta.get("imported_at", fmt.MISSING))
    try:
        return fmt.long_date(_dt.date.fromisoformat(imported[:10]))
    except ValueError:
        return imported


#: How the model treated expenditure, as the method note prints it (then the draws).
PRINTED_TRANSFORMS = {
    "boxcox": "ditransformasi Box-Cox agar mendekati sebaran normal; ",
    "log": "ditransformasi logaritma; ",
    "log-shift": "ditransformasi logaritma dengan pergeseran; ",
    "none": "tanpa transformasi; ",
}


def _welfare_lines(con, h: Headline) -> list[str]:
    """What the welfare figures are: observed expenditure, or the model's method note and run."""
    if h.welfare != "model":
        return [
            "Kesejahteraan (y) adalah pengeluaran per kapita per bulan yang tercatat untuk setiap keluarga, bukan "
            "hasil Susenas; angka dasbor dapat berbeda dari angka resmi BPS."
        ]
    source = welfare_source(con, h.year)
    run = run_row(con, source.run_id)
    return [
        METHOD_NOTE,
        # Words an official reads: no model id, seed or code name (issue 27, point 7).
        f"Model yang diterbitkan: {fmt.number(run['n_survey'])} rumah tangga survei, "
        f"{fmt.number(run['n_frame'])} keluarga Regsosek; pengeluaran {PRINTED_TRANSFORMS.get(run['transform'], '')}"
        f"{fmt.number(run['mc_draws'])} simulasi per keluarga dan {fmt.number(run['bootstrap'])} ulangan bootstrap; "
        f"kovariat: {', '.join(COVARIATE_LABELS.get(c, c) for c in run['covariates'].split(','))}."
        + (f" Benchmarking: {run['benchmark']}." if run.get("benchmark") else " Tanpa benchmarking."),
    ]


def _method(con, h: Headline, source_lines: list[str], imported: str, suppress: bool) -> list[str]:
    extreme_text = ""
    if h.extreme_line is not None:
        extreme_text = (
            f"Garis kemiskinan ekstrem tahun {h.year}: {fmt.rupiah(h.extreme_line.amount, fmt.PRINT_MINUS)} per kapita "
            f"per bulan{' (perkiraan)' if h.extreme_line.is_estimated else ''}."
        )
    method = [
        "Ukuran Foster-Greer-Thorbecke (FGT): P_α = (1/n) Σ ((z − y_i)/z)^α atas penduduk miskin (y_i < z); "
        "α = 0 tingkat kemiskinan (P0), α = 1 kedalaman (P1), α = 2 keparahan (P2). Dihitung per jiwa: "
        "setiap anggota keluarga dihitung.",
        f"Garis yang dipakai: {line_text(h.line, fmt.PRINT_MINUS)} (tahun {h.year}). {extreme_text}".strip(),
        "P0 dalam persen; P1 dan P2 dikalikan 100 seperti publikasi BPS.",
        *_welfare_lines(con, h),
        "Program: keluarga miskin dianggap menerima program bila salah satu catatan register tahun itu "
        "menyatakannya. Segmen 'diberdayakan' mengasumsikan setiap anggota disabilitas berusia kerja.",
        "Sumber data:",
        *[f"– {s}" for s in source_lines],
        f"– BPS {REGION_NAME}: rilis pers 2023 dan media regional (garis, jumlah penduduk miskin, P0, P1, P2).",
        f"– Pernyataan Pemerintah {REGION_NAME}: angka {REGION_KIND} yang belum dirilis BPS, ditandai "
        "† beserta sumbernya.",
        f"– Basis data diimpor {imported}.",
        "Berkas ini tidak memuat nama, NIK atau nomor KK.",
    ]
    return method + ([SUPPRESSION_RULE] if suppress else [])


def _tables(
    con, source: Source, h: Headline, line, suppress: bool, area: PackArea, city: Headline | None
) -> tuple[dict[str, Table], pd.DataFrame]:
    """Every table; for a kecamatan or kelurahan its own figures (``h``, beside the ``city``'s),
    segments and trend, and the city-wide tables with its rows marked."""
    year = h.year
    protected = _protected(source, year, line) if suppress else None
    trend_figures = {y: _protected(source, y, line) for y in available_years(con)} if suppress else None
    extreme_status = h.extreme_line.status if h.extreme_line is not None else None
    tables: dict[str, Table] = {
        "headline": headline_table(
            h.as_shown(),
            year,
            h.previous_year,
            extreme_status,
            None if city is None else city.as_shown(),
            area.title_name,
        ),
        "ranking": ranking_table(con, year, line, protected),
        "coverage_area": coverage_area_table(con, year, line, protected),
        "coverage_program": coverage_program_table(con, year, line, protected),
        "segments": segment_table(con, year, line, protected, area.code, area.level, area.title_name),
        "segments_area": segment_area_table(con, year, line, protected),
    }
    tables["trend"], trend = trend_table(con, line, trend_figures, area.code)
    kel = tables["ranking"].frame[["Kode", UNIT_TITLE, "P2 (×100)"]].sort_values("Kode", kind="stable")
    tables["map"] = table("Peta P2", f"Data peta: keparahan kemiskinan (P2) per {UNIT}", kel, {"P2 (×100)": "bps3"})
    if not area.is_city:  # city-wide tables stay as context, with the area's rows marked
        for key in ("ranking", "coverage_area", "segments_area"):
            tables[key] = mark(tables[key], area)
    return tables, trend


def collect(
    con: duckdb.DuckDBPyConnection,
    year: int,
    line="official",
    today: _dt.date | None = None,
    *,
    suppress: bool = False,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
) -> ReportData:
    """Compute every table, the narrative and the notes of one year's pack.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Integrated database (read-only is enough).
    year : int
        A year with families.
    line : {'official', 'extreme'} or float
        Line for P0, P1, P2, coverage eligibility and segments.
    today : datetime.date, optional
        Date printed on the title page (default: today).
    suppress : bool, default False
        For roles without household access: every count of persons or families from 1 to
        9, in every table and in the narrative, is shown as ``<10``, and every figure that
        would give it back (by subtraction from a city, kecamatan or row total, or from a
        percentage) as ``x`` (:func:`analytics.disclosure.protected_area_figures`; the same
        cells as on the dashboard, through the same page functions). The notes state the rule.
    kecamatan, kelurahan : str, optional
        The sidebar's choice (Kemendagri codes): the pack of that area, its headline, trend,
        segments and paragraph as the Ringkasan page shows them for it, the city's figures
        beside, and the city-wide tables with its rows marked. Neither: the city's pack.

    Raises
    ------
    analytics.errors.UserError
        Unknown year or area code, a line missing for the year (messages in Bahasa Indonesia).
    """
    area = pack_area(kecamatan, kelurahan)
    source = Source.of(con)
    reader = PACK_PIMPINAN if suppress else PACK_ANALIS
    h = summary_page.headline(source, year, line, area.code, reader)
    city = None if area.is_city else summary_page.headline(source, year, line, REGION_CODE, reader)
    narrative = summary_page.narrative(source, area.selection(h.year, line), reader)
    tables, trend = _tables(con, source, h, line, suppress, area, city)
    if suppress:  # a file taken away holds no more precision than the screen shows
        tables = {k: replace(t, frame=sdc.round_as_shown(t.frame, t.display)) for k, t in tables.items()}
    kelurahan_p2 = tables["map"].frame.rename(columns={"Kode": "kode", UNIT_TITLE: "nama", "P2 (×100)": "p2"})
    # The map colours numbers: a hidden P2 is drawn grey, like a kelurahan without data.
    kelurahan_p2["p2"] = kelurahan_p2["p2"].map(lambda v: np.nan if sdc.is_marker(v) else v).astype(float)
    source_lines, meta = _sources(con)
    imported = _imported(meta)
    return ReportData(
        year=h.year,
        previous_year=h.previous_year,
        line=h.line.as_dict(),
        extreme_line=h.extreme_line.amount if h.extreme_line is not None else None,
        extreme_line_status=h.extreme_line.status if h.extreme_line is not None else None,
        created=today or _dt.date.today(),
        narrative=narrative,
        suppressed=suppress,
        tables=tables,
        kelurahan_p2=kelurahan_p2.reset_index(drop=True),
        trend=trend,
        sources=[
            f"Register terpadu (P3KE, DTKS, Regsosek), diimpor {imported}",
            f"Angka resmi kemiskinan: BPS {REGION_NAME} (Susenas Maret)",
            "Batas wilayah: Kemendagri (Kepmendagri 300.2.2-2138/2025)",
        ],
        method=_method(con, h, source_lines, imported, suppress),
        area=area.code,
        area_name=area.title_name,
        highlight=tuple(kelurahan_p2.loc[area.holds(kelurahan_p2["kode"]), "kode"]) if not area.is_city else (),
    )
