"""The demo database: generated from synthetic registers on first use, then reused."""

import fcntl
import functools
import json
import os
import re
from pathlib import Path

from analytics.paths import DEMO_DB, DEMO_RAW_DIR, VAR_DIR
from analytics.reference import REGION_SLUG
from analytics.settings import settings

DB_ENV = "KEMISKINAN_DB"
DEMO_SEED = 1
#: Why the demo database takes no import, and how to start a real database (every import path
#: says it: the Impor Data page, ``python -m analytics ingest``).
DEMO_IMPORT_REFUSED = (
    "Database demo (var/demo.duckdb) tidak menerima impor register: akun demonya (kata sandinya tertulis di "
    "README) akan dapat membaca data asli. Impor register asli ke database tersendiri: jalankan `python -m "
    f"analytics ingest --raw FOLDER --db var/{REGION_SLUG}.duckdb`, buat akun dengan `python -m analytics users add`, "
    f"lalu mulai dasbor dengan KEMISKINAN_DB=var/{REGION_SLUG}.duckdb."
)


def configured_database() -> Path | None:
    """The database named by KEMISKINAN_DB, or None to use the demo database."""
    return settings().database


def demo_is_ready(db: Path = DEMO_DB) -> bool:
    """True when the dashboard can open its database without building anything first."""
    return configured_database() is not None or (db.exists() and _is_current(db))


def ensure_demo_database(db: Path = DEMO_DB, raw: Path = DEMO_RAW_DIR, echo=None) -> Path:
    """Build the demo database if it is missing (about three minutes on 2 cores: synthetic
    registers, import, and the small-area model of every survey year), with its demo accounts.

    ``echo(text, done)`` hears each step in Indonesian and the share of the work done before
    it (0 to 1), for a terminal or a progress bar. A lock file keeps two dashboard sessions
    started together from building it twice.
    """
    echo = _steps(echo)
    if db.exists() and _is_current(db):
        _ensure_demo_accounts(db)
        return db
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(VAR_DIR / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if db.exists() and _is_current(db):
            return db
        from analytics.generate.build import generate
        from analytics.ingest import run_import

        if not _raw_is_current(raw):
            echo("Membuat register demo sintetis (P3KE, DTKS, Regsosek 2021–2024, DTSEN 2025, Susenas)…", 0.0)
            generate(raw, seed=DEMO_SEED)
        echo("Mengimpor register demo ke database…", SHARE_GENERATE)
        run_import(raw, db)
        from analytics.model.demo_runs import publish_demo_runs

        def model_step(text: str, share: float) -> None:
            echo(text, SHARE_GENERATE + SHARE_IMPORT + share * (1 - SHARE_GENERATE - SHARE_IMPORT))

        publish_demo_runs(db, echo=model_step)
        echo("Database demo siap.", 1.0)
    _ensure_demo_accounts(db)
    return db


def _raw_is_current(raw: Path) -> bool:
    """Whether ``raw`` holds registers written by this generator version."""
    from analytics.generate import GENERATOR_VERSION

    meta = raw / "truth" / "meta.json"
    if not meta.exists():
        return False
    try:
        return json.loads(meta.read_text()).get("generator") == GENERATOR_VERSION
    except (OSError, ValueError):
        return False


#: Shares of the first build's time (measured on 2 cores: generate ~35 s, import ~25 s, models ~110 s).
SHARE_GENERATE, SHARE_IMPORT = 0.2, 0.15


def _steps(echo):
    return echo if echo is not None else (lambda text, done: None)


def print_step(text: str, done: float) -> None:
    """A build step on the terminal: '[ 35 %] Mengimpor register demo ke database…'."""
    print(format_step(text, done), flush=True)


def format_step(text: str, done: float) -> str:
    """One step as a line; the dashboard reads these lines back from ``python -m analytics demo``.

    >>> format_step("Mengimpor register demo ke database…", 0.2)
    '[ 20 %] Mengimpor register demo ke database…'
    >>> parse_step(format_step("Database demo siap.", 1.0))
    ('Database demo siap.', 1.0)
    """
    return f"[{round(done * 100):3d} %] {text}"


_STEP = re.compile(r"^\[\s*(\d{1,3}) %\] (.+)$")


def parse_step(line: str) -> tuple[str, float] | None:
    """The step a line of :func:`format_step` names (text, share done), or None for any other line
    (a warning, a traceback).

    >>> parse_step("Traceback (most recent call last):") is None
    True
    """
    match = _STEP.match(line.rstrip("\n"))
    return (match.group(2), int(match.group(1)) / 100) if match else None


def _is_current(db: Path) -> bool:
    """False for a demo database imported by an older importer (full NIKs, another table
    layout): it is rebuilt rather than read with queries that expect the current layout."""
    info = db.stat()
    return _layout_is_current(str(db), info.st_ino, info.st_mtime_ns)


@functools.cache
def _layout_is_current(path: str, inode: int, modified: int) -> bool:
    import duckdb

    from analytics import sql
    from analytics.ingest import LAYOUT, NIK_STORAGE

    with duckdb.connect(path, read_only=True) as con:
        stored = [sql.row(con, "meta/import_meta_value", {"key": key}) for key in ("nik_storage", "layout")]
    return [row[0] if row else None for row in stored] == [NIK_STORAGE, LAYOUT]


def _ensure_demo_accounts(db: Path) -> None:
    """The accounts admin, analis, pimpinan and verifikator (password ``demo``) of the demo
    database only; a database imported from real registers never gets them.

    Created with the user store; accounts the administrator removes later stay removed.
    """
    from analytics.access.users import ensure_demo_accounts, users_path_for

    store = users_path_for(db)
    if not store.exists():
        ensure_demo_accounts(store)


def is_demo_database(path: str | os.PathLike) -> bool:
    """True for the demo database (the one with the demo accounts)."""
    import analytics.demo as this  # read at call time, so a test can point it elsewhere

    return Path(path).resolve() == Path(this.DEMO_DB).resolve()


def planned_database() -> Path:
    """The database the dashboard will read, without building it: its user store and audit log
    can be used (the sign-in form) while the demo database is still being built."""
    configured = configured_database()
    return configured if configured is not None else DEMO_DB


def prepare_demo_accounts() -> None:
    """The demo accounts before the demo database exists, so that the first visitor can sign
    in while it is built (they belong to the demo database's path, see :func:`_ensure_demo_accounts`)."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _ensure_demo_accounts(DEMO_DB)


def refuse_demo_import(path: str | os.PathLike) -> None:
    """Raise :class:`analytics.errors.InputError` when ``path`` is the demo database."""
    from analytics.errors import InputError

    if is_demo_database(path):
        raise InputError(DEMO_IMPORT_REFUSED)


def database_path(echo=None) -> Path:
    """The database the dashboard reads: KEMISKINAN_DB if set, else the demo database.

    The first call of a process for a database removes the leftovers of an import or a
    publication that was killed half-way (:func:`analytics.access.files.remove_leftovers`).
    """
    configured = configured_database()  # checked to exist by the settings
    path = configured if configured is not None else ensure_demo_database(echo=echo)
    _remove_leftovers_once(str(path))
    return path


@functools.cache
def _remove_leftovers_once(path: str) -> None:
    from analytics.access.files import remove_leftovers
    from analytics.upload.workspace import remove_abandoned

    remove_leftovers(path)
    remove_abandoned(path)
