"""The pack of a kelurahan or kecamatan chosen in the sidebar (issue 14, item 8).

Its figures are checked against the analytics called here directly (``analytics.summary``,
``analytics.poverty.area``, the gazetteer in the database), not through ``analytics.report``;
the Excel cells are read back as stored (python-calamine: a number cell comes back a number,
a text cell a string). The pimpinan's version is compared with what
the Ringkasan and Tren pages show the same pimpinan for the same area.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from analytics import summary
from analytics.__main__ import main
from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.narrative import describe_year
from analytics.poverty.area import fgt_by_area
from analytics.report import build_report, file_name
from analytics.report.data import collect
from analytics.views import summary_page, trend_page
from analytics.views.selection import Selection
from analytics.views.source import Source

YEAR = 2024
KOTA = "64.74"
INDICATORS = ("p0", "p1", "p2", "poor", "extreme_poor")
LABELS = (
    "Tingkat kemiskinan (P0)",
    "Indeks kedalaman (P1)",
    "Indeks keparahan (P2)",
    "Penduduk miskin",
    "Penduduk miskin ekstrem",
)
SCALES = (100.0, 100.0, 100.0, 1.0, 1.0)
PIMPINAN = User("uji", "pimpinan")
ANALIS = User("uji", "analis")


@pytest.fixture(scope="module")
def gazetteer(con) -> pd.DataFrame:
    return con.execute("select kode, nama, kode_kecamatan from kelurahan order by kode").df()


@pytest.fixture(scope="module")
def kel(con) -> str:
    """The kelurahan with the most poor persons among those with 1 to 9 extremely poor persons
    (counted on the family table): its pimpinan headline certainly hides a cell, others show."""
    rows = con.execute(
        """
        select f.kode_kelurahan as kode,
               sum(f.size) filter (where f.expenditure_pc < l.official_line) as poor,
               coalesce(sum(f.size) filter (where f.expenditure_pc < l.extreme_line), 0) as extreme
        from family as f join poverty_line as l on l.year = f.year
        where f.year = ?
        group by 1
        """,
        [YEAR],
    ).df()
    candidates = rows[rows["extreme"].between(1, 9) & (rows["poor"] >= 10)].sort_values(["poor", "kode"])
    assert not candidates.empty, rows
    return candidates["kode"].iloc[-1]


@pytest.fixture(scope="module")
def kel_name(gazetteer, kel) -> str:
    return gazetteer.set_index("kode").loc[kel, "nama"]


@pytest.fixture(scope="module")
def packs(con, kel):
    return {fmt: build_report(con, YEAR, fmt, kelurahan=kel) for fmt in ("pdf", "pptx", "xlsx")}


@pytest.fixture(scope="module")
def protected_xlsx(con, kel):
    return build_report(con, YEAR, "xlsx", kelurahan=kel, suppress=True)


def sheet_cells(content: bytes, name: str) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(name).to_python()


def sheet_rows(content: bytes, name: str) -> list[dict]:
    """Rows of one sheet as dicts (row 1 is the title, row 2 the header), cell values as stored."""
    rows = sheet_cells(content, name)
    header = rows[1]
    return [dict(zip(header, row, strict=True)) for row in rows[2:]]


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def pptx_text(content: bytes, index: int) -> str:
    slide = list(Presentation(io.BytesIO(content)).slides)[index]
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


# ---------------------------------------------------------------- the area's own figures


def test_area_headline_in_excel_equals_the_areas_headline(con, packs, kel, kel_name):
    """Numbers stored as numbers, equal to summary.headline of the kelurahan; the city beside."""
    area = summary.headline(con, YEAR, "official", kel).table.set_index("indicator")
    city = summary.headline(con, YEAR, "official", KOTA).table.set_index("indicator")
    direct = fgt_by_area(con, YEAR, by="kelurahan").set_index("kode").loc[kel]
    assert area.loc["p0", "value"] == pytest.approx(direct["p0"], rel=1e-12)  # the reference is the kelurahan's
    assert area.loc["p0", "value"] != pytest.approx(city.loc["p0", "value"])
    assert kel_name in sheet_cells(packs["xlsx"], "Angka utama")[0][0]
    rows = {str(r["Indikator"]).replace(" *", ""): r for r in sheet_rows(packs["xlsx"], "Angka utama")}
    for key, label, scale in zip(INDICATORS, LABELS, SCALES, strict=True):
        row = rows[label]
        for column, expected in (
            (f"Tahun {YEAR}", area.loc[key, "value"]),
            (f"Tahun {YEAR - 1}", area.loc[key, "previous"]),
            ("Perubahan", area.loc[key, "change"]),
            (f"Kota Bontang {YEAR}", city.loc[key, "value"]),
        ):
            assert isinstance(row[column], int | float), (label, column, row[column])
            assert row[column] == pytest.approx(expected * scale, rel=1e-12, abs=1e-12), (label, column)


def test_area_headline_equals_the_page_for_that_area(con, packs, kel):
    """The PowerPoint headline table shows the figures the Ringkasan page shows for the area."""
    page = summary_page.build(Source.of(con), Selection(YEAR, kelurahan=kel), ANALIS)
    slide = list(Presentation(io.BytesIO(packs["pptx"])).slides)[1]
    grid = next(shape.table for shape in slide.shapes if shape.has_table)
    cells = {grid.cell(r, 0).text.replace(" *", ""): grid.cell(r, 2).text for r in range(1, len(grid.rows))}
    for metric, label in zip(page.metrics, LABELS, strict=True):
        assert metric.value.replace(" jiwa", "") == cells[label], (label, metric.value, cells[label])


def test_area_trend_is_the_kelurahans(con, packs, kel):
    rows = sheet_rows(packs["xlsx"], "Tren")
    assert not any("BPS" in str(column) for column in rows[0])  # BPS publishes the city only
    for row in rows:
        year = int(str(row["Tahun"])[:4])
        truth = fgt_by_area(con, year, by="kelurahan").set_index("kode").loc[kel]
        assert row["P0 dasbor (%)"] == pytest.approx(truth["p0"] * 100, rel=1e-12), year
        assert row["P2 dasbor (×100)"] == pytest.approx(truth["p2"] * 100, rel=1e-12), year
    assert len(rows) >= 2


def test_area_narrative_is_the_areas_paragraph(con, packs, kel, kel_name):
    paragraph = describe_year(summary.headline(con, YEAR, "official", kel), summary.kelurahan_change(con, YEAR))
    city_paragraph = describe_year(summary.headline(con, YEAR), summary.kelurahan_change(con, YEAR))
    assert paragraph != city_paragraph and kel_name in paragraph
    assert " ".join(paragraph.split()) in pdf_pages(packs["pdf"])[8]
    assert paragraph in pptx_text(packs["pptx"], 8)


# ---------------------------------------------------------------- title, names, marked rows


def test_area_pack_names_the_area(packs, kel_name):
    title = f"Ringkasan Kemiskinan Kelurahan {kel_name} Tahun {YEAR}"
    assert pdf_pages(packs["pdf"])[0].startswith(title)
    assert list(Presentation(io.BytesIO(packs["pptx"])).slides)[0].shapes.title.text == title
    assert all(f"Ringkasan Kemiskinan Kelurahan {kel_name} {YEAR}" in page for page in pdf_pages(packs["pdf"]))


def test_file_names_name_the_area(con, kel, kel_name, gazetteer):
    kec = gazetteer.set_index("kode").loc[kel, "kode_kecamatan"]
    kec_name = con.execute("select nama from kecamatan where kode = ?", [kec]).fetchone()[0]
    assert file_name(2025, "pdf", kelurahan=kel) == f"ringkasan-kemiskinan-{slug(kel_name)}-2025.pdf"
    assert file_name(YEAR, "xlsx", kecamatan=kec) == f"ringkasan-kemiskinan-kecamatan-{slug(kec_name)}-{YEAR}.xlsx"
    assert file_name(YEAR, "pptx") == f"ringkasan-kemiskinan-bontang-{YEAR}.pptx"
    page = summary_page.build(Source.of(con), Selection(YEAR, kelurahan=kel), ANALIS)
    assert [f.file_name for f in page.pack_files] == [
        f"ringkasan-kemiskinan-{slug(kel_name)}-{YEAR}.{fmt}" for fmt in ("pdf", "pptx", "xlsx")
    ]
    assert f"Paket Kelurahan {kel_name} {YEAR}" in page.pack_caption
    city = summary_page.build(Source.of(con), Selection(YEAR), ANALIS)
    assert city.pack_caption.startswith(f"Paket Kota Bontang {YEAR}")


@pytest.mark.parametrize(("sheet", "rows"), [("Peringkat P2", 15), ("Cakupan kelurahan", 16), ("Segmen kelurahan", 15)])
def test_city_wide_tables_mark_the_kelurahan(packs, kel, sheet, rows):
    table = sheet_rows(packs["xlsx"], sheet)
    assert len(table) == rows  # the whole city stays, as context
    marked = [r["Kode"] for r in table if r["Wilayah ini"]]
    assert marked == [kel]


def test_kecamatan_pack_marks_its_kelurahan(con, gazetteer):
    kec = gazetteer["kode_kecamatan"].iloc[-1]
    content = build_report(con, YEAR, "xlsx", kecamatan=kec)
    marked = sorted(r["Kode"] for r in sheet_rows(content, "Peringkat P2") if r["Wilayah ini"])
    assert marked == sorted(gazetteer.loc[gazetteer["kode_kecamatan"] == kec, "kode"])
    head = {str(r["Indikator"]): r for r in sheet_rows(content, "Angka utama")}
    expected = fgt_by_area(con, YEAR, by="kecamatan").set_index("kode").loc[kec]
    assert head["Tingkat kemiskinan (P0)"][f"Tahun {YEAR}"] == pytest.approx(expected["p0"] * 100, rel=1e-12)


def test_city_pack_has_no_marks_and_no_city_column(con):
    content = build_report(con, YEAR, "xlsx")
    assert "Wilayah ini" not in sheet_rows(content, "Peringkat P2")[0]
    assert f"BPS {YEAR}" in sheet_rows(content, "Angka utama")[0]


# ---------------------------------------------------------------- the pimpinan's area pack


def test_pimpinan_area_headline_hides_what_the_page_hides(con, protected_xlsx, kel):
    page = summary_page.build(Source.of(con), Selection(YEAR, kelurahan=kel), PIMPINAN)
    rows = {str(r["Indikator"]).replace(" *", ""): r for r in sheet_rows(protected_xlsx, "Angka utama")}
    shown = collect(con, YEAR, kelurahan=kel, suppress=True).tables["headline"].display
    shown = shown.assign(Indikator=shown["Indikator"].str.replace(" *", "")).set_index("Indikator")
    hidden = 0
    for metric, label in zip(page.metrics, LABELS, strict=True):
        cell = rows[label][f"Tahun {YEAR}"]
        assert is_marker(cell) == is_marker(metric.value), (label, cell, metric.value)
        assert shown.loc[label, f"Tahun {YEAR}"] == metric.value.replace(" jiwa", ""), label  # the same figure
        if is_marker(cell):
            hidden += 1
            assert cell == metric.value
        # a change the page leaves out is hidden in the pack as well
        assert is_marker(rows[label]["Perubahan"]) == (metric.delta is None), label
    assert hidden >= 1  # the chosen kelurahan has 1-9 extremely poor persons


def test_pimpinan_area_trend_hides_what_the_trend_page_hides(con, kel):
    data = collect(con, YEAR, kelurahan=kel, suppress=True)
    page = trend_page.trend(Source.of(con), Selection(YEAR, kelurahan=kel), PIMPINAN).table.set_index("Tahun")
    pack = data.tables["trend"].display.assign(Tahun=lambda f: f["Tahun"].str.slice(0, 4)).set_index("Tahun")
    for year, row in pack.iterrows():
        for measure in ("P0", "P1", "P2"):
            shown = row[f"{measure} dasbor ({'%' if measure == 'P0' else '×100'})"]
            assert is_marker(shown) == is_marker(page.loc[year, f"{measure} register"]), (year, measure)


def test_pimpinan_area_pack_shows_no_small_count(con, kel):
    data = collect(con, YEAR, kelurahan=kel, suppress=True)
    for key, table in data.tables.items():
        values = table.count_cells().to_numpy().ravel()
        small = [v for v in values if v is not None and not is_marker(v) and not pd.isna(v) and 1 <= float(v) <= 9]
        assert not small, (key, small)
    assert "<10" in " ".join(np.asarray(data.tables["headline"].display).ravel())


# ---------------------------------------------------------------- command line


def test_cli_writes_the_kelurahan_pack(db, tmp_path, capsys, kel, kel_name):
    out = tmp_path / "api.pdf"
    code = main(
        ["report", "--db", str(db), "--year", str(YEAR), "--format", "pdf", "--out", str(out), "--kelurahan", kel]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert pdf_pages(out.read_bytes())[0].startswith(f"Ringkasan Kemiskinan Kelurahan {kel_name}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kelurahan", "64.74.09.9999"], "Kode kelurahan '64.74.09.9999' tidak dikenal"),
        (["--kecamatan", "64.74.99"], "Kode kecamatan '64.74.99' tidak dikenal"),
        (["--kecamatan", "64.74.03", "--kelurahan", "64.74.01.1001"], "tidak terletak di Kecamatan"),
    ],
)
def test_cli_wrong_area_exits_2(db, tmp_path, capsys, args, message):
    code = main(
        ["report", "--db", str(db), "--year", str(YEAR), "--format", "pdf", "--out", str(tmp_path / "a.pdf"), *args]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "a.pdf").exists()
