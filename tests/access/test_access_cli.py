"""``python -m analytics users`` through a real subprocess."""

import subprocess
import sys

import duckdb
import pytest

from analytics.access.scope import User
from analytics.access.users import authenticate, users_path_for
from analytics.paths import PROJECT_ROOT

PASSWORD = "Sandi-Kuat-789"


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "analytics", "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kota.duckdb"
    duckdb.connect(str(path)).close()  # accounts belong to an existing database
    return str(path)


def test_add_list_set_role_remove(db):
    done = run("add", "ani", "--db", db, "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    done = run(
        "add",
        "vera",
        "--db",
        db,
        "--role",
        "verifikator",
        "--kelurahan",
        "64.74.01.1006",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    vera = User("vera", "verifikator", "64.74.01.1006")
    assert authenticate(users_path_for(db), "vera", PASSWORD, audit=False) == vera

    listed = run("list", "--db", db)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert lines == ["username,role,kelurahan", "ani,admin,", "vera,verifikator,64.74.01.1006"]
    assert "scrypt" not in listed.stdout and PASSWORD not in listed.stdout + listed.stderr

    done = run("set-role", "vera", "--db", db, "--role", "analis")
    assert done.returncode == 0, done.stderr
    assert "vera,analis," in run("list", "--db", db).stdout

    done = run("remove", "vera", "--db", db)
    assert done.returncode == 0, done.stderr
    assert run("list", "--db", db).stdout.strip().splitlines() == ["username,role,kelurahan", "ani,admin,"]


def test_a_missing_database_gets_no_user_store(tmp_path):
    done = run(
        "add",
        "ani",
        "--db",
        str(tmp_path / "salah-ketik.duckdb"),
        "--role",
        "admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 2 and "tidak ditemukan" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("add", "x", "--role", "verifikator", "--password-stdin"), PASSWORD, "wajib diberi kode kelurahan"),
        (("add", "x", "--role", "analis", "--password-stdin"), "pendek", "minimal 8"),
        (("add", "x", "--role", "analis", "--password-stdin"), "", "kata sandi kosong"),
        (("add", "x", "--role", "analis"), PASSWORD, "gunakan --password-stdin"),
        (("add", "x", "--role", "tamu", "--password-stdin"), PASSWORD, "argumen perintah users add tidak valid"),
        (("add", "x", "--role", "analis", "--password", PASSWORD), "", "argumen tidak dikenal"),
        (("remove", "x"), "", "belum ada"),
        (("list",), "", "belum ada"),
    ],
)
def test_user_mistakes_one_line_exit_2(db, args, stdin, message):
    done = run(*args, "--db", db, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("galat:")
