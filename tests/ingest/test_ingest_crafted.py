"""Hand-written exports, one fault per row, and the outcome the importer must give."""

import datetime as dt

import duckdb
import pandas as pd
import pytest
import xlsxwriter

from analytics.access.pseudonym import pseudonymise
from analytics.ingest import run_import

KEY = bytes(range(32))

REGSOSEK = pd.DataFrame(
    {
        "id_keluarga": ["R1", "R2", "R3", "R4", "R5", "R6", "R7"],
        "kode_wilayah": [
            "6474011003",
            "64.74.02.1002",
            "6474011006",
            "6474099999",
            "6474031001",
            "6474031001",
            "6474031002",
        ],
        "no_kk": [
            "6474010101100001",
            "6474020202100002",
            "6474010303100003",
            "6474010404100004",
            "6474030505100005",
            "6474030606100006",
            "6474030707100007",
        ],
        "nik_kepala_keluarga": [
            "6474010101800001",
            "6474020202810002",
            "6474014303820003",
            "6474010404830004",
            "6474010505840005",
            "6474010606850006",
            "6474010707860007",
        ],
        "nama_kepala_keluarga": ["BUDI SANTOSO", "AGUS SALIM", "SITI AMINAH", "JOKO", "RUDI", "ANI", "HASAN"],
        "tanggal_lahir_kepala_keluarga": [
            "1980-01-01",
            "02/02/1981",
            "03-03-1982",
            "1983-04-04",
            "1984-05-05",
            "1985-06-06",
            "1986-07-07",
        ],
        "latitude": ["0.1649", "", "0.1309", "0.15", "0.1513", "0.1513", "-1.2654"],
        "longitude": ["117.4744", "", "117.49", "117.45", "117.4573", "117.4573", "116.8312"],
        "jumlah_anggota_keluarga": ["3", "4", "2", "3", "0", "2", "5"],
        "pengeluaran_per_kapita": ["650.000", "1200000", "400000", "900000", "700000", "-5", "tidak tahu"],
        "desil_nasional": ["2", "5", "1", "6", "3", "4", "2"],
    }
)

DTKS = pd.DataFrame(
    {
        "iddtks": ["D1", "D2", "D3", "D4", "D5", "D6"],
        "desa_kelurahan": ["LOKTUAN", "Berebas Tengah", "api api", "Berbas Tengah", "SANGATTA", "Api-api"],
        "nomor_kk": [
            "6474010101100001",
            "6.47402E+15",
            "6.47401E+15",
            "6.47402E+15",
            "6474010101100001",
            "6.47401E+15",
        ],
        "nomor_nik": [
            "'6474010101800001",
            "6474 0202 0281 0002",
            "6.47401E+15",
            "6474020202810009",
            "6474010101800001",
            "6474014303820009",
        ],
        "nama": ["BUDI SANTOSO", "AGUS SALIM", "Siti Aminah", "ANAK AGUS", "BUDI SANTOSO", "ANAK SITI"],
        "tanggal_lahir": ["01/01/1980", "1981-02-02", "03-03-1982", "02/02/2009", "01/01/1980", "31/02/2010"],
        "hubungan_keluarga": [
            "KEPALA KELUARGA",
            "KEPALA KELUARGA",
            "KEPALA KELUARGA",
            "ANAK",
            "KEPALA KELUARGA",
            "ANAK",
        ],
        "alamat": ["Jl. A", "Jl. B", "Jl. C", "Jl. B", "Jl. A", "Jl. C"],
        "rt": ["001", "002", "003", "002", "001", "003"],
        "rw": ["01", "02", "03", "02", "01", "03"],
        "bansos_pkh": ["Ya", "1", "Y", "1", "YA", "Y"],
        "bansos_bpnt": ["TIDAK", "0", "", "0", "T", ""],
        "pbi_jkn": ["TRUE", "FALSE", "T", "0", "Ya", "T"],
    }
)


