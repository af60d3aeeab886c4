"""The SQLite user store and the append-only audit log."""

import json
import os
import sqlite3
import stat

import pytest

from analytics.access.scope import User
from analytics.access.users import (
    AccountError,
    add_user,
    authenticate,
    ensure_demo_accounts,
    list_users,
    read_audit,
    record,
    remove_user,
    set_role,
    users_path_for,
)

API_API = "64.74.01.1006"
PASSWORD = "Sandi-Rahasia-123"


@pytest.fixture
def store(tmp_path):
    path = users_path_for(tmp_path / "kota.duckdb")
    add_user(path, "Ani", PASSWORD, "admin")
    return path


def test_users_path_beside_database(tmp_path):
    assert users_path_for(tmp_path / "bontang.duckdb") == tmp_path / "bontang.users.sqlite"


def test_authenticate(store):
    assert authenticate(store, "ani", PASSWORD) == User("ani", "admin", None)
    assert authenticate(store, " ANI ", PASSWORD) == User("ani", "admin", None)
    assert authenticate(store, "ani", "salah-sandi") is None
    assert authenticate(store, "tidak-ada", PASSWORD) is None
    assert authenticate(store.with_name("belum.users.sqlite"), "ani", PASSWORD) is None
    actions = read_audit(store)[["username", "action"]].values.tolist()
    assert actions == [
        ["(baris-perintah)", "tambah_pengguna"],
        ["ani", "masuk"],
        ["ani", "masuk"],
        ["ani", "masuk_gagal"],
        ["tidak-ada", "masuk_gagal"],
    ]
    assert not store.with_name("belum.users.sqlite").exists()


def test_no_plain_password_in_file_and_mode_0600(store):
    add_user(store, "budi", "Sandi-Budi-456", "analis")
    for name in (store, store.with_name(store.name + "-wal")):
        if name.exists():
            data = name.read_bytes()
            assert PASSWORD.encode() not in data and b"Sandi-Budi-456" not in data
    assert stat.S_IMODE(os.stat(store).st_mode) == 0o600
    listed = list_users(store)
    assert list(listed.columns) == ["username", "role", "kelurahan", "created_at"]
    assert not listed.astype(str).apply(lambda c: c.str.contains("scrypt")).any().any()


def test_roles_and_kelurahan_validation(store):
    with pytest.raises(AccountError, match="tidak dikenal"):
        add_user(store, "x", PASSWORD, "tamu")
    with pytest.raises(AccountError, match="wajib diberi kode kelurahan"):
        add_user(store, "v", PASSWORD, "verifikator")
    with pytest.raises(AccountError, match="Kode kelurahan"):
        add_user(store, "v", PASSWORD, "verifikator", "64.74.01.9999")
    with pytest.raises(AccountError, match="tidak boleh diberi kelurahan"):
        add_user(store, "a", PASSWORD, "analis", API_API)
    with pytest.raises(AccountError, match="minimal 8"):
        add_user(store, "a", "pendek", "analis")
    with pytest.raises(AccountError, match="Nama pengguna tidak valid"):
        add_user(store, "a b", PASSWORD, "analis")
    with pytest.raises(AccountError, match="sudah ada"):
        add_user(store, "ANI", PASSWORD, "analis")
    add_user(store, "v", PASSWORD, "verifikator", API_API)
    assert authenticate(store, "v", PASSWORD, audit=False) == User("v", "verifikator", API_API)
    assert list_users(store)["username"].tolist() == ["ani", "v"]


INSERT = "insert into users (username, password_hash, role, kelurahan, created_at)"


def test_database_constraints_back_the_rules(store):
    con = sqlite3.connect(store)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(f"{INSERT} values ('z', 'h', 'tamu', null, 't')")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(f"{INSERT} values ('z', 'h', 'verifikator', null, 't')")
    con.close()


def test_set_role_remove_and_last_admin(store):
    add_user(store, "budi", PASSWORD, "analis")
    set_role(store, "budi", "verifikator", API_API, by=User("ani", "admin"))
    assert authenticate(store, "budi", PASSWORD, audit=False) == User("budi", "verifikator", API_API)
    with pytest.raises(AccountError, match="admin terakhir"):
        set_role(store, "ani", "analis")
    with pytest.raises(AccountError, match="Admin terakhir"):
        remove_user(store, "ani")
    with pytest.raises(AccountError, match="tidak ditemukan"):
        remove_user(store, "siapa")
    remove_user(store, "budi")
    assert authenticate(store, "budi", PASSWORD, audit=False) is None
    audit = read_audit(store)
    change = audit[audit["action"] == "ubah_peran"].iloc[0]
    assert (change["username"], change["role"]) == ("ani", "admin")
    assert json.loads(change["detail_json"])["kelurahan"] == API_API
    assert "hapus_pengguna" in audit["action"].tolist()


def test_audit_log_append_only(store):
    record(store, "ani", "admin", "unduh_rumah_tangga", kelurahan=API_API, jumlah=42)
    row = read_audit(store).iloc[-1]
    assert row["action"] == "unduh_rumah_tangga"
    assert json.loads(row["detail_json"]) == {"kelurahan": API_API, "jumlah": 42}
    con = sqlite3.connect(store)
    with pytest.raises(sqlite3.DatabaseError, match="hanya boleh ditambah"):
        con.execute("update audit_log set action = 'lain'")
    with pytest.raises(sqlite3.DatabaseError, match="hanya boleh ditambah"):
        con.execute("delete from audit_log")
    con.close()
    assert read_audit(store).iloc[-1]["action"] == "unduh_rumah_tangga"


def test_demo_accounts(tmp_path):
    path = users_path_for(tmp_path / "demo.duckdb")
    assert ensure_demo_accounts(path) == ["admin", "analis", "pimpinan", "verifikator"]
    assert ensure_demo_accounts(path) == []
    for name in ("admin", "analis", "pimpinan"):
        assert authenticate(path, name, "demo", audit=False) == User(name, name, None)
    assert authenticate(path, "verifikator", "demo", audit=False) == User("verifikator", "verifikator", API_API)


def test_concurrent_writers(store):
    from concurrent.futures import ThreadPoolExecutor

    def write(worker):
        for i in range(15):
            record(store, f"u{worker}", "analis", "lihat_rumah_tangga", urutan=i)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    audit = read_audit(store)
    assert (audit["action"] == "lihat_rumah_tangga").sum() == 60
    assert audit["id"].is_monotonic_increasing
