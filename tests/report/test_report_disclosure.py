"""The briefing pack for a pimpinan (issue 6): ``build_report(..., suppress=True)``.

Every count of persons or families from 1 to 9 in every table and text is ``<10``, the cells
that would give one back are ``x``, and the notes state the rule. On the small demo (seed 3,
scale 0.03) kelurahan have only a handful of poor families, so small counts certainly occur:
the first test checks that straight on the family table.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from analytics.formats import parse_number
from analytics.report import build_report
from analytics.report.data import collect
from analytics.report.tables import SUPPRESSION_RULE
from tests.report.sdc_audit import determined

YEAR = 2024
KOTA = "64.74"
SMALL, HIDDEN = "<10", "x"

#: Which columns of which sheet hold counts of persons or families (the spec of this test;
#: ``Table.counts`` of the pack must agree). Angka utama: only its two count rows.
COUNT_COLUMNS = {
    "Angka utama": (f"Tahun {YEAR}", f"Tahun {YEAR - 1}"),
    "Peringkat P2": ("Penduduk (jiwa)", "Penduduk miskin (jiwa)"),
    "Cakupan kelurahan": (
        "Keluarga miskin",
        "Keluarga miskin penerima program",
        "Keluarga miskin tanpa program",
        "Penerima program",
    ),
    "Cakupan program": ("Keluarga miskin", "Keluarga miskin penerima", "Penerima"),
    "Segmen": ("Keluarga miskin", "Penduduk miskin (jiwa)"),
    "Segmen kelurahan": ("Keluarga diberdayakan", "Keluarga dibantu", "Jiwa diberdayakan", "Jiwa dibantu"),
}
COUNT_ROWS = {"Angka utama": ("Penduduk miskin", "Penduduk miskin ekstrem")}
# Kelurahan sheets: each count column adds up to a city figure the pack shows (the city row,
# the headline, or the segments table), so none may have exactly one hidden cell.
KELURAHAN_SHEETS = {"Peringkat P2": "Kelurahan", "Cakupan kelurahan": "Wilayah", "Segmen kelurahan": "Kelurahan"}
RECEIVES_ANY = (
    "receives_pkh or receives_sembako or receives_pbi or receives_bst or receives_bpum "
    "or receives_prakerja or receives_kur"
)


@pytest.fixture(scope="module")
def small_cases(con) -> pd.DataFrame:
    """Per kelurahan, counted straight on the family table: poor families without any program
    and poor persons on the official line."""
    return (
        con.execute(
            f"""
        select k.nama,
               count(*) filter (where f.expenditure_pc < l.official_line and not ({RECEIVES_ANY})) as uncovered,
               coalesce(sum(f.size) filter (where f.expenditure_pc < l.official_line), 0) as poor_persons
        from family as f
        join kelurahan as k on k.kode = f.kode_kelurahan
        join poverty_line as l on l.year = f.year
        where f.year = ?
        group by k.nama
        """,
            [YEAR],
        )
        .df()
        .set_index("nama")
    )


@pytest.fixture(scope="module")
def packs(con):
    built = {fmt: build_report(con, YEAR, fmt, suppress=True) for fmt in ("pdf", "pptx", "xlsx")}
    built["plain_xlsx"] = build_report(con, YEAR, "xlsx")
    return built


def sheets(content: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(content), sheet_name=None, header=1, engine="calamine")


def small_number(value) -> bool:
    """A cell holding a count from 1 to 9 (a number, or text such as '7')."""
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except ValueError:
            return False
    return not pd.isna(value) and 1 <= float(value) <= 9


def count_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    cells = frame[list(COUNT_COLUMNS[name])]
    if name in COUNT_ROWS:
        label = frame.iloc[:, 0].astype(str).str.replace(" *", "", regex=False)
        cells = cells[label.isin(COUNT_ROWS[name]).to_numpy()]
    return cells


# ---------------------------------------------------------------- the data has small counts


def test_small_counts_occur_in_the_demo_data(small_cases):
    assert small_cases["uncovered"].between(1, 9).sum() >= 3, small_cases
    assert small_cases["poor_persons"].between(1, 9).any(), small_cases


def test_the_table_spec_agrees_with_the_pack(con):
    data = collect(con, YEAR, suppress=True)
    declared = {t.sheet: t.counts for t in data.tables.values() if t.counts}
    assert declared == COUNT_COLUMNS
    assert data.suppressed and SUPPRESSION_RULE in data.method


# ---------------------------------------------------------------- XLSX


def test_suppressed_xlsx_shows_no_count_from_1_to_9(packs):
    book = sheets(packs["xlsx"])
    markers = 0
    for name in COUNT_COLUMNS:
        cells = count_frame(name, book[name])
        small = [v for column in cells for v in cells[column] if small_number(v)]
        assert small == [], (name, small)
        markers += int(cells.isin([SMALL]).sum().sum())
    assert markers > 10
    method = " ".join(str(v) for v in book["Metode"]["Keterangan"])
    assert SUPPRESSION_RULE in method


def test_suppressed_xlsx_hides_exactly_the_small_cells_and_complements(packs, small_cases):
    """Against the plain pack: a count of 1 to 9 is '<10', every other count is either
    unchanged or 'x'; the uncovered families of each kelurahan follow the SQL count."""
    plain, shown = sheets(packs["plain_xlsx"]), sheets(packs["xlsx"])
    for name in COUNT_COLUMNS:
        before, after = count_frame(name, plain[name]), count_frame(name, shown[name])
        for column in before:
            for b, a in zip(before[column], after[column]):
                if 1 <= b <= 9:
                    assert a == SMALL, (name, column, b, a)
                else:
                    assert a == HIDDEN or float(a) == b, (name, column, b, a)
    cov = shown["Cakupan kelurahan"].set_index("Wilayah")
    for kelurahan, n in small_cases["uncovered"].items():
        cell = cov.loc[kelurahan, "Keluarga miskin tanpa program"]
        if 1 <= n <= 9:
            assert cell == SMALL, (kelurahan, n, cell)
        else:
            assert cell == HIDDEN or float(cell) == n, (kelurahan, n, cell)


def test_no_shown_total_has_exactly_one_hidden_cell(packs):
    book = sheets(packs["xlsx"])
    city_row = book["Cakupan kelurahan"]["Kode"] == KOTA
    for name, label in KELURAHAN_SHEETS.items():
        frame = book[name]
        cells = frame[~city_row] if name == "Cakupan kelurahan" else frame
        for column in COUNT_COLUMNS[name]:
            hidden = int(cells[column].isin([SMALL, HIDDEN]).sum())
            assert hidden != 1, (name, column, cells[[label, column]])
    # Within a row: poor families = with a program + without one.
    cov = book["Cakupan kelurahan"]
    parts = ["Keluarga miskin", "Keluarga miskin penerima program", "Keluarga miskin tanpa program"]
    per_row = cov[parts].isin([SMALL, HIDDEN]).sum(axis=1)
    assert not (per_row == 1).any(), cov[per_row == 1]


def pack_equations(book: dict[str, pd.DataFrame]) -> tuple[dict, set, list]:
    """The cells of the XLSX (known numbers, hidden markers) and the relations a reader can
    use between them: kelurahan adding up to the city, a row's parts adding up to its total,
    the same figure in two tables, and shares times their denominator."""
    known, hidden, equations = {}, set(), []

    def cell(name, value):
        if isinstance(value, str) and value in (SMALL, HIDDEN):
            hidden.add(name)
        elif not pd.isna(value):
            known[name] = float(value)
        return name

    cov = book["Cakupan kelurahan"]
    columns = {
        "Keluarga miskin": "e",
        "Keluarga miskin penerima program": "c",
        "Keluarga miskin tanpa program": "u",
        "Penerima program": "r",
    }
    kelurahan = [k for k in cov["Kode"] if k != KOTA]
    for row in cov.itertuples(index=False):
        values = dict(zip(cov.columns, row))
        area = values["Kode"]
        for column, short in columns.items():
            cell(("cov", area, short), values[column])
        equations.append({("cov", area, "e"): 1, ("cov", area, "c"): -1, ("cov", area, "u"): -1})
        share = values["Cakupan (%)"]
        if not isinstance(share, str) and not pd.isna(share):
            equations.append({("cov", area, "c"): 1, ("cov", area, "e"): -share / 100})
    for short in columns.values():
        equations.append({("cov", KOTA, short): 1, **{("cov", k, short): -1 for k in kelurahan}})
    ranking = book["Peringkat P2"]
    for row in ranking.itertuples(index=False):
        values = dict(zip(ranking.columns, row))
        area = values["Kode"]
        cell(("rank", area, "pop"), values["Penduduk (jiwa)"])
        cell(("rank", area, "poor"), values["Penduduk miskin (jiwa)"])
        p0 = values["P0 (%)"]
        if not isinstance(p0, str) and not pd.isna(p0):
            equations.append({("rank", area, "poor"): 1, ("rank", area, "pop"): -p0 / 100})
    head = book["Angka utama"].set_index("Indikator")
    cell(("city", "poor"), head.loc["Penduduk miskin", f"Tahun {YEAR}"])
    equations.append({("city", "poor"): 1, **{("rank", k, "poor"): -1 for k in kelurahan}})
    segments = book["Segmen kelurahan"]
    seg_columns = {
        "Keluarga diberdayakan": "ef",
        "Keluarga dibantu": "af",
        "Jiwa diberdayakan": "ep",
        "Jiwa dibantu": "ap",
    }
    for row in segments.itertuples(index=False):
        values = dict(zip(segments.columns, row))
        area = values["Kode"]
        for column, short in seg_columns.items():
            cell(("seg", area, short), values[column])
        equations.append({("cov", area, "e"): 1, ("seg", area, "ef"): -1, ("seg", area, "af"): -1})
        equations.append({("rank", area, "poor"): 1, ("seg", area, "ep"): -1, ("seg", area, "ap"): -1})
    city = book["Segmen"].set_index("Segmen")
    for label, kind in (("Diberdayakan", "e"), ("Dibantu", "a")):
        cell(("seg", KOTA, kind + "f"), city.loc[label, "Keluarga miskin"])
        cell(("seg", KOTA, kind + "p"), city.loc[label, "Penduduk miskin (jiwa)"])
    for short in seg_columns.values():
        equations.append({("seg", KOTA, short): 1, **{("seg", k, short): -1 for k in kelurahan}})
    equations.append({("cov", KOTA, "e"): 1, ("seg", KOTA, "ef"): -1, ("seg", KOTA, "af"): -1})
    equations.append({("city", "poor"): 1, ("seg", KOTA, "ep"): -1, ("seg", KOTA, "ap"): -1})
    return known, hidden, equations


def test_no_hidden_count_can_be_computed_back_from_the_pack(packs):
    known, hidden, equations = pack_equations(sheets(packs["xlsx"]))
    assert len(hidden) > 20
    assert determined(known, hidden, equations) == []
    # The auditor finds what a table hiding only the small cells would give away.
    plain = sheets(packs["plain_xlsx"])
    for name in ("Cakupan kelurahan", "Segmen kelurahan", "Segmen", "Peringkat P2"):
        for column in COUNT_COLUMNS[name]:
            plain[name][column] = [SMALL if 1 <= v <= 9 else v for v in plain[name][column]]
    known, hidden, equations = pack_equations(plain)
    assert determined(known, hidden, equations) != []


def test_a_hidden_poor_count_hides_the_shares_that_give_it_back(packs):
    ranking = sheets(packs["xlsx"])["Peringkat P2"]
    hidden = ranking["Penduduk miskin (jiwa)"].isin([SMALL, HIDDEN])
    assert hidden.any()
    for column in ("P0 (%)", "P1 (×100)", "P2 (×100)", "Kontribusi ke P2 kota (×100)", "Bagian dari P2 kota (%)"):
        assert (ranking.loc[hidden, column] == HIDDEN).all(), column
        assert (ranking.loc[~hidden, column] != HIDDEN).all(), column
    coverage = sheets(packs["xlsx"])["Cakupan kelurahan"]
    share_hidden = coverage["Cakupan (%)"] == HIDDEN
    assert (share_hidden | ~coverage["Keluarga miskin penerima program"].isin([SMALL, HIDDEN])).all()


# ---------------------------------------------------------------- PPTX and PDF


def pptx_tables(content: bytes) -> list[pd.DataFrame]:
    tables = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                tables.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return tables


def test_suppressed_pptx_tables_show_no_count_from_1_to_9(packs):
    tables = pptx_tables(packs["pptx"])
    checked, markers = 0, 0
    for table in tables:
        for name, columns in COUNT_COLUMNS.items():
            if not set(columns) <= set(table.columns) or name == "Cakupan program" and "Program" not in table:
                continue
            cells = count_frame(name, table) if name in COUNT_ROWS else table[list(columns)]
            small = [v for column in cells for v in cells[column] if small_number(v)]
            assert small == [], (name, small)
            markers += int(cells.isin([SMALL]).sum().sum())
            checked += 1
    assert checked >= 6 and markers > 10
    text = " ".join(
        shape.text_frame.text
        for slide in Presentation(io.BytesIO(packs["pptx"])).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "<10" in text and "Pengendalian pengungkapan statistik" in text


def test_suppressed_pdf_shows_no_count_from_1_to_9(packs, small_cases):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(packs["pdf"])).pages]
    names = sorted([*small_cases.index, "Kota Bontang"], key=len, reverse=True)
    rows = 0
    # Ranking page: rank, name, population, poor persons, shares …; coverage page: kode, name,
    # poor families, with a program, coverage %, without one, recipients, inclusion %.
    for page, positions in ((pages[4], (0, 1)), (pages[5], (0, 1, 3, 4))):
        for line in page.splitlines():
            if not re.match(r"^(\d+|64\.74[\d.]*) ", line):
                continue
            rest = line.split(" ", 1)[1]
            name = next((n for n in names if rest.startswith(n + " ")), None)
            if name is None:
                continue
            tokens = rest[len(name) :].replace(" %", "").split()
            counts = [tokens[i] for i in positions]
            assert not [t for t in counts if small_number(t)], line
            assert all(t in (SMALL, HIDDEN) or t == "0" or parse_number(t) >= 10 for t in counts), line
            rows += 1
    assert rows == 15 + 16
    assert SMALL in pages[5] and SMALL in pages[7]
    assert "Pengendalian pengungkapan statistik" in pages[9]


# ---------------------------------------------------------------- texts


def test_suppressed_narrative_has_no_small_count(con):
    data = collect(con, YEAR, suppress=True)
    plain = collect(con, YEAR)
    phrases = (r"tercatat (\S+) jiwa", r"ekstrem (\S+) jiwa", r"tahun \d{4}: (\S+) jiwa")
    plain_counts = [c for p in phrases for c in re.findall(p, plain.narrative)]
    shown_counts = [c for p in phrases for c in re.findall(p, data.narrative)]
    # the demo's extremely poor are a handful: the plain paragraph gives their number
    assert any(small_number(c) for c in plain_counts), plain.narrative
    assert len(shown_counts) == len(plain_counts) and not any(small_number(c) for c in shown_counts)
    assert "penduduk miskin ekstrem <10 jiwa" in data.narrative
    assert "<10: kurang dari 10" in data.narrative


def test_plain_pack_is_unchanged_by_the_option(packs):
    plain = sheets(packs["plain_xlsx"])
    cov = plain["Cakupan kelurahan"]
    assert not cov.isin([SMALL, HIDDEN]).any().any()
    assert cov["Keluarga miskin tanpa program"].between(1, 9).any()
    assert not any("Pengendalian" in str(v) for v in plain["Metode"]["Keterangan"])
    assert np.issubdtype(cov["Keluarga miskin"].dtype, np.number)


def test_suppressed_narrative_names_no_hidden_kelurahan(con):
    from analytics.disclosure import is_marker, protected_area_figures

    hidden = set()
    for year in (YEAR, YEAR - 1):
        cells = protected_area_figures(con, year, "extreme")
        kel = cells[cells["kode"].str.count(r"\.") == 3]
        hidden |= set(kel.loc[kel["poor"].map(is_marker) | kel["p0"].map(is_marker), "nama"])
    plain = collect(con, YEAR, line="extreme").narrative
    shown = collect(con, YEAR, line="extreme", suppress=True).narrative
    assert [name for name in hidden if name in plain], plain  # the plain paragraph names some
    assert not [name for name in hidden if name in shown], shown
