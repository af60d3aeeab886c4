"""Where an upload waits between "Periksa" and "Terapkan": files beside the live database.

For the live database ``<dir>/<stem>.duckdb``:

- ``<stem>.impor/`` — the work folder: ``status.json`` (the pending import), ``masuk/``
  (uploaded bytes while they are checked) and ``raw/`` (the raw folder the candidate is
  built from: links to the archive's other years, the new year's files);
- ``<stem>.kandidat.duckdb`` — the candidate database, on the live file's filesystem so that
  the swap is one atomic rename;
- ``<stem>.impor.lock`` — held while a check, commit or cancel runs, so two admins never
  stage or commit at the same time. It is an ``flock``, which the kernel releases when the
  holding process ends, however it ends; a forked child (an import's worker) lets go of its
  inherited copy at once, so a killed holder never leaves the lock held by its children.

At most one import is pending per database; it is described by ``status.json`` only, never
by a browser session, so any admin sees it and can commit or cancel it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analytics.errors import UploadRefused

STATE_FILE = "status.json"
# File descriptors of the import locks this process holds (see _drop_inherited_locks).
_HELD_LOCKS: set[int] = set()


@dataclass(frozen=True)
class StagedFile:
    """One uploaded file: its name as uploaded, what it was found to be, its archive name."""

    name: str
    source: str
    format: str
    stored_as: str
    size: int


@dataclass(frozen=True)
class PendingImport:
    """A checked upload waiting for commit or cancel (plain values only: it is JSON on disk)."""

    id: str
    year: int
    username: str
    role: str | None
    created_at: str
    live_db: str
    candidate_db: str
    archive: str
    files: tuple[StagedFile, ...]
    kept: tuple[str, ...] = ()  # the archive's files of this year used unchanged
    year_existed: bool = False  # the archive (and database) already had this year
    live_identity: tuple[int, int, int] = (0, 0, 0)  # inode, size, mtime_ns at check time
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    accept_quarantine: bool = False  # the admin's recorded override of the quarantine-share guard

    @property
    def work_dir(self) -> Path:
        return work_dir(self.live_db)

    @property
    def staged_year_dir(self) -> Path:
        return work_dir(self.live_db) / "raw" / str(self.year)


def work_dir(live_db: str | os.PathLike) -> Path:
    live = Path(live_db)
    return live.with_name(f"{live.stem}.impor")


def candidate_path(live_db: str | os.PathLike) -> Path:
    live = Path(live_db)
    return live.with_name(f"{live.stem}.kandidat.duckdb")


def lock_path(live_db: str | os.PathLike) -> Path:
    live = Path(live_db)
    return live.with_name(f"{live.stem}.impor.lock")


def file_identity(path: str | os.PathLike) -> tuple[int, int, int]:
    """What changes when a database file is replaced or rewritten."""
    info = os.stat(path)
    return (info.st_ino, info.st_size, info.st_mtime_ns)


@contextlib.contextmanager
def locked(live_db: str | os.PathLike) -> Iterator[None]:
    """Hold the import lock of ``live_db``, or refuse at once when another import holds it."""
    path = lock_path(live_db)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UploadRefused(
                "Impor lain sedang diproses (pemeriksaan atau penerapan oleh admin lain); coba lagi setelah selesai."
            ) from exc
        _HELD_LOCKS.add(handle.fileno())
        try:
            yield
        finally:
            _HELD_LOCKS.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _drop_inherited_locks() -> None:
    """In a forked child: stop sharing the parent's import locks. An ``flock`` lives as long
    as any process has the file open; a worker that kept the copy would hold the lock after
    its parent was killed. The descriptor is pointed at ``/dev/null`` rather than closed, so
    code of the parent's that still runs in the child finds it valid (and unlocks nothing)."""
    if not _HELD_LOCKS:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _HELD_LOCKS:
            os.dup2(null, fd)
    finally:
        os.close(null)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


def read_pending(live_db: str | os.PathLike) -> PendingImport | None:
    """The pending import of ``live_db``, or None."""
    path = work_dir(live_db) / STATE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    raw["files"] = tuple(StagedFile(**f) for f in raw["files"])
    for key in ("kept", "live_identity", "warnings"):
        raw[key] = tuple(raw.get(key, ()))
    return PendingImport(**raw)


def write_pending(pending: PendingImport) -> None:
    path = pending.work_dir / STATE_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(pending), ensure_ascii=False, indent=1), encoding="utf-8")
    # A reader sees the old state or the new one, never half a file.
    os.replace(tmp, path)


def remove_staging(live_db: str | os.PathLike) -> None:
    """Delete the work folder and the candidate database (and any half-built candidate)."""
    shutil.rmtree(work_dir(live_db), ignore_errors=True)
    candidate = candidate_path(live_db)
    for leftover in (
        candidate,
        candidate.with_name(candidate.name + ".wal"),
        *candidate.parent.glob(f"{candidate.name}.tmp-*"),
    ):
        leftover.unlink(missing_ok=True)


def remove_abandoned(live_db: str | os.PathLike) -> bool:
    """At start-up: delete a check's work folder that no pending import owns (its process was
    killed mid-check, leaving the uploaded registers behind); True when one was removed."""
    if not work_dir(live_db).exists() or read_pending(live_db) is not None:
        return False
    try:
        with locked(live_db):
            if read_pending(live_db) is None:
                remove_staging(live_db)
                return True
    except UploadRefused:  # a check is running right now
        return False
    return False
