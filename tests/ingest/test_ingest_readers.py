"""Reading real exports, unit by unit: format, encoding and delimiter, header row, sheets,
lines that do not fit, numbers, dates, desil and region codes (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest
import xlsxwriter

from analytics.errors import ImportFailed
from analytics.ingest import regions
from analytics.ingest.detect import find_header, known_keys
from analytics.ingest.mapping import load_mapping
from analytics.ingest.numerals import number_column
from analytics.ingest.sniff import detect_format, text_layout
from analytics.ingest.tables import read_tables

MAPPINGS = load_mapping()
HEADER = "id_keluarga,kode_wilayah,jumlah_anggota_keluarga,alamat"


def write(tmp_path, name, data: bytes | str, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "encoding", "delimiter", "label"),
    [
        (HEADER + "\n1,6474011001,3,Jl. A\n", "utf-8", ",", "UTF-8"),
        ("\ufeff" + HEADER.replace(",", ";") + "\n1;6474011001;3;Jl. A\n", "utf-8", ";", "UTF-8 dengan BOM"),
        (HEADER.replace(",", "\t") + "\n1\t6474011001\t3\tJl. José\n", "utf-16", "\t", "UTF-16"),
        (HEADER.replace(",", ";") + "\n1;6474011001;3;Jl. José, RT 2\n", "cp1252", ";", "Windows-1252"),
        ("sep=|\n" + HEADER.replace(",", "|") + "\n1|6474011001|3|Jl. A\n", "utf-8", "|", "UTF-8"),
    ],
    ids=["comma", "bom-semicolon", "utf16-tab", "cp1252", "sep-line"],
)
def test_encoding_and_delimiter_are_detected(tmp_path, text, encoding, delimiter, label):
    path = write(tmp_path, "x.csv", text, encoding)
    assert detect_format(path) == "csv"
    layout = text_layout(path)
    assert (layout.delimiter, layout.encoding_label) == (delimiter, label)
    part = read_tables(path, MAPPINGS).parts[0]
    assert part.frame.loc[0, "kode_wilayah"] == "6474011001"
    assert part.frame["_row"].tolist() == [2 + text.startswith("sep=")]


def test_a_line_with_a_field_more_or_less_is_set_aside_not_shifted(tmp_path):
    text = HEADER + '\n1,6474011001,3,Jl. A\n2,6474011002,4,Jl. B, RT 3\n3,6474011003\n4,6474011004,5,"Jl.\nC"\n'
    part = read_tables(write(tmp_path, "x.csv", text), MAPPINGS).parts[0]
    assert part.frame["id_keluarga"].tolist() == ["1", "4"]
    assert part.frame["_row"].tolist() == [2, 5]
    assert [n for n, _ in part.bad_rows] == [3, 4]
    assert part.frame.loc[1, "alamat"] == "Jl.\nC"


def test_the_header_is_found_below_title_rows_and_over_two_rows():
    rows = [
        ["DATA REGSOSEK"],
        [],
        ["id_keluarga", "kode_wilayah", "jumlah", "", "alamat"],
        ["", "", "anggota_keluarga", "balita", ""],
        ["1", "6474011001", "3", "0", "Jl. A"],
    ]
    header = find_header(rows, known_keys(MAPPINGS))
    assert (header.index, header.rows, header.data_start) == (2, 2, 4)
    assert header.names == ["id_keluarga", "kode_wilayah", "jumlah anggota_keluarga", "jumlah balita", "alamat"]


def _book(path, sheets: dict, hidden=()):
    book = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        if name in hidden:
            sheet.hide()
    book.close()
    return path


def test_every_matching_sheet_is_read_and_a_hidden_one_is_reported(tmp_path):
    head = HEADER.split(",")
    path = _book(
        tmp_path / "r.xls",
        {  # an xlsx under an .xls name: the content decides
            "Utara": [head, ["1", "6474011001", 3, "A"]],
            "Selatan": [["Judul"], head, ["2", "6474021001", 4, "B"]],
            "Catatan": [["dibuat oleh", "operator"]],
            "Lama": [head, ["9", "6474011001", 2, "C"]],
        },
        hidden=("Lama",),
    )
    tables = read_tables(path, MAPPINGS)
    assert tables.format == "xlsx"
    assert [(p.sheet, p.header.row_text, p.frame["_row"].tolist()) for p in tables.parts] == [
        ("Utara", "1", [2]),
        ("Selatan", "2", [3]),
    ]
    assert any("'Lama' tersembunyi" in n for n in tables.notes)
    assert any("'Catatan'" in n for n in tables.notes)


def test_a_duplicated_header_is_refused_naming_both_columns(tmp_path):
    path = write(tmp_path, "x.csv", HEADER + ",Jumlah Anggota Keluarga\n1,6474011001,3,A,3\n")
    with pytest.raises(ImportFailed, match=r"kolom C 'jumlah_anggota_keluarga' dan kolom E 'Jumlah Anggota Keluarga'"):
        read_tables(path, MAPPINGS)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (
            "<html><body><table><tr><th>id_keluarga</th><th>kode_wilayah</th><th>jumlah_art</th></tr>"
            "<tr><td>1</td><td>6474011001</td><td>3</td></tr></table></body></html>",
            "html",
        ),
        (
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="R"><Table>'
            '<Row><Cell><Data ss:Type="String">id_keluarga</Data></Cell>'
            '<Cell><Data ss:Type="String">kode_wilayah</Data></Cell>'
            '<Cell><Data ss:Type="String">jumlah_art</Data></Cell></Row><Row><Cell><Data ss:Type="String">1</Data>'
            '</Cell><Cell><Data ss:Type="Number">6474011001</Data></Cell><Cell><Data ss:Type="Number">3</Data></Cell>'
            "</Row></Table></Worksheet></Workbook>",
            "xml2003",
        ),
    ],
    ids=["html", "xml2003"],
)
def test_web_pages_and_excel_2003_xml_saved_as_xls_are_read(tmp_path, data, fmt):
    path = write(tmp_path, "regsosek.xls", data)
    assert detect_format(path) == fmt
    part = read_tables(path, MAPPINGS).parts[0]
    assert regions.kelurahan_codes(part.frame["kode_wilayah"])[0].tolist() == ["64.74.01.1001"]


def test_numbers_follow_their_column_and_a_mixed_column_is_not_guessed():
    assert number_column(pd.Series(["1.253.174", "800.000"])).values.tolist() == [1253174.0, 800000.0]
    assert number_column(pd.Series(["1,253,174", "800,000"])).values.tolist() == [1253174.0, 800000.0]
    assert number_column(pd.Series(["Rp. 1.253.174,-", "1.253.174,50"])).values.tolist() == [1253174.0, 1253174.5]
    assert number_column(pd.Series(["0.118", "0.5"]), measure=True).values.tolist() == [0.118, 0.5]
    mixed = number_column(pd.Series(["1.253.174", "1,253,174"]))
    assert mixed.mixed == (["1.253.174"], ["1,253,174"])


def test_a_bps_kelurahan_code_is_mapped_only_through_the_crosswalk(monkeypatch):
    # BPS 6474010005 is Tanjung Laut (64.74.02.1001) in the national crosswalk; 6474010099 is
    # no BPS code; 6474050001 lies in no BPS kecamatan of the city.
    values = pd.Series(["6474010099", "6474011006", "6474050001", "6474010005"])
    codes, bps = regions.kelurahan_codes(values)
    assert codes.tolist() == [None, "64.74.01.1006", None, "64.74.02.1001"]
    assert bps.tolist() == [True, False, False, False]
    # A Pemda's own crosswalk row for a BPS code the national one lacks (made up here) maps it.
    extended = pd.concat(
        [
            regions.crosswalk(),
            pd.DataFrame(
                [
                    {
                        "level": "kelurahan",
                        "kode_bps": "6474010099",
                        "nama_bps": "CONTOH",
                        "kode_kemendagri": "64.74.02.1004",
                        "nama_kemendagri": "Satimpo",
                    }
                ]
            ),
        ]
    )
    monkeypatch.setattr(regions, "crosswalk", lambda: extended)
    assert regions.kelurahan_codes(values)[0].tolist() == ["64.74.02.1004", "64.74.01.1006", None, "64.74.02.1001"]
    assert regions.bps_kecamatan("6474010") == "64.74.02"
    assert regions.bps_kecamatan_codes(pd.Series(["6474010", "6474099", None])).tolist() == ["64.74.02", None, None]
