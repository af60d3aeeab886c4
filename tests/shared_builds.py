"""Builds the test processes share: a generated demo or an imported database is made once per
run, under a file lock, and each process takes a private copy of it.

pytest-xdist gives every worker its own session, so a session fixture used to run once per
worker: two workers generated, imported and modelled the same demo side by side (about three
minutes of the two cores). Here the first worker that asks builds into a folder every worker of
the run can see (the parent of the workers' base temporary folders) while holding its lock; the
others wait for it and copy the result. The copy keeps the tests as isolated as before: a test
that writes beside its database writes into its own process's folder.

A build is named by its parameters and a digest of the code and data it is made from, so
``KEMISKINAN_TEST_CACHE=/some/folder`` keeps builds across runs (a developer's second run starts
at once) and a changed generator or importer never reuses a stale one. CI sets nothing and
builds once per run.

An audit chain's head lives outside the data folder, beside the audit key and named after the
store's path (:mod:`analytics.access.audit_head`), so a copied user store would look tampered
with. The builder records the head of each store it made; the copy gets that head under its own
path, as the store would have had if it had been built there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

from filelock import FileLock

from analytics.access.audit_head import Head, read_head, write_head
from analytics.paths import PROJECT_ROOT

CACHE_ENV = "KEMISKINAN_TEST_CACHE"
DONE = "build-done.json"
HEADS = "audit-heads.json"
#: What a build is made from: a change here makes a new build.
SOURCES = ("analytics", "data", "geo")
SUFFIXES = {".py", ".sql", ".csv", ".json", ".geojson", ".gz", ".txt", ".toml", ".yaml", ".yml"}


@cache
def code_digest(folders: tuple[str, ...] = SOURCES) -> str:
    """Digest of every source and data file under ``folders`` (names and contents)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shared_root(factory) -> Path:
    """The folder builds go to: the cache when set, else the run's folder above the workers'."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = factory.getbasetemp()
    # Under xdist each worker's base is <run>/popen-gwN; without it the base is the run's own.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(factory, name: str, params: dict, build: Callable[[Path], None]) -> Path:
    """The folder ``build`` filled, built once for ``name``, ``params`` and the code's digest."""
    root = shared_root(factory) / "shared-builds"
    root.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(json.dumps([name, params, code_digest()], sort_keys=True).encode()).hexdigest()[:16]
    target = root / f"{name}-{key}"
    with FileLock(str(root / f"{name}-{key}.lock")):
        if not (target / DONE).exists():
            partial = root / f"{name}-{key}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            build(partial)
            _record_heads(partial)
            (partial / DONE).write_text(json.dumps({"name": name, "params": params}))
            shutil.rmtree(target, ignore_errors=True)
            partial.rename(target)
    return target


def private_copy(factory, built: Path, name: str) -> Path:
    """A copy of ``built`` for this process, with its user stores' audit heads."""
    out = factory.mktemp(name)
    shutil.copytree(built, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns(DONE, HEADS))
    heads = built / HEADS
    if heads.exists():
        for store, fields in json.loads(heads.read_text()).items():
            write_head(out / store, Head(**fields))
    return out


def _record_heads(folder: Path) -> None:
    """Keep the audit head of every user store in ``folder``, by its path inside the folder."""
    heads = {}
    for store in folder.rglob("*.users.sqlite"):
        head = read_head(store)
        if isinstance(head, str):
            raise AssertionError(f"{store}: {head}")
        if head is not None:
            heads[str(store.relative_to(folder))] = head.__dict__
    if heads:
        (folder / HEADS).write_text(json.dumps(heads))
