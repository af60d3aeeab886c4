"""One model run at a time per database, and one writer of its copy-and-swap at a time.

A run takes half a minute to minutes of both cores; two at once (two analysts on the Model
SAE page, or the page and ``sae run``) doubled the wait of both and could publish in either
order. :func:`one_run` holds an exclusive ``flock`` on ``<db>.model.lock`` while a run (and, on
the command line, its publication) goes on, and refuses a second one at once with an
Indonesian message. The lock ends with its process, so a killed run never blocks the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from analytics.access.files import private_files
from analytics.errors import InputError

BUSY = "Model SAE lain sedang dijalankan untuk basis data ini; tunggu sampai selesai, lalu jalankan lagi."


def lock_path(db_path: str | os.PathLike) -> Path:
    db = Path(db_path)
    return db.with_name(f"{db.name}.model.lock")


@contextlib.contextmanager
def one_run(db_path: str | os.PathLike) -> Iterator[None]:
    """Hold the database's model lock, or raise :class:`InputError` when another run holds it."""
    with private_files(), open(lock_path(db_path), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise InputError(BUSY) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def one_write(db_path: str | os.PathLike) -> Iterator[None]:
    """Hold ``<db>.write.lock`` while a copy of the database is written and swapped in
    (:func:`analytics.model.publish.write_aside`): a second writer waits, then copies the
    database the first one left, so neither write is lost. Writes take seconds, so it waits."""
    db = Path(db_path)
    with private_files(), open(db.with_name(f"{db.name}.write.lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
