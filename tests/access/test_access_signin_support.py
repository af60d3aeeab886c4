"""Session-key loading, the OIDC role mapping file, account look-up and the sign-in lockout."""

import os
import stat
from datetime import UTC, datetime, timedelta

import pytest

from analytics.access import users
from analytics.access.keys import SESSION_KEY_ENV, session_key
from analytics.access.oidc_roles import RoleMapError, load_role_map, user_for
from analytics.access.scope import User, issue_token, read_token
from analytics.errors import UserError
from analytics.settings import settings

API_API = "64.74.01.1006"
PASSWORD = "Sandi-Rahasia-123"


def test_session_key_file_is_created_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.delenv(SESSION_KEY_ENV, raising=False)
    path = tmp_path / "rahasia" / "session.key"
    key = session_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert session_key(path) == key
    other = session_key(tmp_path / "lain.key")
    assert other != key  # random per installation: a token from one cannot be used on another
    token = issue_token(User("ani", "admin"), key)
    assert read_token(token, other, 3600) is None


def test_session_key_refuses_loose_permissions_and_bad_env(tmp_path, monkeypatch):
    monkeypatch.delenv(SESSION_KEY_ENV, raising=False)
    path = tmp_path / "session.key"
    session_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(UserError, match="chmod 600"):
        session_key(path)
    monkeypatch.setenv(SESSION_KEY_ENV, "zz")
    with pytest.raises(UserError, match="heksadesimal"):
        session_key(path)
    monkeypatch.setenv(SESSION_KEY_ENV, "ab" * 8)
    with pytest.raises(UserError, match="terlalu pendek"):
        session_key(path)
    monkeypatch.setenv(SESSION_KEY_ENV, "ab" * 32)
    assert session_key(path) == bytes.fromhex("ab" * 32)


def test_role_map(tmp_path):
    path = tmp_path / "peran.toml"
    path.write_text(
        '[pengguna."Kepala.Bappeda@bontangkota.go.id"]\nperan = "pimpinan"\n'
        f'[pengguna."verif@bontangkota.go.id"]\nperan = "verifikator"\nkelurahan = "{API_API}"\n',
        encoding="utf-8",
    )
    mapping = load_role_map(path)
    assert user_for("kepala.bappeda@BONTANGKOTA.go.id", mapping) == User("kepala.bappeda@bontangkota.go.id", "pimpinan")
    assert user_for("verif@bontangkota.go.id", mapping).kelurahan == API_API
    assert user_for("orang.lain@gmail.com", mapping) is None
    assert user_for(None, mapping) is None


@pytest.mark.parametrize(
    "text, message",
    [
        ('[pengguna."a@b.id"]\nperan = "raja"\n', "peran 'raja'"),
        ('[pengguna."a@b.id"]\nperan = "verifikator"\n', "kelurahan wajib"),
        ('[pengguna."a@b.id"]\nperan = "analis"\nkelurahan = "64.74.01.1006"\n', "hanya untuk verifikator"),
        ('[pengguna."a@b.id"]\nperan = "verifikator"\nkelurahan = "64.74.09.9999"\n', "tidak dikenal"),
        ("[pengguna\n", "bukan TOML"),
    ],
)
def test_role_map_rejects_mistakes(tmp_path, text, message):
    path = tmp_path / "peran.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RoleMapError, match=message):
        load_role_map(path)
    with pytest.raises(RoleMapError, match="tidak ditemukan"):
        load_role_map(tmp_path / "tidak-ada.toml")


def test_get_user_reflects_changes_at_once(tmp_path):
    path = users.users_path_for(tmp_path / "kota.duckdb")
    assert users.get_user(path, "ani") is None
    users.add_user(path, "ani", PASSWORD, "admin")
    users.add_user(path, "budi", PASSWORD, "verifikator", API_API)
    assert users.get_user(path, " Budi ") == User("budi", "verifikator", API_API)
    users.set_role(path, "budi", "analis")
    assert users.get_user(path, "budi") == User("budi", "analis", None)
    users.remove_user(path, "budi")
    assert users.get_user(path, "budi") is None


def test_lockout_after_repeated_failures(tmp_path):
    path = users.users_path_for(tmp_path / "kota.duckdb")
    users.add_user(path, "ani", PASSWORD, "admin")
    for _ in range(settings().max_failed_sign_ins - 1):
        assert users.authenticate(path, "ani", "salah") is None
    assert not users.is_locked(path, "ani")
    assert users.authenticate(path, "ani", PASSWORD) == User("ani", "admin")  # still below the limit
    assert users.authenticate(path, "ani", "salah") is None
    assert users.is_locked(path, "ani")
    assert users.authenticate(path, "ani", PASSWORD) is None  # right password, but locked
    assert users.read_audit(path)["action"].iloc[-1] == "masuk_diblokir"
    assert not users.is_locked(path, "budi")  # per username
    later = datetime.now(UTC) + users.lockout_window() + timedelta(seconds=1)
    assert users.recent_failures(path, "ani", now=later) == 0


def test_password_change_time_and_older_stores(tmp_path):
    import sqlite3

    path = users.users_path_for(tmp_path / "kota.duckdb")
    # A store written before password_changed_at existed gets the column on first use.
    con = sqlite3.connect(path)
    con.execute(
        "create table users (username text primary key, password_hash text not null, role text not null,"
        " kelurahan text, created_at text not null)"
    )
    con.close()
    users.add_user(path, "ani", PASSWORD, "admin")
    assert users.password_changed_at(path, "ani") is None
    before = datetime.now(UTC).timestamp()
    users.set_password(path, "ani", "Sandi-Baru-456")
    assert before - 1 <= users.password_changed_at(path, "ani") <= datetime.now(UTC).timestamp()
    assert users.authenticate(path, "ani", "Sandi-Baru-456") == User("ani", "admin")