def _write_p3ke(folder):
    header = [
        "ID Keluarga P3KE",
        "Kode Kemdagri",
        "NIK Kepala Keluarga",
        "Nama Kepala Keluarga",
        "Tanggal Lahir Kepala Keluarga",
        "Desil Kesejahteraan",
        "Penerima PKH",
        "Penerima KUR",
    ]
    rows = [
        ["P1", "6474011003", 6474010101800001.0, "BUDI SANTOSO", dt.datetime(1980, 1, 1), 1, "Ya", "Tidak"],
        ["P3", "6474011006", 6474014303820000.0, "SITI AMINAH", "03/03/1982", 1, "Tidak", "Ya"],
        ["P9", "6474041001", "6474010404830004", "JOKO", "04/04/1983", 2, "Tidak", "Tidak"],
    ]
    wb = xlsxwriter.Workbook(str(folder / "p3ke_keluarga.xlsx"))
    ws = wb.add_worksheet()
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if isinstance(v, dt.datetime):
                ws.write_datetime(i, j, v, date_fmt)
            else:
                ws.write(i, j, v)
    wb.close()


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    raw = tmp_path_factory.mktemp("crafted")
    folder = raw / "2024"
    folder.mkdir()
    REGSOSEK.to_csv(folder / "regsosek.csv", index=False)
    DTKS.to_csv(folder / "dtks.csv", index=False)
    _write_p3ke(folder)
    db = raw / "crafted.duckdb"
    result = run_import(raw, db, nik_key=KEY)
    con = duckdb.connect(str(db), read_only=True)
    yield result, con
    con.close()


def test_quarantine_reasons_and_messages(crafted):
    _, con = crafted
    q = con.execute("select source, row_number, reason_code, message, original from quarantine order by all").df()
    got = {(r.source, r.row_number): r.reason_code for r in q.itertuples()}
    assert got == {
        ("regsosek", 5): "region_unknown",  # R4: 6474099999
        ("regsosek", 6): "household_size_invalid",  # R5: size 0
        ("regsosek", 7): "expenditure_not_positive",  # R6: -5
        ("regsosek", 8): "expenditure_not_a_number",  # R7: "tidak tahu"
        ("dtks", 6): "region_unknown",  # D5: SANGATTA
        ("dtks", 7): "date_unreadable",  # D6: 31/02/2010
        ("p3ke_keluarga", 4): "region_unknown",  # P9: kecamatan 04 does not exist
    }
    messages = dict(zip(q["reason_code"] + q["row_number"].astype(str), q["message"], strict=True))
    assert messages["region_unknown5"] == "Wilayah '6474099999' tidak dikenal di gazetteer Kota Bontang."
    assert messages["expenditure_not_a_number8"] == "Pengeluaran per kapita bukan angka ('tidak tahu')."
    assert "31/02/2010" in messages["date_unreadable7"] and "DD/MM/YYYY" in messages["date_unreadable7"]
    # the original values are kept with the file's own headers
    assert '"nama": "ANAK SITI"' in q.loc[q["row_number"].eq(7) & q["source"].eq("dtks"), "original"].item()


def test_accounting_of_the_crafted_files(crafted):
    result, _ = crafted
    log = result.log.set_index("source")
    assert log.loc["regsosek", ["rows_read", "loaded", "quarantined"]].tolist() == [7, 3, 4]
    assert log.loc["dtks", ["rows_read", "loaded", "quarantined"]].tolist() == [6, 4, 2]
    assert log.loc["p3ke_keluarga", ["rows_read", "loaded", "quarantined"]].tolist() == [3, 2, 1]


