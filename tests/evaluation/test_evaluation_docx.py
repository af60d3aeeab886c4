"""The yearly review's Word file, from a review built here (no database): every table cell as the
page shows it, every sentence, the TKPK's marked place, tables that fit the page, and a file
LibreOffice turns into a PDF. And the charts it draws."""

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
import time
import zipfile

import numpy as np
import pandas as pd
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from analytics.evaluation.chapter import TKPK_PLACEHOLDER, Chapter, Chart, Evaluation, Series
from analytics.evaluation.quadrant import QUADRANTS
from analytics.report.evaluation_charts import UNCERTAIN_LABEL, chart_figure, chart_png
from analytics.report.evaluation_docx import AUTHOR, SOURCES_TITLE, evaluation_docx
from analytics.report.tables import SUPPRESSION_TITLE, table

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NAMES = ["Api-Api", "Belimbing", "Berbas Pantai", "Berbas Tengah", "Bontang Baru", "Bontang Kuala", "Guntung"]


def line_chart() -> Chart:
    years = [2021, 2022, 2023, 2024, 2025]
    frame = pd.DataFrame({"year": years, "p0": [4.1, 3.9, np.nan, 3.5, 3.4], "bps": [4.0, 3.8, 3.7, np.nan, 3.3]})
    series = (Series("p0", "Dasbor"), Series("bps", "BPS"))
    return Chart("line", "P0 (%) menurut tahun", frame, "year", series, "Tahun", "P0 (%)")


def scatter_chart() -> Chart:
    frame = pd.DataFrame(
        {
            "nama": NAMES,
            "p0": [1.6, 2.7, 6.6, 5.1, 1.7, 4.0, 6.1],
            "p2": [0.86, 0.29, 0.60, 0.64, np.nan, 0.05, 0.32],  # Bontang Baru: no P2, not drawn
            "ragu": [False, True, False, False, True, False, True],
        }
    )
    return Chart(
        "scatter",
        "Kelurahan menurut P0 dan P2",
        frame,
        "p0",
        (Series("p2", "Kelurahan"),),
        "P0 (%)",
        "P2 (×100)",
        label="nama",
        x_split=4.0,
        y_split=0.4,
        uncertain="ragu",
        note="Garis putus-putus: nilai kota.",
    )


def barh_chart() -> Chart:
    frame = pd.DataFrame({"program": ["PKH", "Sembako (BPNT)", "PBI-JK"], "a": [45.2, np.nan, 12], "b": [20.1, 30, 5]})
    series = (Series("a", "Cakupan"), Series("b", "Galat"))
    return Chart("barh", "Cakupan per program", frame, "program", series, y_title="%", decimals=1)


def small_table():
    frame = pd.DataFrame({"Indikator": ["P0 (%)", "P1 (×100)", "P2 (×100)"], "2024": [3.5, 0.51, 0.123]})
    return table("Angka", "Angka utama Kota Bontang", frame.assign(**{"2025": [3.4, np.nan, 0.118]}), {"2024": "bps3"})


def program_table():
    """Seven columns: more than a portrait page holds at 10 pt, not more than at 9 pt."""
    frame = pd.DataFrame(
        {
            "Program": ["PKH", "Sembako (BPNT)", "Salah satu program"],
            "Keluarga miskin": [1200, 1200, 1200],
            "Keluarga miskin penerima": [540, "x", 940],
            "Cakupan (%)": [45.0, "x", 78.3],
            "Galat eksklusi (%)": [55.0, "x", 21.7],
            "Penerima": [800, 1000, 1500],
            "Galat inklusi (%)": [20.1, 30.0, 33.3],
        }
    )
    kinds = {c: "int" for c in ("Keluarga miskin", "Keluarga miskin penerima", "Penerima")}
    kinds |= {c: "share" for c in ("Cakupan (%)", "Galat eksklusi (%)", "Galat inklusi (%)")}
    return table("Program", "Cakupan per program", frame, kinds, "Galat eksklusi = tidak menerima / semua.")


