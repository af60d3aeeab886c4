"""The command line writes private files (umask 077) and neutralised CSV, like the page downloads."""

from __future__ import annotations

import io
import shutil
from types import SimpleNamespace

import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.access import users

HOSTILE = ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture
def db(small_db, tmp_path):
    path = tmp_path / "kota.duckdb"
    shutil.copy(small_db, path)
    users.add_user(users.users_path_for(path), "ani", "rahasia-ani", "analis")
    return path


def test_verval_export_csv_is_neutralised_and_private(db, tmp_path, monkeypatch, capsys):
    import analytics.verval.exports as exports

    table = pd.DataFrame({"ID keluarga": ["K1", "K2", "K3", "K4"], "Catatan": HOSTILE, "Jumlah": [1, -2, 3, 4]})
    fake = SimpleNamespace(table=table, count=len(table))
    monkeypatch.setattr(exports, "export_channel", lambda *a, **k: fake)
    out = tmp_path / "dtsen.csv"
    argv = ["verval", "export", "--db", str(db), "--year", "2024", "--as", "ani", "--channel", "dtsen"]
    assert main([*argv, "--out", str(out)]) == 0, capsys.readouterr().err
    assert (out.stat().st_mode & 0o777) == 0o600
    back = pd.read_csv(io.BytesIO(out.read_bytes()), dtype=str, encoding="utf-8-sig")
    assert back["Catatan"].tolist() == ["'" + v for v in HOSTILE]
    assert back["Jumlah"].tolist() == ["1", "-2", "3", "4"]  # numbers stay numbers


def test_verval_dinsos_rejects_file_is_private(db, tmp_path, monkeypatch, capsys):
    import analytics.verval.dinsos as dinsos

    rejects = pd.DataFrame({"Baris": [2], "Alasan": ["NIK kosong"], "nama": ["=1+1"]})
    result = SimpleNamespace(
        same_file_before=None,
        rows_read=1,
        persons=0,
        families=0,
        rejects=rejects,
        fakir_miskin=0,
        linked=pd.DataFrame({"result": [], "family_id": []}),
        year=2024,
        unlinked=0,
        count=lambda kind: 0,
    )
    monkeypatch.setattr(dinsos, "import_dinsos", lambda *a, **k: result)
    out = tmp_path / "ditolak.csv"
    argv = ["verval", "dinsos", str(out), "--db", str(db), "--year", "2024", "--as", "ani", "--rejects", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    assert (out.stat().st_mode & 0o777) == 0o600
    assert "'=1+1" in out.read_text(encoding="utf-8-sig")


def test_stdout_csv_is_neutralised():
    from analytics.cli.common import render

    assert render(pd.DataFrame({"a": ["=1+1", "x"]}), "csv") == "a\n'=1+1\nx\n"
