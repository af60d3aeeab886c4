"""The audit log is tamper-evident (issue 13): every entry is chained onto the one before by
an HMAC under the audit key; an entry changed, removed or slipped in outside the dashboard is
found (the first broken link is named) by ``users verify-audit`` and the Log Audit page;
dropped triggers are recreated *and* recorded. Command-line imports take the import lock and
write the same audit entries as imports from the dashboard."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import duckdb
import pytest

from analytics.access import users
from analytics.access.audit import verify_chain
from analytics.paths import PROJECT_ROOT
from analytics.views.admin_pages import audit_log

PASSWORD = "Sandi-Rahasia-123"


@pytest.fixture
def store(tmp_path):
    path = users.users_path_for(tmp_path / "kota.duckdb")
    users.add_user(path, "ani", PASSWORD, "admin")
    for i in range(5):
        users.record(path, "ani", "admin", "lihat_rumah_tangga", kelurahan="64.74.01.1006", jumlah=i)
    return path


def cli(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=300,
    )


def tamper(store, statement: str, *params) -> None:
    """What someone with the file can do: drop the triggers, then change the log."""
    con = sqlite3.connect(store)
    con.execute("drop trigger audit_log_no_update")
    con.execute("drop trigger audit_log_no_delete")
    con.execute(statement, params)
    con.commit()
    con.close()


def test_an_untouched_log_verifies(store):
    check = verify_chain(store)
    assert check.ok and check.verified == 6 and check.unverified == 0
    done = cli("users", "verify-audit", "--db", str(store.with_name("kota.duckdb")))
    assert done.returncode == 2 and "tidak ditemukan" in done.stderr  # the database file itself must exist
    duckdb.connect(str(store.with_name("kota.duckdb"))).close()
    done = cli("users", "verify-audit", "--db", str(store.with_name("kota.duckdb")))
    assert done.returncode == 0 and "6 catatan terverifikasi" in done.stdout


@pytest.mark.parametrize(
    "statement, params, broken",
    [
        ("update audit_log set detail_json = ? where id = 3", ('{"jumlah": 99}',), 3),
        ("delete from audit_log where id = 4", (), 5),
        (
            "insert into audit_log (at, username, role, action, detail_json) values (?, 'x', 'admin', 'masuk', '{}')",
            ("2030-01-01",),
            7,
        ),
    ],
    ids=["changed", "removed", "inserted"],
)
def test_a_tampered_log_names_its_first_broken_link(store, statement, params, broken):
    tamper(store, statement, *params)
    check = verify_chain(store)
    assert not check.ok and check.broken_id == broken, check
    duckdb.connect(str(store.with_name("kota.duckdb"))).close()
    done = cli("users", "verify-audit", "--db", str(store.with_name("kota.duckdb")))
    assert done.returncode == 2 and f"#{broken}" in done.stderr
    page = audit_log(store)  # what the Log Audit page shows above the table
    assert not page.chain_ok and f"#{broken}" in page.chain_message


def test_dropped_triggers_are_recreated_and_recorded(store):
    tamper(store, "select 1")
    users.record(store, "ani", "admin", "keluar")
    log = users.read_audit(store)
    assert "pemicu_audit_dipulihkan" in log["action"].tolist()
    con = sqlite3.connect(store)
    with pytest.raises(sqlite3.DatabaseError, match="hanya boleh ditambah"):
        con.execute("delete from audit_log")
    con.close()
    assert verify_chain(store).ok


def test_the_chain_cannot_be_recomputed_without_the_key(store, monkeypatch):
    monkeypatch.setenv("KEMISKINAN_AUDIT_KEY", "d4" * 32)  # someone else's key
    check = verify_chain(store)
    assert not check.ok and check.broken_id == 1


def test_a_command_line_import_takes_the_import_lock_and_is_audited(small_raw, tmp_path):
    from analytics.upload.workspace import locked

    db = tmp_path / "kota.duckdb"
    with locked(db):  # an import checked or applied from the dashboard right now
        done = cli("ingest", "--raw", str(small_raw), "--db", str(db))
    assert done.returncode == 2 and "Impor lain sedang diproses" in done.stderr
    assert not db.exists()
    done = cli("ingest", "--raw", str(small_raw), "--db", str(db))
    assert done.returncode == 0, done.stderr
    entry = users.read_audit(users.users_path_for(db)).iloc[-1]
    assert (entry["username"], entry["action"]) == (users.CLI_ACTOR, "impor_terapkan")
    detail = json.loads(entry["detail_json"])
    assert detail["cara"] == "baris-perintah" and detail["tahun"] and detail["baris"] > 0
    done = cli("ingest", "--raw", str(tmp_path / "tidak-ada"), "--db", str(db))
    assert done.returncode == 2
    assert users.read_audit(users.users_path_for(db)).iloc[-1]["action"] == "impor_gagal"
    assert verify_chain(users.users_path_for(db)).ok
