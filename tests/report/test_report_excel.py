"""Excel downloads open with numbers that sort and sum (issue 14): numeric cells with a number
format for every figure column, identifiers as text, the header row frozen.

Read back from the file itself (the sheet XML and its styles), not from the writer's code.
"""

import io
import re
import zipfile

import duckdb
import pandas as pd
import pytest

from analytics.report import build_report
from analytics.views.tables import LIST_KINDS
from ui.exports import excel_bytes

YEAR = 2024


def cell_formats(content: bytes, sheet_name: str) -> dict[str, str]:
    """Cell reference ('E3') -> its Excel number format code, for every cell of one sheet."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        sheet = book.read(f"xl/worksheets/sheet{names.index(sheet_name) + 1}.xml").decode()
        styles = book.read("xl/styles.xml").decode()
    codes = {int(i): c for i, c in re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles)}
    codes |= {0: "General", 3: "#,##0", 9: "0%", 10: "0.00%"}
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
    xf_codes = [codes.get(int(i), i) for i in re.findall(r'<xf numFmtId="(\d+)"', xfs)]
    cells = re.findall(r'<c r="([A-Z]+\d+)"(?: s="(\d+)")?(?: t="(\w+)")?', sheet)
    return {ref: xf_codes[int(s or 0)].replace("&quot;", '"') for ref, s, _ in cells}


def column_letter(index: int) -> str:
    return chr(ord("A") + index)


@pytest.fixture(scope="module")
def pack(small_db):
    with duckdb.connect(str(small_db), read_only=True) as con:
        return build_report(con, YEAR, "xlsx")


def test_briefing_pack_figures_are_formatted_numbers(pack):
    ranking = pd.read_excel(io.BytesIO(pack), sheet_name="Peringkat P2", header=1, engine="calamine")
    for column in ("Penduduk (jiwa)", "P0 (%)", "P1 (×100)", "P2 (×100)"):
        assert pd.api.types.is_numeric_dtype(ranking[column]), column
        assert ranking[column].sum() > 0
    formats = cell_formats(pack, "Peringkat P2")
    header = list(ranking.columns)
    wanted = {"Penduduk (jiwa)": "#,##0", "P0 (%)": "0.00", "P1 (×100)": "0.00", "P2 (×100)": "0.000"}
    for column, code in wanted.items():
        ref = f"{column_letter(header.index(column))}3"  # row 1 title, row 2 header, row 3 first kelurahan
        assert formats[ref] == code, (column, formats[ref])
    assert formats[f"{column_letter(header.index('Kode'))}3"] == "General"  # identifiers stay text


def test_briefing_pack_headline_rows_keep_their_units(pack):
    headline = pd.read_excel(io.BytesIO(pack), sheet_name="Angka utama", header=1, engine="calamine")
    formats = cell_formats(pack, "Angka utama")
    value = column_letter(list(headline.columns).index(f"Tahun {YEAR}"))
    # Rows: P0 (%), P1 (×100), P2 (×100), poor persons, extreme poor persons.
    assert [formats[f"{value}{row}"] for row in range(3, 8)] == ["0.00", "0.00", "0.000", "#,##0", "#,##0"]


def test_family_list_download_keeps_numbers():
    export = pd.DataFrame(
        {
            "ID keluarga": ["0001", "0002"],
            "Pengeluaran per kapita": [612_345.0, 401_000.0],
            "Kesenjangan thd garis": [0.2364, 0.4998],
            "Desil": pd.array([1, None], dtype="Float64"),
        }
    )
    kinds = {"Pengeluaran per kapita": "rp", "Kesenjangan thd garis": "pct1", "Desil": "int"}
    content = excel_bytes({"Daftar": export}, kinds={"Daftar": kinds})
    back = pd.read_excel(io.BytesIO(content), sheet_name="Daftar", engine="calamine", dtype={"ID keluarga": str})
    assert back["Pengeluaran per kapita"].sum() == pytest.approx(1_013_345.0)
    assert back["ID keluarga"].tolist() == ["0001", "0002"]
    formats = cell_formats(content, "Daftar")
    assert formats["B2"] == LIST_KINDS["rp"][1] and formats["C2"] == LIST_KINDS["pct1"][1]
    assert formats["A2"] == "General"
