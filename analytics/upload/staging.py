"""Check an upload into a candidate database, then commit it (atomic swap) or cancel it.

:func:`stage_upload` never touches the live database or the raw archive: it builds a
staging raw folder (the archive's other years, linked; the uploaded year's files, see
:mod:`~analytics.upload.year_files`) and imports it into the candidate database beside the
live one. :func:`commit_import` moves the year's files into the archive (the previous folder
is kept under ``<archive>/.sebelum-impor/``) and ``os.replace``-s the candidate over the live
database; sessions with the old file open keep reading it until they reopen.
:func:`cancel_import` deletes the candidate and the staging. Each step is written to the
audit log (``impor_uji``, ``impor_terapkan``, ``impor_batal``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from analytics import sql
from analytics.access import users
from analytics.access.scope import AccessDenied, User
from analytics.demo import DEMO_IMPORT_REFUSED, is_demo_database
from analytics.errors import UploadRefused
from analytics.ingest import ImportFailed, run_import
from analytics.ingest.mapping import load_mapping
from analytics.upload.limits import check_sizes
from analytics.upload.workspace import (
    PendingImport,
    StagedFile,
    candidate_path,
    file_identity,
    locked,
    read_pending,
    remove_staging,
    work_dir,
    write_pending,
)
from analytics.upload.year_files import IncomingFile, kept_files, missing_sources, receive_uploads, staging_folder

BACKUP_DIR = ".sebelum-impor"
MIN_YEAR = 2000


def _require_admin(user: User) -> None:
    if user is None or user.role != "admin":
        raise AccessDenied("Hanya administrator data yang boleh mengimpor data.")


def _check_year(year) -> int:
    latest = dt.date.today().year + 1
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= latest:
        raise UploadRefused(f"Tahun data harus bilangan bulat antara {MIN_YEAR} dan {latest}, bukan {year!r}.")
    return year


def raw_archive(live_db: str | os.PathLike) -> Path:
    """The raw folder the live database was imported from (``import_meta.raw_dir``); it must exist."""
    try:
        with duckdb.connect(str(live_db), read_only=True) as con:
            row = sql.row(con, "meta/import_meta_value", {"key": "raw_dir"})
    except duckdb.Error as exc:
        raise UploadRefused(f"Database {Path(live_db).name} tidak dapat dibaca: {exc}") from exc
    if row is None or not row[0]:
        raise UploadRefused(
            "Database tidak mencatat folder data mentahnya (import_meta.raw_dir); impor ulang sekali dari baris "
            "perintah: python -m analytics ingest --raw FOLDER --db DATABASE."
        )
    archive = Path(row[0])
    if not archive.is_dir():
        raise UploadRefused(
            f"Folder arsip data mentah {archive} (tempat database ini diimpor) tidak ditemukan. Tanpa folder itu "
            "tahun-tahun lain tidak dapat dibangun ulang; kembalikan folder tersebut atau impor ulang dari baris "
            "perintah."
        )
    return archive


def _readable(message: str, raw: Path, pending_files: list[StagedFile], year: int) -> str:
    text = message.replace(f"{raw}{os.sep}", "")
    for f in pending_files:
        text = text.replace(f"{year}/{f.stored_as}", f"{year}/{f.stored_as} (berkas unggahan {f.name})")
    return text


def _check_request(live: Path, year: int, files: list[IncomingFile], mapping_path) -> tuple[int, dict]:
    """What is refused before anything is written: the demo database, the year, no files, sizes,
    a mapping that does not load. Returns the year and the mappings."""
    if is_demo_database(live):  # its demo accounts would read the registers
        raise UploadRefused(DEMO_IMPORT_REFUSED)
    year = _check_year(year)
    if not files:
        raise UploadRefused("Pilih minimal satu berkas untuk diunggah.")
    check_sizes([(f.name, len(f.data)) for f in files])
    try:
        return year, load_mapping(mapping_path)
    except ImportFailed as exc:
        raise UploadRefused(str(exc)) from exc


def stage_upload(
    live_db: str | os.PathLike,
    year: int,
    files: list[IncomingFile],
    user: User,
    *,
    mapping_path=None,
    workers: int = 2,
    accept_quarantine: bool = False,
) -> PendingImport:
    """Check an upload of one year and import it, with the archive's other years, into the candidate.

    Sizes are checked before anything is written, formats and sources from the content. The
    live database and the archive are not changed; on any failure nothing is left behind.

    Raises
    ------
    UploadRefused
        With one Indonesian message per problem (size, format, columns, import failure,
        another import running or pending, archive folder missing).
    AccessDenied
        When ``user`` is not an admin.
    """
    _require_admin(user)
    live = Path(live_db)
    year, mappings = _check_request(live, year, files, mapping_path)
    with locked(live):
        _refuse_if_pending(live)
        remove_staging(live)  # leftovers of a check that was interrupted (server restart)
        archive = raw_archive(live)
        identity = file_identity(live)
        started = dt.datetime.now()
        try:
            received = receive_uploads(files, work_dir(live) / "masuk", mappings)
            staged = [s for _, s in received]
            year_dir = archive / str(year)
            kept = kept_files(year_dir, mappings, {s.source for s in staged})
            raw = staging_folder(live, archive, year, received, kept)
            candidate = candidate_path(live)
            result = _build_candidate(
                raw, candidate, archive, staged, year, mapping_path, workers, live, accept_quarantine
            )
            pending = PendingImport(
                id=uuid.uuid4().hex[:12],
                year=year,
                username=user.username,
                role=user.role,
                created_at=started.isoformat(timespec="seconds"),
                live_db=str(live),
                candidate_db=str(candidate),
                archive=str(archive.resolve()),
                files=tuple(staged),
                kept=tuple(p.name for p in kept),
                year_existed=year_dir.is_dir(),
                live_identity=identity,
                seconds=round(result.seconds, 1),
                warnings=tuple(missing_sources(mappings, staged, kept, year)) + tuple(result.warnings),
                accept_quarantine=accept_quarantine,
            )
            write_pending(pending)
        except BaseException:
            remove_staging(live)
            raise
    _record_check(live, user, pending, result.log)
    return pending


def _refuse_if_pending(live: Path) -> None:
    """One import waits for a decision at a time: a second check would replace the first's candidate."""
    pending = read_pending(live)
    if pending is not None:
        raise UploadRefused(
            f"Sudah ada impor tahun {pending.year} yang menunggu keputusan (diperiksa oleh {pending.username} "
            f"pada {pending.created_at}); terapkan atau batalkan dulu."
        )


