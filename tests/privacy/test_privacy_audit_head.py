"""The audit chain's head outside the database (issue 21): ``users verify-audit`` used to say
"utuh" after the newest 40 entries were deleted, after everything was deleted, after a forged
entry with id -1, after a role was changed in the users table, and after a verval record was
edited with its approval forged. Each is now reported."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from analytics.access import users
from analytics.access.audit import verify_chain
from tests.privacy.test_privacy_audit import PASSWORD, cli


@pytest.fixture
def store(tmp_path):
    path = users.users_path_for(tmp_path / "kota.duckdb")
    duckdb.connect(str(tmp_path / "kota.duckdb")).close()
    users.add_user(path, "ani", PASSWORD, "admin")
    users.add_user(path, "vera", PASSWORD, "verifikator", "64.74.01.1006")
    verval = sqlite3.connect(tmp_path / "kota.verval.sqlite")
    verval.execute("create table verval_record (record_id text, version int, status text, note text)")
    verval.execute("insert into verval_record values ('R1', 1, 'submitted', 'rumah kosong')")
    verval.commit()
    verval.close()
    for i in range(45):
        users.record(path, "ani", "admin", "lihat_rumah_tangga", kelurahan="64.74.01.1006", jumlah=i)
    assert verify_chain(path).ok
    return path


def _sql(path, *statements) -> None:
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


DROP = ("drop trigger audit_log_no_update", "drop trigger audit_log_no_delete")


@pytest.mark.parametrize(
    "statements, says",
    [
        ((*DROP, "delete from audit_log where id > (select max(id) - 40 from audit_log)"), "dihapus"),
        ((*DROP, "delete from audit_log"), "dihapus"),
        (
            (
                *DROP,
                "insert into audit_log (id, at, username, role, action, detail_json) values "
                "(-1, '2020-01-01', 'x', 'admin', 'masuk', '{}')",
            ),
            "disisipkan",
        ),
        (("update users set role = 'admin', kelurahan = null where username = 'vera'",), "tabel pengguna"),
    ],
    ids=["newest-40-deleted", "all-deleted", "forged-id-minus-1", "role-changed"],
)
def test_each_kind_of_tampering_is_reported(store, statements, says):
    _sql(store, *statements)
    check = verify_chain(store)
    assert not check.ok and says in check.message, check.message
    done = cli("users", "verify-audit", "--db", str(store.with_name("kota.duckdb")))
    assert done.returncode == 2 and says in done.stderr and "utuh" not in done.stdout


def test_an_edited_verval_record_with_forged_approval_is_reported(store):
    _sql(
        store.with_name("kota.verval.sqlite"),
        "update verval_record set note = 'rumah dihuni'",
        "insert into verval_record values ('R1', 2, 'approved', 'rumah dihuni')",
    )
    check = verify_chain(store)
    assert not check.ok and "catatan verval" in check.message


def test_a_forged_head_is_reported(store):
    import json

    from analytics.access.audit_head import head_path

    path = head_path(store)
    raw = json.loads(path.read_text())
    raw["count"] = 3
    path.write_text(json.dumps(raw))
    assert "dipalsukan" in verify_chain(store).message


def test_changes_through_the_dashboard_keep_the_chain_whole(store):
    users.set_role(store, "vera", "analis")
    users.remove_user(store, "vera")
    assert verify_chain(store).ok
