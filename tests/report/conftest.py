"""The report tests read the session's small demo database."""

import duckdb
import pytest


@pytest.fixture(scope="module")
def db(small_db):
    return small_db


@pytest.fixture(scope="module")
def con(db):
    """A read-only connection to it, one per test module."""
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()
