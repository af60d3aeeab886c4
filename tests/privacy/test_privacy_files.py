"""Files that hold personal data are private from their first byte and leave no leftovers
(issue 13): the temporary database of an import and its ``.wal`` (quarantine with full NIK,
names, addresses) while the import runs, the leftovers of an import killed half-way, and
uploaded registers in the archive."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys

import duckdb
import pytest

from analytics.access.files import remove_leftovers, restrict_umask
from analytics.ingest import database
from analytics.paths import PROJECT_ROOT


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The usual mask of a server process (022: new files readable by everyone)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_temporary_database_and_its_wal_are_private_while_the_import_runs(tmp_path, open_umask):
    target = tmp_path / "kota.duckdb"
    with database.build_aside(target) as con:
        con.execute("create table quarantine as select '6474010101800001' as nik, 'NAMA' as nama")
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        wal = tmp.with_name(tmp.name + ".wal")
        assert tmp.exists() and wal.exists()
        assert mode(tmp) == 0o600 and mode(wal) == 0o600
    assert mode(target) == 0o600
    assert os.umask(0o022) == 0o022  # the mask is given back


_KILLED_IMPORT = """
import os, sys, time
from pathlib import Path
from analytics.ingest import database
with database.build_aside(Path(sys.argv[1])) as con:
    con.execute("create table quarantine as select '6474010101800001' as nik")
    print("building", flush=True)
    time.sleep(600)
"""


def test_an_import_killed_half_way_leaves_nothing_after_the_next_start(tmp_path, open_umask):
    target = tmp_path / "kota.duckdb"
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_IMPORT, str(target)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "building"
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == [f"kota.duckdb.tmp-{child.pid}", f"kota.duckdb.tmp-{child.pid}.wal"]
    assert {mode(tmp_path / name) for name in leftovers} == {0o600}  # private while it runs
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert len(list(tmp_path.iterdir())) == 2  # the kill left them
    (tmp_path / "kota.duckdb.publish-999999999").write_bytes(b"x")  # an interrupted publication
    (tmp_path / f"kota.duckdb.tmp-{os.getpid()}").write_bytes(b"x")  # a live process's: kept
    removed = remove_leftovers(target)  # what the next import and every dashboard start do
    assert sorted(p.name for p in removed) == sorted([*leftovers, "kota.duckdb.publish-999999999"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"kota.duckdb.tmp-{os.getpid()}"]


def test_the_next_import_removes_the_leftovers_first(tmp_path, open_umask):
    target = tmp_path / "kota.duckdb"
    (tmp_path / "kota.duckdb.tmp-999999998").write_bytes(b"nik")
    (tmp_path / "kota.duckdb.tmp-999999998.wal").write_bytes(b"nik")
    with database.build_aside(target) as con:
        con.execute("create table t as select 1 as x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kota.duckdb"]


def test_uploaded_registers_are_archived_private(small_db, small_raw, tmp_path, open_umask):
    """The dashboard's process mask (dashboard.py calls restrict_umask) makes the uploaded
    file, the candidate database and the archived copy private."""
    from analytics.access.scope import User
    from analytics.upload import IncomingFile, commit_import, stage_upload

    archive = tmp_path / "arsip"
    shutil.copytree(small_raw, archive, ignore=shutil.ignore_patterns("truth"))
    live = tmp_path / "bontang.duckdb"
    shutil.copy2(small_db, live)
    with duckdb.connect(str(live)) as con:
        con.execute("update import_meta set value = ? where key = 'raw_dir'", [str(archive)])
    year = max(int(p.name) for p in archive.iterdir() if p.name.isdigit())
    upload = (archive / str(year) / "dtks.csv").read_bytes()
    admin = User("admin", "admin")
    restrict_umask()
    pending = stage_upload(live, year, [IncomingFile("dtks-baru.csv", upload)], admin)
    assert mode(pending.candidate_db) == 0o600
    assert {mode(p) for p in pending.staged_year_dir.iterdir() if not p.is_symlink()} == {0o600}
    commit_import(live, pending.id, admin)
    assert mode(archive / str(year) / "dtks.csv") == 0o600
    assert mode(live) == 0o600


def test_the_dashboard_sets_the_private_mask(dashboard_db, open_umask):
    from tests.dashboard.conftest import session

    session(None)
    current = os.umask(0o022)
    assert current & 0o077 == 0o077
