"""Publishing a run: written into the database, which is swapped in whole.

The pages read the database read-only; a publication writes a copy beside it, checks it
and moves it over the original with ``os.replace``, as an import does, so a failure leaves
the previous database and its published run exactly as they were, and a reader never sees
half a run.

Every door (the Model SAE page, ``python -m analytics sae run --publish``) publishes through
:func:`publish_as`: the user must have a role that may publish, and the publication is written
to the audit log beside the database.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from analytics import sql
from analytics.access import users
from analytics.access.files import private_files, remove_leftovers
from analytics.access.scope import ROLE_LABELS, User
from analytics.errors import AccessDenied, DataError
from analytics.ingest.database import append_frame
from analytics.model.lock import one_write

if TYPE_CHECKING:  # run.py reads the extreme-poverty recap, whose store writes through here
    from analytics.model.run import ModelRun

__all__ = ["PUBLISH_ROLES", "publish_as", "publish_run", "publish_runs", "write_aside"]

#: Roles that may publish a run (the roles of the Model SAE page).
PUBLISH_ROLES = ("analis", "admin")
AUDIT_ACTION = "terbitkan_model"


def check_publisher(user: User, what: str = "menerbitkan model") -> None:
    """Raise :class:`analytics.errors.AccessDenied` unless ``user`` may publish a run (or do
    ``what`` else the same roles do: load an extreme-poverty recap)."""
    if user.role not in PUBLISH_ROLES:
        allowed = " atau ".join(ROLE_LABELS[role] for role in PUBLISH_ROLES)
        raise AccessDenied(
            f"Akun {user.username!r} berperan {ROLE_LABELS.get(user.role, user.role)}; "
            f"hanya {allowed} yang boleh {what}."
        )


def publish_as(db_path: Path, run: ModelRun, user: User) -> str:
    """Publish ``run`` on behalf of ``user`` (checked by :func:`check_publisher`) and record it
    in the audit log of the database (action ``terbitkan_model``); returns the run id."""
    check_publisher(user)
    publish_run(db_path, run)
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        AUDIT_ACTION,
        tahun=int(run.run["year"]),
        model=run.run_id,
    )
    return run.run_id


def publish_run(db_path: Path, run: ModelRun) -> str:
    """Store ``run`` as the published run of its year; returns its id."""
    publish_runs(db_path, [run])
    return run.run_id


def publish_runs(db_path: Path, runs: list[ModelRun]) -> None:
    """Store every run as the published run of its year, in one swap of the database."""

    def write(con) -> None:
        for run in runs:
            sql.execute(con, "model/unpublish_year", {"year": int(run.run["year"])})
            append_frame(con, "sae_run", pd.DataFrame([{**run.run, "published": True}]))
            append_frame(con, "sae_estimate", run.estimates)
            append_frame(con, "sae_family", run.families)

    write_aside(db_path, write)


def write_aside(db_path: Path, write) -> None:
    """Run ``write(con)`` on a copy of the database and move the copy over it: a failure leaves
    the database exactly as it was, and a reader never sees half of what was written. The copy's
    name ends in ``.publish-<pid>``, which :func:`~analytics.access.files.remove_leftovers` knows."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise DataError(f"Basis data {db_path} tidak ada.")
    tmp = db_path.with_name(f"{db_path.name}.publish-{os.getpid()}")
    # One writer at a time, each copying what the previous one left: else the later swap erases the earlier write.
    with one_write(db_path), private_files():  # the copy holds every family's data: private from its first byte
        remove_leftovers(db_path)
        shutil.copy2(db_path, tmp)
        try:
            with duckdb.connect(str(tmp)) as con:
                sql.execute_folder(con, "model/schema")  # a database imported before these tables existed
                write(con)
                sql.execute(con, "meta/checkpoint")
            os.chmod(tmp, 0o600)
            os.replace(tmp, db_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
            raise