def _record_check(live: Path, user: User, pending: PendingImport, import_log: pd.DataFrame) -> None:
    """The audit entry of a check (``impor_uji``): the files, and the rows read and quarantined of its year."""
    log = import_log[import_log["year"] == pending.year]
    users.record(
        users.users_path_for(live),
        user.username,
        user.role,
        "impor_uji",
        id=pending.id,
        tahun=pending.year,
        berkas=[f"{s.name} → {s.source}" for s in pending.files],
        baris=int(log["rows_read"].sum()),
        dikarantina=int(log["quarantined"].sum()),
        batas_karantina_dilewati=pending.accept_quarantine,
    )


def _build_candidate(
    raw: Path,
    candidate: Path,
    archive: Path,
    staged,
    year: int,
    mapping_path,
    workers: int,
    live: Path,
    accept_quarantine: bool = False,
):
    try:
        # The live database's published model runs go into the candidate: applying an import
        # must not drop the model estimates the pages show.
        result = run_import(
            raw,
            candidate,
            mapping_path=mapping_path,
            workers=workers,
            carry_from=live,
            accept_quarantine=accept_quarantine,
        )
    except ImportFailed as exc:
        raise UploadRefused(
            [f"Impor gagal, database tidak berubah: {_readable(exc.message, raw, staged, year)}"]
        ) from exc
    with duckdb.connect(str(candidate)) as con:
        # The candidate was built from the staging folder, which disappears on commit;
        # once committed, its raw folder is the archive the year's files move into.
        sql.execute(con, "meta/set_import_meta", {"key": "raw_dir", "value": str(archive.resolve())})
    return result


