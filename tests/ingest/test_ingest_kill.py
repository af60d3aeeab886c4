"""An interrupted import leaves nothing running (issue 19): after ``kill -9`` of a command-line
import its workers end within seconds, the import lock is free, and the next import removes
the killed one's staging folder (personal data) and succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from analytics.paths import PROJECT_ROOT
from analytics.upload.workspace import locked

GONE_WITHIN = 5.0  # seconds the processes of a killed import may take to end


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat from the state on (state, ppid, …), or None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def _started(pid: int) -> str | None:
    fields = _stat(pid)
    return fields[19] if fields else None  # starttime: tells a reused pid apart


def _alive(pid: int, started: str) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X") and fields[19] == started


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except (FileNotFoundError, ProcessLookupError):
                continue
            todo += children - found
            found |= children
    return found


def _ingest(raw: Path, db: Path, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "analytics", "ingest", "--raw", str(raw), "--db", str(db)],
            cwd=PROJECT_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_for_workers(parent: subprocess.Popen, count: int = 2, timeout: float = 120.0) -> dict[int, str]:
    """The import's processes (pid: start time) once ``count`` workers run beside it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert parent.poll() is None, "the import ended before its workers were seen"
        workers = {pid: _started(pid) for pid in _descendants(parent.pid)}
        workers = {pid: started for pid, started in workers.items() if started}
        if len(workers) >= count:
            return workers
        time.sleep(0.01)
    raise AssertionError("no workers appeared")


def test_a_killed_import_leaves_no_process_and_the_next_import_succeeds(small_raw, tmp_path):
    db = tmp_path / "kota.duckdb"
    first = _ingest(small_raw, db, tmp_path / "first.log")
    workers: dict[int, str] = {}
    try:
        workers = _wait_for_workers(first)
        os.kill(first.pid, signal.SIGKILL)
        killed = time.monotonic()
        first.wait()
        while any(_alive(pid, started) for pid, started in workers.items()):
            assert time.monotonic() - killed < GONE_WITHIN, "workers of the killed import still run"
            time.sleep(0.02)
    finally:
        first.kill()  # no-op once killed; ends it if the workers never appeared
        first.wait()
        for pid, started in workers.items():
            if _alive(pid, started):
                os.kill(pid, signal.SIGKILL)  # the old behaviour: do not leave them to the machine
    stage = tmp_path / f"kota.duckdb.stage-{first.pid}"
    assert stage.is_dir(), "the kill left the workers' staging folder"

    second = _ingest(small_raw, db, tmp_path / "second.log")
    assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text()
    assert db.exists()
    leftovers = sorted(p.name for p in tmp_path.iterdir() if ".stage-" in p.name or ".tmp-" in p.name)
    assert leftovers == [], "the next import removes the killed one's leftovers"


_LOCK_HOLDER = """
import os, sys, time
from analytics.upload.workspace import locked
with locked(sys.argv[1]):
    child = os.fork()
    if child == 0:
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
    time.sleep(120)
"""


def test_the_import_lock_ends_with_its_holder_not_with_its_children(tmp_path):
    """A forked child does not keep the lock: once the holder is dead the lock is free, even
    while a child that knows nothing of the pool's death signal still runs."""
    db = tmp_path / "kota.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", _LOCK_HOLDER, str(db)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    child = int(holder.stdout.readline())
    started = _started(child)
    try:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert _alive(child, started)
        with locked(db):
            pass
    finally:
        if _alive(child, started):
            os.kill(child, signal.SIGKILL)
