"""AppTest fixtures: the dashboard on the session's demo database."""

import os

import pytest
from streamlit.testing.v1 import AppTest

from analytics.paths import PROJECT_ROOT

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
PAGES = {
    "ringkasan": "pages/page_ringkasan.py",
    "peta": "pages/page_peta.py",
    "tren": "pages/page_tren.py",
    "cakupan": "pages/page_cakupan_program.py",
    "kualitas": "pages/page_kualitas_data.py",
    "p4gn": "pages/page_pembangunan_alternatif.py",
}
# First runs compute and cache the analytics of a page; later runs are fast.
TIMEOUT = 120


@pytest.fixture(scope="session")
def dashboard_db(demo_db):
    previous = os.environ.get("KEMISKINAN_DB")
    os.environ["KEMISKINAN_DB"] = str(demo_db)
    yield demo_db
    if previous is None:
        os.environ.pop("KEMISKINAN_DB", None)
    else:
        os.environ["KEMISKINAN_DB"] = previous


@pytest.fixture
def app(dashboard_db):
    """A fresh dashboard session, run once on its default page (Ringkasan)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(PAGES[name])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def dataframe(at: AppTest, *columns: str, nth: int = 0):
    """The ``nth`` table shown that has all these columns (AppTest keeps no dataframe keys)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    if len(found) <= nth:
        raise AssertionError(f"no table {nth} with columns {columns}")
    return found[nth]
