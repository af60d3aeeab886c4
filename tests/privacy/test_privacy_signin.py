"""Sign-in under attack (issue 13): the lockout holds against a burst of concurrent guesses,
per user name and per client address, in threads and in processes; a password reset, a
removal or a role change ends every older session whatever the timing; an idle session ends;
a download drawn before the session ended is refused when it is served."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from analytics.access import signin, users
from analytics.access.scope import AccessDenied, User
from analytics.paths import PROJECT_ROOT
from analytics.settings import settings
from tests.dashboard.conftest import session, sign_in
from ui import auth

PASSWORD = "Sandi-Rahasia-123"
SIGN_IN_TITLE = "Dasbor Kedalaman dan Keparahan Kemiskinan"


@pytest.fixture
def store(tmp_path):
    path = users.users_path_for(tmp_path / "kota.duckdb")
    users.add_user(path, "ani", PASSWORD, "admin")
    users.add_user(path, "budi", PASSWORD, "analis")
    return path


def actions(path) -> list[str]:
    return users.read_audit(path)["action"].tolist()


def test_a_burst_of_concurrent_guesses_gets_no_more_than_the_limit_checked(store):
    """Sixteen sign-ins at once, the right password seventh: before the fix 8-15 guesses were
    checked and the right one could sign in after 8 failures."""
    limit = settings().max_failed_sign_ins
    start = threading.Barrier(16)
    outcomes = {}

    def attempt(i):
        start.wait()
        outcomes[i] = signin.sign_in(store, "ani", PASSWORD if i == 6 else f"salah-{i}").user

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log = [a for a in actions(store) if a.startswith("masuk")]
    assert log.count("masuk_gagal") <= limit
    assert len(log) == 16 and log.count("masuk_diblokir") >= 16 - limit - 1
    # The right password is accepted only while fewer than `limit` failures were recorded.
    if outcomes[6] is not None:
        assert log[: log.index("masuk")].count("masuk_gagal") < limit
    assert users.is_locked(store, "ani")
    assert signin.sign_in(store, "ani", PASSWORD).user is None  # locked now, even with the right password


_WORKER = """
import sys
from analytics.access import signin
ok = [signin.sign_in(sys.argv[1], "budi", "salah").user for _ in range(4)]
"""


def test_guesses_from_several_processes_are_counted_one_at_a_time(store):
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(store)], cwd=PROJECT_ROOT) for _ in range(3)]
    for p in procs:
        assert p.wait(timeout=120) == 0
    log = users.read_audit(store)
    budi = log[log["username"] == "budi"]["action"].tolist()
    assert budi.count("masuk_gagal") == settings().max_failed_sign_ins
    assert budi.count("masuk_diblokir") == 12 - settings().max_failed_sign_ins


def test_a_client_address_is_limited_across_user_names(store, monkeypatch):
    monkeypatch.setenv("KEMISKINAN_MAX_FAILED_SIGN_INS_PER_ADDRESS", "3")
    for name in ("ani", "budi", "citra"):
        assert signin.sign_in(store, name, "salah", "10.0.0.7").blocked is None
    refused = signin.sign_in(store, "budi", PASSWORD, "10.0.0.7")
    assert refused.user is None and refused.blocked == "address"
    assert signin.sign_in(store, "budi", PASSWORD, "10.0.0.8").user == User("budi", "analis")
    entry = users.read_audit(store).iloc[-2]
    assert entry["action"] == "masuk_diblokir" and '"alamat": "10.0.0.7"' in entry["detail_json"]


# ------------------------------------------------------------------ sessions (AppTest)


def _signed_in(db, name: str, password: str = PASSWORD) -> AppTest:
    at = session(None)
    sign_in(at, name, password)
    assert [t.value for t in at.title] != [SIGN_IN_TITLE]
    return at


def _signed_out(at: AppTest, words: str) -> None:
    assert [t.value for t in at.title] == [SIGN_IN_TITLE]
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]
    assert not at.dataframe


def test_removing_and_adding_an_account_again_ends_its_old_session(private_dashboard):
    store = users.users_path_for(private_dashboard)
    users.add_user(store, "dedi", PASSWORD, "analis")
    at = _signed_in(private_dashboard, "dedi")
    users.remove_user(store, "dedi")
    users.add_user(store, "dedi", PASSWORD, "analis")  # same name, role and password
    at.run()
    _signed_out(at, "masuk lagi")


def test_a_role_switched_away_and_back_ends_the_old_session(private_dashboard):
    store = users.users_path_for(private_dashboard)
    users.add_user(store, "eka", PASSWORD, "analis")
    at = _signed_in(private_dashboard, "eka")
    users.set_role(store, "eka", "admin")
    users.set_role(store, "eka", "analis")
    at.run()
    _signed_out(at, "masuk lagi")


def test_an_idle_session_ends(private_dashboard, monkeypatch):
    at = _signed_in(private_dashboard, "analis", "demo")
    at.run()
    assert [t.value for t in at.title] != [SIGN_IN_TITLE]  # activity within the limit
    later = time.time() + settings().idle_minutes * 60 + 5
    monkeypatch.setattr(auth, "_now", lambda: later)
    at.run()
    _signed_out(at, "tidak ada aktivitas")


def _download_page():
    import streamlit as st

    from ui import auth

    user = auth.require()
    # What a page passes to st.download_button(data=...): built when the button is clicked.
    st.session_state["_uji_unduhan"] = auth.audited_download(user, lambda: b"isi", "uji", 2024, None, 1)
    st.title("Unduhan")


def _download_callable(private_dashboard) -> tuple:
    users.add_user(users.users_path_for(private_dashboard), "fajar", PASSWORD, "analis")
    at = _signed_in(private_dashboard, "fajar")
    page = AppTest.from_function(_download_page, default_timeout=60)
    page.session_state[auth.TOKEN] = at.session_state[auth.TOKEN]
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    return page, page.session_state["_uji_unduhan"]


def test_a_download_drawn_before_a_password_reset_is_refused_when_served(private_dashboard):
    page, build = _download_callable(private_dashboard)
    store = users.users_path_for(private_dashboard)
    before = actions(store).count("unduh_rumah_tangga")
    assert build() == b"isi"  # served while the session is valid: audited
    assert actions(store).count("unduh_rumah_tangga") == before + 1
    users.set_password(store, "fajar", "Sandi-Baru-456")
    with pytest.raises(AccessDenied):
        build()
    assert actions(store).count("unduh_rumah_tangga") == before + 1


def test_a_download_is_refused_once_its_session_signed_out(private_dashboard):
    page, build = _download_callable(private_dashboard)
    page.session_state["_sesi_aktif"]["token"] = None  # what signing out (or expiry) does
    with pytest.raises(AccessDenied):
        build()
