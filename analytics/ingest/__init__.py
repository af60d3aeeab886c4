"""Import of yearly register exports into one integrated DuckDB database.

`run_import(raw_dir, db_path)` reads every year folder (`<raw>/<year>/p3ke_keluarga.*`,
`p3ke_individu.*`, `dtks.*`, `regsosek.*` and, optionally, a survey `susenas.*`), maps
columns through the editable mapping file, merges exact duplicate rows, quarantines unusable
rows with their reason, flags damaged values, links DTKS and P3KE onto the Regsosek families
and writes the integrated `family`, `person` and `survey_household` tables. The database is
built aside and swapped in atomically; published small-area model runs are carried over.

NIK and No KK are stored only as keyed pseudonyms (HMAC) and masked; the key stays outside
the database (`analytics.access.pseudonym.nik_key`). Only the quarantine keeps a rejected
row's original values, for the admin who fixes the export.
"""

import datetime as dt
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access import pseudonym
from analytics.errors import ConfigError, ImportFailed
from analytics.ingest import database
from analytics.ingest.mapping import load_mapping, match_columns
from analytics.ingest.readers import SUPPORTED_SUFFIXES, read_export
from analytics.ingest.rules import RowChecks, exact_duplicates
from analytics.ingest.sources import PREPARERS
from analytics.model import carry
from analytics.settings import settings

__all__ = ["LAYOUT", "NIK_STORAGE", "ImportFailed", "ImportResult", "run_import"]

# Recorded in import_meta: NIK / No KK columns hold HMAC-SHA256 pseudonyms and masks.
NIK_STORAGE = "hmac-sha256"
# Recorded in import_meta: the layout of tables and stored macros this version writes; the
# demo database is rebuilt when it was written by another layout.
LAYOUT = "2026-12"
# Sources a year may lack without it being reported: most Pemda have no survey file.
OPTIONAL_SOURCES = frozenset({"susenas"})


@dataclass
class ImportResult:
    log: pd.DataFrame  # one row per file: rows_read, loaded, duplicates_merged, quarantined
    reasons: pd.DataFrame  # quarantined rows per source, year and reason
    column_report: pd.DataFrame
    missing_files: list[str] = field(default_factory=list)
    seconds: float = 0.0


def year_folders(raw_dir: Path) -> list[Path]:
    if not raw_dir.is_dir():
        raise ImportFailed(f"Folder data mentah {raw_dir} tidak ditemukan.")
    years = sorted(d for d in raw_dir.iterdir() if d.is_dir() and d.name.isdigit() and len(d.name) == 4)
    if not years:
        raise ImportFailed(f"Tidak ada folder tahun (misalnya {raw_dir}/2024/) di {raw_dir}.")
    return years


def find_source_file(folder: Path, stems: tuple[str, ...]) -> Path | None:
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.stem.lower() in stems
    ]
    if len(found) > 1:
        raise ImportFailed(
            f"{folder}: lebih dari satu file untuk sumber yang sama: {', '.join(p.name for p in found)}."
        )
    return found[0] if found else None


def _prepare_file(path: Path, year: int, source: str, mapping, label: str, key: bytes):
    original = read_export(path)
    match = match_columns([c for c in original.columns if c != "_row"], mapping, label)
    dups = exact_duplicates(original)
    original = original.drop(index=original.index[original["_row"].isin(dups["row_number"])])
    raw = original[[*match.renames, "_row"]].rename(columns=match.renames)
    checks = RowChecks(raw, original)
    clean = PREPARERS[source](raw, checks, key)
    clean.insert(0, "file", label)
    clean.insert(0, "year", year)
    quarantine = checks.quarantine_frame()
    issues = checks.issue_frame(clean.index)
    stats = {
        "year": year,
        "source": source,
        "file": label,
        "rows_read": len(original) + len(dups),
        "loaded": len(clean),
        "duplicates_merged": len(dups),
        "quarantined": len(quarantine),
    }
    columns = [(year, source, label, "unknown", c) for c in match.unknown] + [
        (year, source, label, "missing_optional", c) for c in match.missing_optional
    ]
    return clean, quarantine, issues, dups, stats, columns