def test_values_are_normalised(crafted):
    _, con = crafted
    fam = con.execute("select family_id, kode_kelurahan, expenditure_pc, coord_status from family order by 1").df()
    assert fam["kode_kelurahan"].tolist() == ["64.74.01.1003", "64.74.02.1002", "64.74.01.1006"]
    assert fam["expenditure_pc"].tolist() == [650_000, 1_200_000, 400_000]  # "650.000" is Indonesian thousands
    assert fam["coord_status"].tolist() == ["ok", "missing", "ok"]
    dtks = con.execute(
        "select dtks_id, kode_kelurahan, nik_hash, nik_masked, nik_status, strftime(birth_date, '%Y-%m-%d') as b "
        "from stg_dtks "
        "order by 1"
    ).df()
    assert dtks["kode_kelurahan"].tolist() == ["64.74.01.1003", "64.74.02.1002", "64.74.01.1006", "64.74.02.1002"]
    assert dtks["nik_status"].tolist() == ["cleaned", "cleaned", "excel_damaged", "valid"]
    # stored as the keyed pseudonym of the cleaned NIK, and masked for display
    assert dtks["nik_hash"].tolist()[:2] == [pseudonymise(n, KEY) for n in ("6474010101800001", "6474020202810002")]
    assert dtks["nik_masked"].fillna("kosong").tolist() == [
        "647401**********",
        "647402**********",
        "kosong",
        "647402**********",
    ]
    assert dtks["nik_hash"].isna().tolist() == [False, False, True, False]
    # every date format lands on the same day-first date
    assert dtks["b"].tolist() == ["1980-01-01", "1981-02-02", "1982-03-03", "2009-02-02"]


def test_links_recover_damaged_keys(crafted):
    _, con = crafted
    links = con.execute(
        "select d.dtks_id, l.family_id, l.method from link_dtks l join stg_dtks d using (year, row_number) order by 1"
    ).df()
    assert links.values.tolist() == [
        ["D1", "R1", "no_kk"],
        ["D2", "R2", "head_nik"],  # KK through Excel, NIK cleaned of spaces
        ["D3", "R3", "name_birth_date"],  # KK and NIK both damaged
        ["D4", "R2", "head_nik_via_head"],  # member follows the head of its household
    ]
    p3ke = con.execute("select p3ke_family_id, family_id, method from link_p3ke_keluarga order by 1").df()
    assert p3ke.values.tolist() == [
        ["P1", "R1", "head_nik"],  # numeric cell not ending in 0: kept
        ["P3", "R3", "name_birth_date"],  # numeric cell ending in 0: Excel damage, not guessed
    ]


def test_programs_and_issues(crafted):
    _, con = crafted
    fam = con.execute(
        "select family_id, receives_pkh, receives_sembako, receives_pbi, receives_kur, in_dtks, "
        "in_p3ke from family order by 1"
    ).df()
    assert fam.drop(columns="family_id").values.tolist() == [
        [True, False, True, False, True, True],
        [True, False, False, False, True, False],
        [True, False, False, True, True, True],
    ]
    issues = set(con.execute("select issue_code from data_issue").df()["issue_code"])
    assert {"nik_excel_damaged", "nik_cleaned", "coordinates_missing"} <= issues


def test_issue_messages_mask_the_identifier(crafted):
    """A cleaned NIK is still whole in the cell: the issue shows its shape, not the person."""
    _, con = crafted
    messages = dict(
        con.execute(
            "select row_number, message from data_issue where source = 'dtks' and issue_code = 'nik_cleaned'"
        ).fetchall()
    )
    assert messages[2] == "NIK/No KK dibersihkan (apostrof, spasi atau titik dihapus): ''647401**********'."
    assert messages[3] == "NIK/No KK dibersihkan (apostrof, spasi atau titik dihapus): '6474 02** **** ****'."
    excel = con.execute(
        "select message from data_issue where source = 'dtks' and issue_code = 'nik_excel_damaged' and row_number = 4 "
        "and column_name = 'nik'"
    ).fetchone()[0]
    assert "'6.47401E+15'" in excel  # too few digits to hold a NIK: shown as exported