def ranking_table():
    """Thirteen columns, as the ranking with its model intervals: a landscape page."""
    rng = np.random.default_rng(7)
    p2 = rng.uniform(0.05, 0.9, len(NAMES))
    frame = pd.DataFrame(
        {
            "Peringkat": range(1, len(NAMES) + 1),
            "Kode": [f"6474{i:06d}" for i in range(len(NAMES))],
            "Kelurahan": NAMES,
            "Penduduk (jiwa)": rng.integers(3000, 30000, len(NAMES)),
            "Penduduk miskin (jiwa)": ["<10"] + [int(v) for v in rng.integers(10, 900, len(NAMES) - 1)],
            "P0 (%)": p2 * 8,
            "P1 (×100)": p2 * 3,
            "P2 (×100)": p2,
            "Kontribusi ke P2 kota (×100)": p2 / 15,
            "Bagian dari P2 kota (%)": p2 * 10,
            "P2 batas bawah 90 % (×100)": p2 * 0.8,
            "P2 batas atas 90 % (×100)": p2 * 1.2,
            "Keandalan P2": ["Andal", "Cukup andal"] * 3 + ["Andal"],
        }
    )
    kinds = {"Peringkat": "int", "Penduduk (jiwa)": "int", "Penduduk miskin (jiwa)": "int", "P0 (%)": "pct"}
    kinds |= {"P1 (×100)": "bps2", "P2 (×100)": "bps3", "Kontribusi ke P2 kota (×100)": "bps4"}
    kinds |= {"Bagian dari P2 kota (%)": "share", "P2 batas bawah 90 % (×100)": "bps3"}
    kinds |= {"P2 batas atas 90 % (×100)": "bps3"}
    made = table("Peringkat", "Kelurahan menurut keparahan kemiskinan (P2)", frame, kinds, "Kontribusi: dekomposisi.")
    return dataclasses.replace(made, marked_rows=(2,))


def review(suppressed: bool = True) -> Evaluation:
    chapters = [
        Chapter(
            1,
            "Tingkat kemiskinan",
            ["P0 turun dari 3,50 % menjadi 3,40 %.", "P2 turun menjadi 0,118."],
            [small_table(), program_table()],
            line_chart(),
            ["Tahun 2023 tanpa angka dasbor."],
        ),
        Chapter(2, "Kelurahan prioritas", ["Tiga kelurahan tinggi dan parah."], [ranking_table()], scatter_chart()),
    ]
    sources = ["Regsosek 2022 (BPS)", "Susenas Maret 2025 (BPS)"]
    return Evaluation(2025, "Kota Bontang", "garis kemiskinan BPS", dt.date(2026, 3, 5), suppressed, chapters, sources)


@pytest.fixture(scope="module")
def ev() -> Evaluation:
    return review()


@pytest.fixture(scope="module")
def content(ev) -> bytes:
    return evaluation_docx(ev)


@pytest.fixture(scope="module")
def doc(content):
    return Document(io.BytesIO(content))


def all_tables(ev: Evaluation):
    return [t for chapter in ev.chapters for t in chapter.tables]


def paragraph_texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def table_sections(doc) -> list:
    """The section each table of the body is in (a paragraph holding a sectPr ends a section)."""
    sections, index, found = list(doc.sections), 0, []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            found.append(sections[index])
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    return found


# ---------------------------------------------------------------- the Word file


def test_every_table_cell_is_the_display_text(doc, ev):
    expected = all_tables(ev)
    assert len(doc.tables) == len(expected)
    for grid, made in zip(doc.tables, expected):
        cells = [[cell.text for cell in row.cells] for row in grid.rows]
        assert cells == [list(made.display.columns)] + made.display.values.tolist()
        header_runs = [run for cell in grid.rows[0].cells for p in cell.paragraphs for run in p.runs]
        assert header_runs and all(run.bold for run in header_runs)
    assert "<10" in [c.text for c in doc.tables[2].columns[4].cells]  # a suppressed count as the page has it


def test_titles_notes_sentences_and_the_tkpk_place(doc, ev):
    texts = paragraph_texts(doc)
    joined = "\n".join(texts)
    for chapter in ev.chapters:
        assert f"Bab {chapter.number}. {chapter.title}" in texts
        for sentence in chapter.sentences:
            assert sentence in joined
        for made in chapter.tables:
            assert made.title in texts
            assert made.note in texts
        for note in chapter.notes:
            assert note in texts
    assert ev.chapters[1].chart.note in texts
    places = [p for p in doc.paragraphs if p.text == TKPK_PLACEHOLDER]
    assert len(places) == len(ev.chapters)
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for p in places for run in p.runs)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Bab 1. Tingkat kemiskinan", "Bab 2. Kelurahan prioritas", SOURCES_TITLE]
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"] == ev.sources


def test_title_page_and_properties(doc, ev):
    texts = paragraph_texts(doc)
    first_chapter = texts.index("Bab 1. Tingkat kemiskinan")
    title_page = texts[:first_chapter]
    assert ev.title in title_page and "Dibuat 5 Maret 2026" in title_page
    assert "Wilayah: Kota Bontang" in title_page and "Garis: garis kemiskinan BPS" in title_page
    assert SUPPRESSION_TITLE in title_page
    plain = Document(io.BytesIO(evaluation_docx(review(suppressed=False))))
    assert SUPPRESSION_TITLE not in paragraph_texts(plain)
    assert doc.core_properties.title == ev.title and doc.core_properties.author == AUTHOR


def test_charts_are_pictures_16_cm_wide(doc):
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 2
    assert all(abs(shape.width - Cm(16)) < Cm(0.01) for shape in shapes)


