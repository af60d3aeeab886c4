"""Import of yearly register exports into one integrated DuckDB database.

`run_import(raw_dir, db_path)` reads every year folder (`<raw>/<year>/p3ke_keluarga.*`,
`p3ke_individu.*`, `dtks.*`, `regsosek.*`; from 2025 DTSEN keluarga and anggota and the SIKS-NG
lists; optionally a survey `susenas.*`), maps columns through the editable mapping file, merges
exact duplicate rows, quarantines unusable rows with their reason, flags damaged values, links
DTKS and P3KE onto the year's frame (DTSEN keluarga where the year has it, else Regsosek) and
writes the integrated `family`, `person` and `survey_household` tables. The database is
built aside and swapped in atomically; published small-area model runs are carried over.

NIK and No KK are stored only as keyed pseudonyms (HMAC) and masked; the key stays outside
the database (`analytics.access.pseudonym.nik_key`). Only the quarantine keeps a rejected
row's original values, for the admin who fixes the export.
"""

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access import pseudonym
from analytics.errors import ConfigError, ImportFailed
from analytics.ingest import database
from analytics.ingest.folders import SUPPORTED_SUFFIXES, find_sources
from analytics.ingest.guards import FRAME_SOURCES, check_registers, check_years
from analytics.ingest.keys import KEY_COLUMNS
from analytics.ingest.mapping import load_mapping
from analytics.ingest.prepare import PART_COLUMNS, READ, prepare_file
from analytics.ingest.preparers import PREPARERS
from analytics.ingest.rules import ImportOptions, RowChecks
from analytics.model import carry
from analytics.reference import load_kelurahan
from analytics.settings import settings
from analytics.workers import worker_pool

__all__ = ["LAYOUT", "NIK_STORAGE", "ImportFailed", "ImportOptions", "ImportResult", "run_import"]

# Recorded in import_meta: NIK / No KK columns hold HMAC-SHA256 pseudonyms and masks.
NIK_STORAGE = "hmac-sha256"
# Recorded in import_meta: the layout of tables and stored macros this version writes; the
# demo database is rebuilt when it was written by another layout (bumped too when the demo
# generator changes the data: 2027-04, the truth takes BPS's P1 and P2; 2027-05, the frame may be
# DTSEN and the demo's 2025 arrives as DTSEN; 2027-06, sae_estimate records the Monte Carlo errors;
# 2027-07, the extreme_list table and the demo's Dinas Sosial recap of 2024 and 2025).
LAYOUT = "2027-07"
# Sources a year may lack without it being reported: most Pemda have no survey file, and
# SIKS-NG lists come only with some DTSEN years.
OPTIONAL_SOURCES = frozenset({"susenas", "siksng_desil", "penerima_bansos"})
# A year's population frame: DTSEN keluarga from 2025 (Inpres 4/2025), else Regsosek. A year
# with DTSEN does not miss the registers DTSEN replaced; a year without it does not miss DTSEN.

REPLACED_BY_DTSEN = frozenset({"regsosek", "dtks", "p3ke_keluarga", "p3ke_individu"})
DTSEN_SOURCES = frozenset({"dtsen_keluarga", "dtsen_anggota"})


@dataclass
class ImportResult:
    log: pd.DataFrame  # one row per file (or sheet): rows_read, loaded, duplicates_merged, quarantined
    reasons: pd.DataFrame  # quarantined rows per source, year and reason
    column_report: pd.DataFrame
    missing_files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    parts: pd.DataFrame | None = None  # per file and sheet: format, encoding, delimiter, header row, counts, warnings
    warnings: list[str] = field(default_factory=list)  # what the admin must read (skipped files and sheets, …)
    keys: pd.DataFrame | None = None  # per file and key column: how sound the NIK / No KK are (KEY_COLUMNS)
    registers: pd.DataFrame | None = None  # families per year and kelurahan in Regsosek, P3KE and DTKS


def year_folders(raw_dir: Path) -> list[Path]:
    if not raw_dir.is_dir():
        raise ImportFailed(f"Folder data mentah {raw_dir} tidak ditemukan.")
    years = sorted(d for d in raw_dir.iterdir() if d.is_dir() and d.name.isdigit() and len(d.name) == 4)
    if not years:
        raise ImportFailed(f"Tidak ada folder tahun (misalnya {raw_dir}/2024/) di {raw_dir}.")
    return years


def find_source_file(folder: Path, stems: tuple[str, ...]) -> Path | None:
    """The file of ``folder`` named after a source (one of ``stems``), or None."""
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


