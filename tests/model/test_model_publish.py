"""Publishing and keeping model runs: atomic swaps, re-imports, and the command line."""

import hashlib
import json
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from analytics.access.users import ensure_demo_accounts, read_audit, users_path_for
from analytics.ingest import run_import
from analytics.model import publish
from analytics.model.run import RunSettings, run_model
from analytics.paths import PROJECT_ROOT
from analytics.welfare.source import welfare_source


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db_copy(small_model_db, tmp_path):
    """A copy of the small modelled demo: these tests are about publication and re-imports,
    which do not depend on the city's size (the full demo's re-imports took 100-200 s each)."""
    target = tmp_path / "model.duckdb"
    shutil.copy2(small_model_db, target)
    return target


def test_a_failed_publication_leaves_the_database_as_it_was(db_copy, monkeypatch):
    with duckdb.connect(str(db_copy), read_only=True) as con:
        run = run_model(con, 2023, RunSettings(L=5, B=0), "test")
    before = _digest(db_copy)
    calls = []

    def failing(con, table, frame):
        calls.append(table)
        if table == "sae_family":
            raise OSError("disk full")
        return original(con, table, frame)

    original = publish.append_frame
    monkeypatch.setattr(publish, "append_frame", failing)
    with pytest.raises(OSError):
        publish.publish_run(db_copy, run)
    assert calls == ["sae_run", "sae_estimate", "sae_family"]
    assert _digest(db_copy) == before
    assert list(db_copy.parent.glob("*.publish-*")) == []


def test_a_reimport_keeps_the_runs_and_recomputes_the_families_of_a_changed_frame(small_model_raw, db_copy, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_model_raw, raw, ignore=shutil.ignore_patterns("truth"))
    shutil.copytree(small_model_raw / "truth", raw / "truth")
    path = raw / "2024" / "regsosek.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.iloc[10:].to_csv(path, index=False)  # 2024 loses 10 families; other years are unchanged
    with duckdb.connect(str(db_copy), read_only=True) as con:
        runs_before = con.execute("select run_id, year from sae_run where published order by year").fetchall()
        family_2021 = con.execute("select * from sae_family where year = 2021 order by all").df()
        (families_before,) = con.execute("select count(*) from family where year = 2024").fetchone()
    run_import(raw, db_copy)
    with duckdb.connect(str(db_copy), read_only=True) as con:
        assert con.execute("select run_id, year from sae_run where published order by year").fetchall() == runs_before
        pd.testing.assert_frame_equal(
            con.execute("select * from sae_family where year = 2021 order by all").df(), family_2021
        )
        run_2024 = [r for r, y in runs_before if y == 2024][0]
        families = {f for (f,) in con.execute("select family_id from family where year = 2024").fetchall()}
        modelled = {
            f
            for (f,) in con.execute(
                "select family_id from sae_family where run_id = ? and line = 'official'", [run_2024]
            ).fetchall()
        }
        assert modelled == families and 0 < families_before - len(families) <= 10
        assert welfare_source(con, 2024).kind == "model"


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "analytics", "sae", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def full_copy(model_db, tmp_path):
    """A copy of the full modelled demo: the city's figures need enough surveyed poor households
    (the small demo's are refused as the tail of the model's distribution, rightly)."""
    target = tmp_path / "model.duckdb"
    shutil.copy2(model_db, target)
    return target


def test_the_command_runs_publishes_and_prints_a_year(full_copy):
    db_copy = full_copy
    ensure_demo_accounts(users_path_for(db_copy))
    done = _cli("run", "--db", str(db_copy), "--year", "2023", "--L", "5", "--B", "0", "--publish", "--as", "analis")
    assert done.returncode == 0, done.stderr
    assert "diterbitkan" in done.stderr and len(done.stdout.strip().splitlines()) == 16
    shown = _cli("estimates", "--db", str(db_copy), "--year", "2023", "--level", "kota", "--format", "json")
    assert shown.returncode == 0 and '"kode": "64.74"' in shown.stdout
    listed = _cli("runs", "--db", str(db_copy), "--year", "2023")
    assert "analis" in listed.stdout and "True" in listed.stdout
    with duckdb.connect(str(db_copy), read_only=True) as con:
        (run_id,) = con.execute("select run_id from sae_run where year = 2023 and published").fetchone()
    entry = read_audit(users_path_for(db_copy)).iloc[-1]
    assert (entry["username"], entry["role"], entry["action"]) == ("analis", "analis", "terbitkan_model")
    assert json.loads(entry["detail_json"]) == {"tahun": 2023, "model": run_id}  # as the page writes it
    wrong = _cli("run", "--db", str(db_copy), "--year", "2023", "--covariates", "gaji_bulanan")
    assert wrong.returncode == 2 and "Kovariat tidak dikenal" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ((), "--publish memerlukan --as USER"),
        (("--as", "siapa-saja"), "Akun 'siapa-saja' tidak ada"),
        (("--by", "siapa-saja"), "Akun 'siapa-saja' tidak ada"),
        (("--as", "pimpinan"), "hanya Analis atau Administrator data yang boleh menerbitkan model"),
    ],
)
def test_the_command_publishes_only_as_a_stored_analyst_or_admin(db_copy, who, message):
    ensure_demo_accounts(users_path_for(db_copy))
    before, audited = _digest(db_copy), len(read_audit(users_path_for(db_copy)))
    refused = _cli("run", "--db", str(db_copy), "--year", "2023", "--L", "5", "--B", "0", "--publish", *who)
    assert refused.returncode == 2 and message in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert _digest(db_copy) == before and len(read_audit(users_path_for(db_copy))) == audited


def test_an_import_from_the_dashboard_keeps_the_published_runs(small_model_db, small_model_raw, tmp_path):
    from analytics.upload import IncomingFile, commit_import, stage_upload
    from tests.upload.conftest import ADMIN, make_live

    live = make_live(small_model_db, small_model_raw, tmp_path / "server")
    with duckdb.connect(str(live), read_only=True) as con:
        before = con.execute("select run_id from sae_run where published order by run_id").fetchall()
    files = [IncomingFile("susenas_2023.csv", (small_model_raw / "2023" / "susenas.csv").read_bytes())]
    pending = stage_upload(live, 2023, files, ADMIN)
    with duckdb.connect(pending.candidate_db, read_only=True) as con:
        assert con.execute("select run_id from sae_run where published order by run_id").fetchall() == before
    commit_import(live, pending.id, ADMIN)
    with duckdb.connect(str(live), read_only=True) as con:
        assert con.execute("select run_id from sae_run where published order by run_id").fetchall() == before
        assert welfare_source(con, 2024).kind == "model"
