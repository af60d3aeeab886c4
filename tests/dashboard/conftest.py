"""AppTest fixtures: the dashboard on the session's demo database."""

import pytest
from streamlit.testing.v1 import AppTest

from analytics.access.users import DEMO_PASSWORD, ensure_demo_accounts, users_path_for
from analytics.paths import PROJECT_ROOT

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
PAGES = {
    "ringkasan": "pages/page_ringkasan.py",
    "peta": "pages/page_peta.py",
    "tren": "pages/page_tren.py",
    "evaluasi": "pages/page_evaluasi_tahunan.py",
    "cakupan": "pages/page_cakupan_program.py",
    "kualitas": "pages/page_kualitas_data.py",
    "verval": "pages/page_verval.py",
    "p4gn": "pages/page_pembangunan_alternatif.py",
    "model_sae": "pages/page_model_sae.py",
    "impor": "pages/page_impor.py",
    "pengguna": "pages/page_pengguna.py",
    "audit": "pages/page_audit.py",
}
# First runs compute and cache the analytics of a page; later runs are fast. The longest first
# run is Tren for a pimpinan on a database with observed welfare: the joint protection of every
# pair of years (about 35 s on 2 idle cores, docs/privacy.md), slower beside another worker.
TIMEOUT = 240


@pytest.fixture(scope="session")
def dashboard_db(demo_db):
    """The session's demo database, with the demo accounts (password ``demo``) of every role."""
    ensure_demo_accounts(users_path_for(demo_db))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KEMISKINAN_DB", str(demo_db))
        yield demo_db


@pytest.fixture
def private_dashboard(dashboard_db, tmp_path, monkeypatch):
    """The demo database under another name, so that its user store and audit log are this
    test's own: a test that adds or changes accounts leaves the shared store alone."""
    link = tmp_path / "demo.duckdb"
    link.symlink_to(dashboard_db)
    ensure_demo_accounts(users_path_for(link))
    monkeypatch.setenv("KEMISKINAN_DB", str(link))
    return link


def sign_in(at: AppTest, username: str, password: str = DEMO_PASSWORD) -> AppTest:
    """Fill in the sign-in form (the contract: Nama pengguna, Kata sandi, Masuk) and submit."""
    at.text_input(key="masuk_nama").input(username)
    at.text_input(key="masuk_sandi").input(password)
    next(b for b in at.button if b.label == "Masuk").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def session(username: str | None) -> AppTest:
    """A fresh dashboard session, signed in as ``username`` (None: not signed in)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at if username is None else sign_in(at, username)


@pytest.fixture
def app(dashboard_db):
    """A fresh dashboard session signed in as admin (every page), on its default page (Ringkasan)."""
    return session("admin")


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