def test_pages_are_a4_and_tables_fit_them(doc, ev):
    first = doc.sections[0]
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert round(first.left_margin.cm, 1) == round(first.right_margin.cm, 1) == 2.0
    sections = table_sections(doc)
    for grid, section in zip(doc.tables, sections):
        room = section.page_width - section.left_margin - section.right_margin
        assert sum(column.width for column in grid.columns) <= room
    orientations = [section.orientation for section in sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert doc.sections[-1].orientation == WD_ORIENT.PORTRAIT  # back to portrait after the wide table
    sizes = {run.font.size.pt for cell in doc.tables[1].rows[1].cells for p in cell.paragraphs for run in p.runs}
    assert sizes == {9.0}  # seven columns: the smaller font


def test_the_same_review_gives_the_same_bytes(content, ev):
    assert evaluation_docx(ev) == content
    with zipfile.ZipFile(io.BytesIO(content)) as parts:  # not the time of writing
        assert {info.date_time for info in parts.infolist()} == {(2026, 3, 5, 0, 0, 0)}
    later = dataclasses.replace(ev, created=dt.date(2026, 4, 1))
    assert evaluation_docx(later) != content


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def pdf(content, tmp_path_factory) -> PdfReader:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is missing: .ci/run installs libreoffice-writer-nogui"
    folder = tmp_path_factory.mktemp("evaluasi")
    source = folder / "evaluasi.docx"
    source.write_bytes(content)
    profile = (folder / "profile").as_uri()  # its own profile: parallel runs do not share a lock
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    started = time.perf_counter()
    subprocess.run([*command, "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=120)
    print(f"LibreOffice conversion: {time.perf_counter() - started:.1f} s")
    return PdfReader(folder / "evaluasi.pdf")


def test_libreoffice_opens_the_file_and_prints_it(pdf, ev):
    assert len(pdf.pages) >= 1
    pages = [page.extract_text() for page in pdf.pages]
    text = " ".join(" ".join(pages).split())
    assert ev.title in text
    assert text.count(TKPK_PLACEHOLDER) == len(ev.chapters)
    assert any(page.mediabox.width > page.mediabox.height for page in pdf.pages)  # the ranking's page


def test_printed_tables_break_no_word(pdf, ev):
    """Every word of every table prints whole ("Peringka t" would be two words)."""
    words = set(" ".join(page.extract_text() for page in pdf.pages).split())
    for made in all_tables(ev):
        texts = list(made.display.columns) + [v for row in made.display.values.tolist() for v in row]
        missing = {w for text in texts for w in str(text).split()} - words
        assert missing == set(), (made.title, missing)


# ---------------------------------------------------------------- the charts


@pytest.mark.parametrize("make", [line_chart, scatter_chart, barh_chart])
def test_chart_png_draws_every_kind_and_an_empty_one(make):
    chart = make()
    assert chart_png(chart).startswith(PNG_MAGIC)
    empty = dataclasses.replace(chart, frame=chart.frame.assign(**{s.y: np.nan for s in chart.series}))
    assert chart_png(empty).startswith(PNG_MAGIC)


def test_line_chart_leaves_a_gap_for_a_missing_year():
    fig = chart_figure(line_chart())
    dasbor = fig.axes[0].lines[0]
    assert np.isnan(dasbor.get_ydata()[2]) and 0.0 not in list(dasbor.get_ydata())
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks)  # 0,5 not 0.5
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2021", "2022", "2023", "2024", "2025"]


def test_scatter_draws_uncertain_points_hollow_and_skips_missing_ones():
    chart = scatter_chart()
    fig = chart_figure(chart)
    ax = fig.axes[0]
    points = [c for c in ax.collections if len(c.get_offsets())]
    solid = sum(len(c.get_offsets()) for c in points if c.get_facecolors().size and c.get_facecolors()[0][3] > 0)
    hollow = sum(len(c.get_offsets()) for c in points) - solid
    assert (solid, hollow) == (4, 2)  # Bontang Baru (uncertain, no P2) is not drawn
    texts = [t.get_text() for t in ax.texts]
    assert set(QUADRANTS.values()) <= set(texts)
    assert "Bontang Baru" not in texts and "Guntung" in texts
    assert UNCERTAIN_LABEL in [t.get_text() for t in ax.get_legend().get_texts()]
    corner = next(t for t in ax.texts if t.get_text() == QUADRANTS[(True, True)])
    assert corner.get_position()[0] > 0.5 and corner.get_position()[1] > 0.5  # the upper right


def test_barh_draws_no_bar_for_a_missing_value():
    fig = chart_figure(barh_chart())
    bars = [patch for container in fig.axes[0].containers for patch in container]
    assert len(bars) == 5
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["PKH", "Sembako (BPNT)", "PBI-JK"]
    assert fig.axes[0].get_xlabel() == "%"  # the values' title on the values' axis
