"""The report tests read the session's small demo database."""

import pytest


@pytest.fixture(scope="module")
def db(small_db):
    return small_db