def pending_import(live_db: str | os.PathLike) -> PendingImport | None:
    """The import of ``live_db`` waiting for commit or cancel, or None."""
    return read_pending(live_db)


def _check_current(live: Path, staging_id: str | None) -> PendingImport:
    pending = read_pending(live)
    if pending is None:
        raise UploadRefused("Tidak ada impor yang menunggu; mungkin sudah diterapkan atau dibatalkan admin lain.")
    if staging_id is not None and pending.id != staging_id:
        raise UploadRefused("Impor yang ditampilkan sudah diganti admin lain; muat ulang halaman ini.")
    return pending


def commit_import(live_db: str | os.PathLike, staging_id: str, user: User) -> PendingImport:
    """Move the staged year's files into the archive and swap the candidate in (atomic rename).

    Refused, with nothing changed, when the live database changed since the check (another
    import) or the candidate is gone.
    """
    _require_admin(user)
    live = Path(live_db)
    with locked(live):
        pending = _check_current(live, staging_id)
        candidate = Path(pending.candidate_db)
        if not candidate.is_file():
            raise UploadRefused("Database kandidat tidak ditemukan; batalkan impor ini lalu periksa ulang.")
        if not live.exists() or file_identity(live) != tuple(pending.live_identity):
            raise UploadRefused(
                "Database berubah sejak pemeriksaan (impor lain sudah diterapkan); batalkan impor ini lalu "
                "periksa ulang."
            )
        archive = Path(pending.archive)
        year_dir = archive / str(pending.year)
        fresh = archive / f".{pending.year}.baru-{pending.id}"
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = archive / BACKUP_DIR / f"{pending.year}-{stamp}-{pending.id}"
        moved_old = False
        try:
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir()
            # Copies, not moves: if anything below fails, the staging stays whole for a retry.
            for f in pending.files:
                shutil.copy2(pending.staged_year_dir / f.stored_as, fresh / f.stored_as)
            for name in pending.kept:
                shutil.copy2(year_dir / name, fresh / name)
            if year_dir.exists():
                backup.parent.mkdir(exist_ok=True)
                os.rename(year_dir, backup)
                moved_old = True
            os.rename(fresh, year_dir)
            try:
                os.replace(candidate, live)
            except BaseException:
                os.rename(year_dir, fresh)
                raise
        except BaseException as exc:
            if moved_old and not year_dir.exists():
                os.rename(backup, year_dir)
            shutil.rmtree(fresh, ignore_errors=True)
            if isinstance(exc, OSError):
                raise UploadRefused(f"Penerapan gagal, database dan arsip tidak berubah: {exc}") from exc
            raise
        remove_staging(live)
    users.record(
        users.users_path_for(live),
        user.username,
        user.role,
        "impor_terapkan",
        id=pending.id,
        tahun=pending.year,
        berkas=[f"{f.name} → {f.source}" for f in pending.files],
        arsip_lama=str(backup) if moved_old else None,
    )
    return pending


def cancel_import(live_db: str | os.PathLike, staging_id: str | None, user: User) -> PendingImport | None:
    """Delete the candidate and the staging; the live database and the archive stay as they are.

    ``staging_id`` None cancels whatever is pending (e.g. a check left by another admin).
    """
    _require_admin(user)
    live = Path(live_db)
    with locked(live):
        pending = read_pending(live)
        if pending is not None and staging_id is not None and pending.id != staging_id:
            raise UploadRefused("Impor yang ditampilkan sudah diganti admin lain; muat ulang halaman ini.")
        remove_staging(live)
    if pending is not None:
        users.record(
            users.users_path_for(live),
            user.username,
            user.role,
            "impor_batal",
            id=pending.id,
            tahun=pending.year,
            berkas=[f"{f.name} → {f.source}" for f in pending.files],
            diperiksa_oleh=pending.username,
        )
    return pending
