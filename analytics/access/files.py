"""Files that can hold personal data: private from their first byte, and no leftovers.

Temporary databases of an import or a publication, DuckDB's ``.wal`` files and spill folders,
uploaded registers and their archive copies all hold names, NIKs and addresses. They are
created under the file-creation mask ``077`` (mode 0600, folders 0700), never made private
afterwards: a ``chmod`` at the end leaves the file readable to others while it is written.
The dashboard sets the mask for its whole process at start (:func:`restrict_umask`); library
code that writes such files holds it with :func:`private_files`.

An import or publication killed half-way leaves ``<db>.tmp-<pid>`` (``.publish-<pid>``) and
its ``.wal`` behind, an import also its workers' staging folder ``<db>.stage-<pid>/`` (the
checked rows as Parquet files), an upload being read its folder ``<db>.upload…-<pid>/``
(:func:`upload_folder`); :func:`remove_leftovers` deletes those of processes that no longer run.
The next import, publication and every dashboard start call it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

PRIVATE_MASK = 0o077
LOG = logging.getLogger("analytics.access")
_LOCK = threading.RLock()
_LEFTOVER = re.compile(r"\.(?:tmp|publish|stage|upload[a-z0-9_]*)-(\d+)(?:\.wal|\.tmp)?$")


def restrict_umask() -> None:
    """Make every file this process creates from now on private (adds ``077`` to the mask)."""
    current = os.umask(PRIVATE_MASK)
    os.umask(current | PRIVATE_MASK)


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Create files under the mask ``077`` while the block runs (the mask is per process, so
    other threads' new files are private meanwhile too, which is safe)."""
    with _LOCK:
        previous = os.umask(PRIVATE_MASK)
        os.umask(previous | PRIVATE_MASK)
    try:
        yield
    finally:
        with _LOCK:
            os.umask(previous)


@contextlib.contextmanager
def upload_folder(db_path: str | os.PathLike) -> Iterator[Path]:
    """A private folder (0700) beside the database for one uploaded file while it is read,
    removed when the block ends in any way; a process killed meanwhile leaves
    ``<db>.upload…-<pid>``, which :func:`remove_leftovers` deletes at the next start."""
    db = Path(db_path)
    with private_files():
        folder = Path(tempfile.mkdtemp(prefix=f"{db.name}.upload", suffix=f"-{os.getpid()}", dir=db.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def remove_leftovers(target: str | os.PathLike) -> list[Path]:
    """Delete the temporary files of interrupted imports or publications of ``target`` (a
    database path) whose process is gone; return what was removed."""
    target = Path(target)
    removed = []
    if not target.parent.is_dir():
        return removed
    for path in target.parent.glob(f"{glob_escape(target.name)}.*-*"):
        match = _LEFTOVER.search(path.name[len(target.name) :])
        if match is None or _running(int(match.group(1))):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    if removed:
        LOG.warning("Sisa impor yang terputus dihapus: %s", ", ".join(p.name for p in removed))
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)