def run_import(
    raw_dir, db_path, mapping_path=None, echo=None, workers: int = 2, nik_key: bytes | None = None,
    carry_from=None,
) -> ImportResult:
    """Import all year folders under raw_dir into db_path (replaced atomically).

    ``nik_key`` is the HMAC key of the NIK / No KK pseudonyms; None takes
    :func:`analytics.access.pseudonym.nik_key` (``$KEMISKINAN_NIK_KEY`` or ``var/nik.key``).
    Links within one import do not depend on the key; pseudonyms are comparable only
    between imports made with the same key. Published model runs are carried over from
    ``carry_from`` (default: the database being replaced, ``db_path``).
    """
    t0 = time.perf_counter()
    raw_dir, db_path = Path(raw_dir), Path(db_path)
    mappings = load_mapping(mapping_path)
    folders = year_folders(raw_dir)
    nik_key = _resolve_key(nik_key, echo)
    tasks, missing = _tasks(folders, mappings, nik_key)
    previous_runs = carry.previous_runs(Path(carry_from) if carry_from is not None else db_path)
    with database.build_aside(db_path) as con:
        database.create_tables(con)
        staged, logs, columns = _stage_files(con, tasks, mappings, workers, echo)
        if not staged.get("regsosek"):
            raise ImportFailed("Tidak ada file Regsosek: kerangka keluarga (populasi) tidak dapat dibentuk.")
        for source, frames in staged.items():
            frame = pd.concat(frames, ignore_index=True) if frames else _empty_stage(source, nik_key)
            database.store_frame(con, f"stg_{source}", frame)
        log = pd.DataFrame(logs)
        database.append_frame(con, "import_log", log)
        database.append_frame(con, "column_report",
                              pd.DataFrame(columns, columns=["year", "source", "file", "kind", "column_name"]))
        database.link_and_integrate(con)
        database.check_accounting(con)
        carry.restore_runs(con, previous_runs, database.append_frame)
        database.append_frame(con, "import_meta", _meta(raw_dir, folders))
        reasons = sql.frame(con, "quality/quarantine_by_year_reason")
        column_report = sql.frame(con, "quality/column_report")
    return ImportResult(log=log, reasons=reasons, column_report=column_report, missing_files=missing,
                        seconds=time.perf_counter() - t0)  # fmt: skip


def _resolve_key(nik_key: bytes | None, echo) -> bytes:
    """The pseudonym key, resolved once before anything is built: a bad key file stops the
    import with the old database intact, and every worker hashes with the same key."""
    if nik_key is not None:
        return nik_key
    try:
        nik_key = pseudonym.nik_key()
    except ConfigError as exc:
        raise ImportFailed(exc.message) from exc
    if echo:
        # Losing this key makes later pseudonyms incomparable with these: say where it is.
        config = settings()
        where = f"variabel lingkungan {pseudonym.KEY_ENV}" if config.nik_key_hex else f"berkas {config.nik_key_file}"
        echo(f"NIK dan No KK disimpan sebagai pseudonim HMAC; kunci dari {where} (cadangkan terpisah).")
    return nik_key


def _tasks(folders, mappings, nik_key: bytes) -> tuple[list[tuple], list[str]]:
    """One task per file found (path, year, source, mapping, label, key); the files missing."""
    tasks, missing = [], []
    for folder in folders:
        for source, mapping in mappings.items():
            path = find_source_file(folder, mapping.file_stems)
            if path is None:
                if source not in OPTIONAL_SOURCES:
                    missing.append(f"{folder.name}/{source}")
            else:
                tasks.append((path, int(folder.name), source, mapping, f"{folder.name}/{path.name}", nik_key))
    return tasks, missing


def _stage_files(con, tasks, mappings, workers: int, echo):
    """Read and check the files in parallel (reading xlsx and cleaning values is CPU-bound
    Python); results are kept in the fixed task order, so a re-import of the same files gives
    the same database. Quarantine, issues and duplicates go to their tables at once."""
    staged: dict[str, list[pd.DataFrame]] = {s: [] for s in mappings}
    logs, columns = [], []
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)) or 1) as pool:
        results = pool.map(_prepare_file, *zip(*tasks))
        for (_, year, source, _, label, _), result in zip(tasks, results):
            clean, quarantine, issues, dups, stats, cols = result
            staged[source].append(clean)
            for frame, table in ((quarantine, "quarantine"), (issues, "data_issue"), (dups, "duplicate_row")):
                frame = frame.copy()
                frame.insert(0, "file", label)
                frame.insert(0, "source", source)
                frame.insert(0, "year", year)
                database.append_frame(con, table, frame)
            logs.append(stats)
            columns.extend(cols)
            if echo:
                echo(
                    f"{label}: {stats['rows_read']} baris dibaca, {stats['loaded']} dimuat, "
                    f"{stats['duplicates_merged']} duplikat persis digabung, {stats['quarantined']} dikarantina"
                )
    return staged, logs, columns


def _meta(raw_dir: Path, folders) -> pd.DataFrame:
    # nik_storage lets a reader tell this layout (*_hash, *_masked) from a database imported
    # before NIKs were pseudonymised, which must be re-imported; layout, this version's tables.
    return pd.DataFrame({
        "key": ["raw_dir", "imported_at", "years", "nik_storage", "layout"],
        "value": [str(raw_dir.resolve()), dt.datetime.now().isoformat(timespec="seconds"),
                  ",".join(f.name for f in folders), NIK_STORAGE, LAYOUT],
    })  # fmt: skip


def _empty_stage(source: str, key: bytes) -> pd.DataFrame:
    """A source absent in every year still gets its (empty) staging table."""
    empty = pd.DataFrame({"_row": pd.Series(dtype=int)})
    checks = RowChecks(empty, empty)
    clean = PREPARERS[source](empty, checks, key)
    clean.insert(0, "file", pd.Series(dtype=object))
    clean.insert(0, "year", pd.Series(dtype=int))
    return clean
