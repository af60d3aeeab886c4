"""Every import path: the demo guard, a paper import checked whole, an upload's private folder."""

from __future__ import annotations

import os
import shutil

import duckdb
import pandas as pd
import pytest

from analytics.access import users
from analytics.access.scope import User
from analytics.demo import DEMO_IMPORT_REFUSED
from analytics.errors import InputError
from analytics.verval import store

YEAR = 2024


@pytest.fixture
def db(small_db, tmp_path):
    path = tmp_path / "kota.duckdb"
    shutil.copy(small_db, path)
    return path


def _families(db) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select family_id, kode_kelurahan from family where year = ? order by family_id", [YEAR]
        ).df()


def test_paper_import_saves_nothing_when_one_row_is_outside_the_kelurahan(db, tmp_path):
    from analytics.verval.paper import import_visits

    fams = _families(db)
    mine = fams["kode_kelurahan"].mode()[0]
    inside = fams[fams["kode_kelurahan"] == mine]["family_id"].head(2).tolist()
    outside = fams[fams["kode_kelurahan"] != mine]["family_id"].iloc[0]
    sheet = tmp_path / "kunjungan.csv"
    pd.DataFrame({"id_keluarga": [*inside, outside], "hasil": ["meninggal"] * 3}).to_csv(sheet, index=False)
    vera = User("vera", "verifikator", mine)
    with duckdb.connect(str(db), read_only=True) as con, pytest.raises(InputError, match="Baris 4: Akses ditolak"):
        import_visits(con, db, YEAR, sheet, user=vera)
    assert store.records_for_counts(db).empty  # the two rows inside were not saved either


def test_demo_database_refuses_paper_and_dinsos_imports(db, tmp_path, monkeypatch):
    import analytics.demo
    from analytics.verval.dinsos import import_dinsos
    from analytics.verval.paper import import_visits

    monkeypatch.setattr(analytics.demo, "DEMO_DB", db)
    sheet = tmp_path / "kunjungan.csv"
    pd.DataFrame({"id_keluarga": _families(db)["family_id"].head(1), "hasil": ["meninggal"]}).to_csv(sheet, index=False)
    with duckdb.connect(str(db), read_only=True) as con:
        with pytest.raises(InputError) as refused:
            import_visits(con, db, YEAR, sheet, user=User("ani", "analis"))
        assert refused.value.message == DEMO_IMPORT_REFUSED
        with pytest.raises(InputError) as refused:
            import_dinsos(con, db, YEAR, sheet, user=User("ani", "analis"))
        assert refused.value.message == DEMO_IMPORT_REFUSED
    assert store.records_for_counts(db).empty


def test_the_command_line_verval_imports_refuse_the_demo_database(db, tmp_path, monkeypatch, capsys):
    import analytics.demo
    from analytics.__main__ import main

    users.add_user(users.users_path_for(db), "ani", "rahasia-ani", "analis")
    monkeypatch.setattr(analytics.demo, "DEMO_DB", db)
    sheet = tmp_path / "kunjungan.csv"
    sheet.write_text("id_keluarga,hasil\nK1,meninggal\n", encoding="utf-8")
    for command in ("import", "dinsos"):
        code = main(["verval", command, str(sheet), "--db", str(db), "--year", str(YEAR), "--as", "ani"])
        assert code == 2 and DEMO_IMPORT_REFUSED in capsys.readouterr().err


def test_upload_folder_is_private_removed_and_swept_after_a_kill(tmp_path):
    from analytics.access.files import remove_leftovers, upload_folder

    db = tmp_path / "kota.duckdb"
    db.write_bytes(b"")
    with pytest.raises(RuntimeError), upload_folder(db) as folder:
        assert folder.parent == tmp_path and (folder.stat().st_mode & 0o777) == 0o700
        (folder / "berkas.xlsx").write_bytes(b"No KK")
        raise RuntimeError("gagal membaca")
    assert not folder.exists()
    dead = tmp_path / f"kota.duckdb.uploadab_c1-{_dead_pid()}"
    dead.mkdir()
    assert remove_leftovers(db) == [dead] and not dead.exists()


def test_a_killed_check_leaves_no_upload_at_start(tmp_path):
    from analytics.upload.workspace import remove_abandoned, work_dir

    db = tmp_path / "kota.duckdb"
    db.write_bytes(b"")
    inbox = work_dir(db) / "masuk"
    inbox.mkdir(parents=True)
    (inbox / "berkas-0").write_bytes(b"No KK")
    assert remove_abandoned(db) and not work_dir(db).exists()


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid
