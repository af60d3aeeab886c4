"""Process pools whose workers end with their parent.

A ``ProcessPoolExecutor`` worker outlives its parent: after ``kill -9`` of an import, its
workers are re-parented and go on reading registers for minutes (holding, through the file
descriptors they inherited, the import lock and the staging folder with personal data).
:func:`worker_pool` gives a pool whose every worker arms ``PR_SET_PDEATHSIG`` (Linux: the
kernel sends it SIGKILL when its parent dies) and then checks that the parent is still the
one that started it (a parent killed between the fork and the arming is not missed). Where
``prctl`` is missing, a daemon thread in the worker polls ``os.getppid()`` instead.

The death signal follows the *thread* that forked the worker: use the pool from the thread
that created it (a ``with worker_pool(...)`` block does), as the project's pools all do.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["worker_pool"]

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_SECONDS = 0.5  # how often a worker without prctl looks for its parent


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A ``ProcessPoolExecutor`` of ``max_workers`` processes that die with this process."""
    return ProcessPoolExecutor(max_workers=max_workers, initializer=_die_with, initargs=(os.getpid(),))


def _die_with(parent: int) -> None:
    """Worker initializer: end this worker when ``parent`` ends."""
    if not _arm_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _arm_death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
