"""Builds the test processes share: a generated demo or an imported database is made once per
run, under a file lock, and each process takes a private copy of it.

pytest-xdist gives every worker its own session, so a session fixture used to run once per
worker: two workers generated, imported and modelled the same demo side by side (about three
minutes of the two cores). Here the first worker that asks builds into a folder every worker of
the run can see (the parent of the workers' base temporary folders) while holding its lock; the
others wait for it and copy the result. The copy keeps the tests as isolated as before: a test
that writes beside its database writes into its own process's folder.

A build is named by its parameters and a digest of what it is made from: the code and data
(``analytics/``, ``data/``, ``geo/``), the fixtures that build it (``tests/conftest.py`` and this
file), the pinned libraries (``requirements.txt``) and the ``KEMISKINAN_*`` settings of the
environment. So ``KEMISKINAN_TEST_CACHE=/some/folder`` keeps builds across runs (a developer's
second run skips them), a change of any of these makes new ones, and a new build removes the
older builds of the same name from the cache. CI sets nothing and builds once per run.

The builds write no user store (the audit chain's head, kept beside the audit key and named by
the store's path, would not follow a copy); :func:`shared_build` refuses one.
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

from analytics.paths import PROJECT_ROOT

CACHE_ENV = "KEMISKINAN_TEST_CACHE"
DONE = "build-done.json"
#: What a build is made from: a change here makes a new build.
SOURCES = ("analytics", "data", "geo")
FILES = ("tests/conftest.py", "tests/shared_builds.py", "requirements.txt")
SUFFIXES = {".py", ".sql", ".csv", ".json", ".geojson", ".gz", ".txt", ".toml", ".yaml", ".yml"}


@cache
def code_digest() -> str:
    """Digest of the sources, data, fixtures and pins a build is made from (names and contents)."""
    digest = hashlib.sha256()
    paths = [PROJECT_ROOT / name for name in FILES]
    for folder in SOURCES:
        paths += sorted(p for p in (PROJECT_ROOT / folder).rglob("*") if "__pycache__" not in p.parts)
    for path in paths:
        if path.is_file() and path.suffix in SUFFIXES:
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


#: Settings that say where a process keeps its own state, not what a build holds. Each test process
#: has its own audit key file, and some set KEMISKINAN_DB for a while: keyed by them, the processes
#: of one run each built their own copy, and the first to finish removed the other's
#: (``_remove_older``) while it was being imported from.
_LOCATIONS = (CACHE_ENV, "KEMISKINAN_DB", "KEMISKINAN_AUDIT_KEY_FILE", "KEMISKINAN_SESSION_KEY_FILE")


def _settings() -> dict[str, str]:
    """The ``KEMISKINAN_*`` environment (keys included: they change the pseudonyms), less locations."""
    return {k: v for k, v in sorted(os.environ.items()) if k.startswith("KEMISKINAN_") and k not in _LOCATIONS}


def shared_root(factory) -> Path:
    """The folder builds go to: the cache when set, else the run's folder above the workers'."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = factory.getbasetemp()
    # Under xdist each worker's base is <run>/popen-gwN; without it the base is the run's own.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(factory, name: str, params: dict, build: Callable[[Path], None]) -> Path:
    """The folder ``build`` filled, built once for ``name``, ``params`` and what it is made from."""
    root = shared_root(factory) / "shared-builds"
    root.mkdir(parents=True, exist_ok=True)
    made_from = [name, params, code_digest(), _settings()]
    key = hashlib.sha256(json.dumps(made_from, sort_keys=True).encode()).hexdigest()[:16]
    target = root / f"{name}-{key}"
    with FileLock(str(root / f"{name}-{key}.lock")):
        if not (target / DONE).exists():
            partial = root / f"{name}-{key}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            build(partial)
            stores = sorted(p.name for p in partial.rglob("*.users.sqlite"))
            if stores:
                raise AssertionError(
                    f"a shared build must not write a user store (its audit head stays behind): {stores}"
                )
            (partial / DONE).write_text(json.dumps({"name": name, "params": params}))
            shutil.rmtree(target, ignore_errors=True)
            partial.rename(target)
            _remove_older(root, name, target)
    return target


def _remove_older(root: Path, name: str, keep: Path) -> None:
    """Builds of ``name`` under other keys: stale once this one exists (about 1 GB a set)."""
    for old in root.glob(f"{name}-*"):
        if old != keep and old.is_dir() and (old / DONE).exists():
            shutil.rmtree(old, ignore_errors=True)


def private_copy(factory, built: Path, name: str) -> Path:
    """A copy of ``built`` for this process."""
    out = factory.mktemp(name)
    shutil.copytree(built, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns(DONE))
    return out
