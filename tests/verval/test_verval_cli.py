"""``python -m analytics verval``: worklist, import of paper records, review and export, each
run as a named account of the user store."""

import io
import shutil

import duckdb
import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.access import users
from analytics.verval.worklist import REASONS

YEAR = 2024


@pytest.fixture
def db(small_db, tmp_path):
    path = tmp_path / "kota.duckdb"
    shutil.copy(small_db, path)
    store = users.users_path_for(path)
    users.add_user(store, "ani", "rahasia-ani", "analis")
    with duckdb.connect(str(path), read_only=True) as con:
        kelurahan = con.execute("select mode(kode_kelurahan) from family where year = ?", [YEAR]).fetchone()[0]
    users.add_user(store, "vera", "rahasia-vera", "verifikator", kelurahan)
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["verval", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_paper_records_go_in_are_reviewed_and_exported(db, tmp_path, capsys):
    code, out, err = _run(capsys, "worklist", "--db", db, "--year", YEAR, "--as", "vera")
    assert code == 0, err
    work = pd.read_csv(io.StringIO(out), dtype=str)
    assert work["kode_kelurahan"].nunique() == 1 and f"dikunjungi 0 dari {len(work)}" in err
    assert {r for rs in work["reasons"] for r in rs.split(",")} <= set(REASONS)
    found = work[~work["reasons"].str.contains("not_seen")]["family_id"].head(2).tolist()
    paper = pd.DataFrame(
        {
            "id_keluarga": found,
            "hasil": ["ditemukan", "meninggal"],
            "jumlah_anggota": ["3", ""],
            "jumlah_usia_kerja": ["2", ""],
            "jumlah_disabilitas": ["0", ""],
            "jumlah_lansia": ["0", ""],
            "jumlah_anak_tidak_sekolah": ["0", ""],
            "jenis_lantai": ["TANAH", ""],
            "jenis_dinding": ["BAMBU", ""],
            "jenis_atap": ["ASBES/SENG", ""],
            "sumber_air_minum": ["AIR HUJAN", ""],
            "fasilitas_bab": ["LAINNYA", ""],
            "sumber_penerangan": ["BUKAN LISTRIK", ""],
            "bahan_bakar_memasak": ["ARANG/KAYU", ""],
            "sumber_penghasilan": ["tidak_ada", ""],
            "temuan": ["dikoreksi", ""],
            "kelompok": ["dtsen", ""],
            "penanganan": ["bantu", ""],
            **{f"ind_{i}": ["Memenuhi Kriteria", ""] for i in range(1, 9)},
        }
    )
    sheet = tmp_path / "kunjungan.csv"
    paper.to_csv(sheet, index=False)
    bad = tmp_path / "salah.csv"
    paper.assign(jenis_lantai=["EMAS", ""]).to_csv(bad, index=False)
    code, _, err = _run(capsys, "import", bad, "--db", db, "--year", YEAR, "--as", "vera")
    assert code == 2 and "Baris 2: Lantai" in err
    assert _run(capsys, "import", sheet, "--db", db, "--year", YEAR, "--as", "vera")[1].startswith("2 catatan")
    code, out, _ = _run(capsys, "review", "--db", db, "--as", "ani", "--format", "json")
    queue = pd.read_json(io.StringIO(out), dtype=False)
    assert sorted(queue["ID keluarga"]) == sorted(found)
    code, _, err = _run(
        capsys,
        "review",
        "--db",
        db,
        "--as",
        "vera",
        "--record",
        queue["record_id"][0],
        "--version",
        1,
        "--decision",
        "approved",
    )
    assert code == 2 and "Akses ditolak" in err
    for record_id in queue["record_id"]:
        assert (
            _run(
                capsys,
                "review",
                "--db",
                db,
                "--as",
                "ani",
                "--record",
                record_id,
                "--version",
                1,
                "--decision",
                "approved",
            )[0]
            == 0
        )
    out_file = tmp_path / "dtsen.xlsx"
    code, out, err = _run(
        capsys, "export", "--db", db, "--year", YEAR, "--as", "ani", "--channel", "dtsen", "--out", out_file
    )
    assert code == 0, err
    exported = pd.read_excel(out_file, dtype=str, engine="calamine")
    assert set(exported["ID keluarga (Regsosek)"]) <= set(found) and len(exported) >= 1
    assert _run(capsys, "export", "--db", db, "--year", YEAR, "--as", "ani", "--channel", "dtsen", "--out", out_file)[
        1
    ].startswith("0 catatan")
    actions = users.read_audit(users.users_path_for(db))["action"].tolist()
    assert actions.count("verval_catat") == 2 and actions.count("verval_ekspor") == 2 and "verval_impor" in actions


def test_an_unknown_account_is_refused(db, capsys):
    code, _, err = _run(capsys, "worklist", "--db", db, "--year", YEAR, "--as", "siapa")
    assert code == 2 and "tidak ada" in err
