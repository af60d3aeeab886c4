"""One model run at a time per database (issue 21: nothing stopped two at once)."""

from __future__ import annotations

import shutil

import pytest

from analytics.__main__ import main
from analytics.errors import InputError
from analytics.model.lock import BUSY, one_run


def test_a_second_run_is_refused_while_one_runs(tmp_path):
    db = tmp_path / "kota.duckdb"
    with one_run(db):
        with pytest.raises(InputError, match="sedang dijalankan"):
            with one_run(db):
                pass
        with one_run(tmp_path / "lain.duckdb"):  # another database runs freely
            pass
    with one_run(db):  # free again once the first ended
        pass


def test_the_command_line_refuses_a_run_while_another_runs(small_db, tmp_path, capsys):
    db = tmp_path / "kota.duckdb"
    shutil.copy(small_db, db)
    with one_run(db):
        code = main(["sae", "run", "--db", str(db), "--year", "2024"])
    assert code == 2 and BUSY in capsys.readouterr().err