def import_options(accept_quarantine: bool = False) -> ImportOptions:
    config = settings()
    return ImportOptions(
        config.import_max_quarantine_share,
        config.import_max_household_size,
        config.import_expenditure_factor,
        accept_quarantine,
    )


def run_import(
    raw_dir,
    db_path,
    mapping_path=None,
    echo=None,
    workers: int = 2,
    nik_key: bytes | None = None,
    carry_from=None,
    accept_quarantine: bool = False,
) -> ImportResult:
    """Import all year folders under raw_dir into db_path (replaced atomically).

    ``nik_key`` is the HMAC key of the NIK / No KK pseudonyms; None takes
    :func:`analytics.access.pseudonym.nik_key` (``$KEMISKINAN_NIK_KEY`` or ``var/nik.key``).
    Links within one import do not depend on the key; pseudonyms are comparable only
    between imports made with the same key. Published model runs are carried over from
    ``carry_from`` (default: the database being replaced, ``db_path``). ``accept_quarantine``
    is the admin's explicit override of the quarantine-share guard; it is recorded.
    """
    t0 = time.perf_counter()
    raw_dir, db_path = Path(raw_dir), Path(db_path)
    mappings = load_mapping(mapping_path)
    folders = year_folders(raw_dir)
    nik_key = _resolve_key(nik_key, echo)
    options = import_options(accept_quarantine)
    previous_runs = carry.previous_runs(Path(carry_from) if carry_from is not None else db_path)
    previous_recaps = carry.previous_recaps(Path(carry_from) if carry_from is not None else db_path)
    with database.build_aside(db_path) as con, database.stage_folder(db_path) as stage_dir:
        tasks, missing, warnings = _tasks(folders, mappings, nik_key, options, stage_dir)
        database.create_tables(con)
        staged, logs, columns, parts, key_rows = _stage_files(con, tasks, mappings, workers, echo, warnings)
        parts, keys = pd.DataFrame(parts, columns=PART_COLUMNS), pd.DataFrame(key_rows, columns=KEY_COLUMNS)
        warnings += check_years(parts, keys, settings().import_min_frame_share)
        if not staged.intersection(FRAME_SOURCES):
            raise ImportFailed(
                "Tidak ada file Regsosek maupun DTSEN keluarga: kerangka keluarga (populasi) tidak dapat dibentuk."
            )
        for source in mappings:
            if source not in staged:
                database.store_frame(con, f"stg_{source}", _empty_stage(source, nik_key))
        warnings += _compare_registers(con)
        log = _store_accounting(con, logs, parts, keys, columns)
        database.link_and_integrate(con)
        database.check_accounting(con)
        carry.restore_runs(con, previous_runs, database.append_frame)
        from analytics.model.extreme_store import import_recaps  # it writes through this package's database

        loaded, recap_warnings = import_recaps(con, raw_dir, "impor")
        warnings += recap_warnings
        warnings += carry.restore_recaps(con, previous_recaps, loaded, database.append_frame)
        database.append_frame(con, "import_meta", _meta(raw_dir, folders, options))
        reasons = sql.frame(con, "quality/quarantine_by_year_reason")
        column_report = sql.frame(con, "quality/column_report")
        registers = sql.frame(con, "staging/register_counts_stored")
    return ImportResult(
        log=log,
        reasons=reasons,
        column_report=column_report,
        missing_files=missing,
        seconds=time.perf_counter() - t0,
        parts=parts,
        warnings=warnings,
        keys=keys,
        registers=registers,
    )


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


def _tasks(
    folders, mappings, nik_key: bytes, options: ImportOptions, stage_dir: Path
) -> tuple[list[tuple], list[str], list[str]]:
    """One task per (file, source) found; the sources missing; notes on files left out."""
    tasks, missing, notes = [], [], []
    for folder in folders:
        pairs, left_out = find_sources(folder, mappings)
        notes += left_out
        present = {source for _, source in pairs}
        missing += [f"{folder.name}/{s}" for s in _expected(mappings, present) if s not in present]
        tasks += [
            (path, int(folder.name), source, mappings, f"{folder.name}/{path.name}", nik_key, options, str(stage_dir))
            for path, source in pairs
        ]
    return tasks, missing, notes


