"""The demo database: generated from synthetic registers on first use, then reused."""

import fcntl
import os
from pathlib import Path

from analytics.paths import DEMO_DB, DEMO_RAW_DIR, VAR_DIR

DB_ENV = "KEMISKINAN_DB"
DEMO_SEED = 1


def configured_database() -> Path | None:
    """The database named by KEMISKINAN_DB, or None to use the demo database."""
    value = os.environ.get(DB_ENV)
    return Path(value) if value else None


def ensure_demo_database(db: Path = DEMO_DB, raw: Path = DEMO_RAW_DIR, echo=None) -> Path:
    """Build the demo database if it is missing (about a minute on 2 cores).

    A lock file keeps two dashboard sessions started together from building it twice.
    """
    if db.exists():
        return db
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(VAR_DIR / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if db.exists():
            return db
        from analytics.generate.build import generate
        from analytics.ingest import run_import

        if not (raw / "truth" / "meta.json").exists():
            if echo:
                echo("Membuat register demo sintetis…")
            generate(raw, seed=DEMO_SEED)
        if echo:
            echo("Mengimpor register demo ke database…")
        run_import(raw, db)
    return db


def database_path(echo=None) -> Path:
    """The database the dashboard reads: KEMISKINAN_DB if set, else the demo database."""
    configured = configured_database()
    if configured is not None:
        if not configured.exists():
            raise FileNotFoundError(f"Database {configured} (dari {DB_ENV}) tidak ditemukan.")
        return configured
    return ensure_demo_database(echo=echo)
