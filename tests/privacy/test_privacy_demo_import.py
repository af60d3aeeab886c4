"""The demo database refuses imports from every path (issue 13): its demo accounts, whose
password is in the README, would otherwise read the real registers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analytics.access.scope import User
from analytics.demo import DEMO_IMPORT_REFUSED
from analytics.errors import UploadRefused
from analytics.paths import DEMO_DB, PROJECT_ROOT


@pytest.mark.parametrize("db", [str(DEMO_DB), "var/demo.duckdb", "./var/../var/demo.duckdb"])
def test_the_command_line_refuses_the_demo_database(tmp_path, db):
    before = DEMO_DB.stat().st_mtime_ns if DEMO_DB.exists() else None
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "ingest", "--raw", str(tmp_path), "--db", db],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"galat: {DEMO_IMPORT_REFUSED}"
    # It says how to start a real database.
    assert "--db var/bontang.duckdb" in done.stderr and "KEMISKINAN_DB=" in done.stderr
    assert (DEMO_DB.stat().st_mtime_ns if DEMO_DB.exists() else None) == before


def test_an_upload_refuses_the_demo_database(tmp_path, monkeypatch):
    import analytics.demo
    from analytics.upload import IncomingFile, stage_upload

    demo = tmp_path / "demo.duckdb"
    demo.write_bytes(b"")
    monkeypatch.setattr(analytics.demo, "DEMO_DB", demo)
    with pytest.raises(UploadRefused) as refused:
        stage_upload(demo, 2024, [IncomingFile("dtks.csv", b"a,b\n1,2\n")], User("admin", "admin"))
    assert refused.value.message == DEMO_IMPORT_REFUSED
    assert not (tmp_path / "demo.impor").exists()
