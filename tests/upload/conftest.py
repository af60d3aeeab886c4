"""Live databases for upload tests: copies of the small demo database and its raw archive.

The session fixtures' files are never changed: each live database here is a copy whose
``import_meta.raw_dir`` names a copy of the raw folder.
"""

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics.access.scope import User

ADMIN = User("admin", "admin")


def make_live(db: Path, raw: Path, where: Path) -> Path:
    """Copy ``db`` and ``raw`` (without ``truth/``) under ``where``; return the live database."""
    where.mkdir(parents=True, exist_ok=True)
    archive = where / "arsip"
    shutil.copytree(raw, archive, ignore=shutil.ignore_patterns("truth"))
    live = where / "live.duckdb"
    shutil.copy2(db, live)
    with duckdb.connect(str(live)) as con:
        con.execute("update import_meta set value = ? where key = 'raw_dir'", [str(archive)])
    return live


def fingerprint(path: Path) -> tuple[str, int]:
    """sha256 and mtime: a file that is byte-for-byte and time-for-time the same."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def tree_fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(live: Path) -> list[str]:
    """Staging files beside the live database (the lock file and user store are expected)."""
    expected = {
        live.name,
        f"{live.stem}.impor.lock",
        f"{live.stem}.users.sqlite",
        f"{live.stem}.users.sqlite-wal",
        f"{live.stem}.users.sqlite-shm",
        "arsip",
    }
    return sorted(p.name for p in live.parent.iterdir() if p.name not in expected)


@pytest.fixture
def live(small_db, small_raw, tmp_path) -> Path:
    return make_live(small_db, small_raw, tmp_path / "server")