def _expected(mappings, present: set[str]) -> list[str]:
    """The sources a year folder should hold, given which frame it brings."""
    dtsen = "dtsen_keluarga" in present or "dtsen_anggota" in present
    # DTSEN carries PBI flags only: without recipient lists its year has no PKH or Sembako.
    left_out = (
        (OPTIONAL_SOURCES - {"penerima_bansos"} | REPLACED_BY_DTSEN) if dtsen else OPTIONAL_SOURCES | DTSEN_SOURCES
    )
    return [s for s in mappings if s not in left_out]


def _stage_files(con, tasks, mappings, workers: int, echo, warnings: list[str]):
    """Read and check the files in parallel (reading xlsx and cleaning values is CPU-bound
    Python); results are kept in the fixed task order, so a re-import of the same files gives
    the same database. The checked rows come as a Parquet file each, straight into their
    staging table; quarantine, issues and duplicates go to their tables at once."""
    staged: set[str] = set()
    logs, columns, parts, keys = [], [], [], []
    with worker_pool(min(workers, len(tasks)) or 1) as pool:
        results = pool.map(prepare_file, *zip(*tasks)) if tasks else []
        for (_, year, source, *_), result in zip(tasks, results):
            database.stage_parquet(con, f"stg_{source}", result.clean_path, create=source not in staged)
            Path(result.clean_path).unlink()
            staged.add(source)
            for frame, table in (
                (result.quarantine, "quarantine"),
                (result.issues, "data_issue"),
                (result.duplicates, "duplicate_row"),
            ):
                frame.insert(0, "source", source)
                frame.insert(0, "year", year)
                database.append_frame(con, table, frame)
            warnings += result.notes
            columns.extend(result.columns)
            keys.extend(result.keys)
            for part in result.parts:
                parts.append(part)
                if part["status"] != READ:
                    continue
                logs.append(
                    {
                        k: part[k]
                        for k in ("year", "source", "file", "rows_read", "loaded", "duplicates_merged", "quarantined")
                    }
                )
                if echo:
                    echo(_progress_line(part))
    return staged, logs, columns, parts, keys


def _store_accounting(con, logs: list[dict], parts: pd.DataFrame, keys: pd.DataFrame, columns) -> pd.DataFrame:
    """The rows, parts, key columns and column report of every file into their tables; the log."""
    log = pd.DataFrame(logs)
    database.append_frame(con, "import_log", log)
    database.append_frame(con, "import_part", parts)
    database.append_frame(con, "import_key", keys)
    report = pd.DataFrame(columns, columns=["year", "source", "file", "kind", "column_name"])
    database.append_frame(con, "column_report", report)
    return log


def _compare_registers(con) -> list[str]:
    """Families per kelurahan in each register, stored for the report; the disagreements."""
    counts = sql.frame(con, "staging/register_counts")
    database.append_frame(con, "import_register_count", counts)
    names = load_kelurahan().set_index("kode")["nama"].to_dict()
    return check_registers(counts, names)


def _progress_line(part: dict) -> str:
    how = ", ".join(
        str(v) for v in (part["format"], part["encoding"], part["delimiter"] and f"pemisah {part['delimiter']}") if v
    )
    header = f", judul kolom di baris {part['header_row']}" if part["header_row"] else ""
    line = (
        f"{part['file']} ({how}{header}): {part['rows_read']} baris dibaca, {part['loaded']} dimuat, "
        f"{part['duplicates_merged']} duplikat persis digabung, {part['quarantined']} dikarantina"
    )
    return line


def _meta(raw_dir: Path, folders, options: ImportOptions) -> pd.DataFrame:
    # nik_storage lets a reader tell this layout (*_hash, *_masked) from a database imported
    # before NIKs were pseudonymised, which must be re-imported; layout, this version's tables.
    # accept_quarantine records an override of the quarantine-share guard.
    return pd.DataFrame(
        {
            "key": ["raw_dir", "imported_at", "years", "nik_storage", "layout", "accept_quarantine"],
            "value": [
                str(raw_dir.resolve()),
                dt.datetime.now().isoformat(timespec="seconds"),
                ",".join(f.name for f in folders),
                NIK_STORAGE,
                LAYOUT,
                "ya" if options.accept_quarantine else "tidak",
            ],
        }
    )


def _empty_stage(source: str, key: bytes) -> pd.DataFrame:
    """A source absent in every year still gets its (empty) staging table."""
    empty = pd.DataFrame({"_row": pd.Series(dtype=int)})
    checks = RowChecks(empty, empty)
    clean = PREPARERS[source](empty, checks, key)
    clean.insert(0, "file", pd.Series(dtype=object))
    clean.insert(0, "year", pd.Series(dtype=int))
    return clean
