"""The first start (issue 14): before the demo database exists, the visitor sees the build's
steps and a progress bar in Indonesian, no menu of file names, and then the sign-in form."""

import threading

from streamlit.testing.v1 import AppTest

import analytics.demo
import ui.first_run
from tests.dashboard.conftest import DASHBOARD


def test_first_visit_shows_progress_then_sign_in(dashboard_db, monkeypatch):
    release = threading.Event()
    ready = {"value": False}

    def slow_build(echo=None):
        echo("Membuat register demo sintetis…", 0.0)
        echo("Mengimpor register demo ke database…", 0.2)
        release.wait(30)
        ready["value"] = True
        return dashboard_db

    monkeypatch.setattr(ui.first_run, "ensure_demo_database", slow_build)
    monkeypatch.setattr(ui.first_run, "demo_is_ready", lambda: ready["value"])
    monkeypatch.setattr(ui.first_run, "print_step", lambda text, done: None)
    ui.first_run._build.clear()

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for _ in range(10):  # the build thread reports its first steps while the page draws
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        texts = [c.value for c in at.caption] + [m.value for m in at.markdown]
        if any("Membuat register" in t for t in texts):
            break
    assert "Kota Bontang" in at.title[0].value
    assert any("Membuat register demo sintetis" in t for t in texts), texts  # a finished step, ticked
    assert len(at.get("progress")) == 1
    assert not at.text_input  # no sign-in form yet, and no page of the product

    release.set()
    for _ in range(20):
        at.run()
        if at.text_input:
            break
    labels = [t.label for t in at.text_input]
    assert labels == ["Nama pengguna", "Kata sandi"], labels
    assert analytics.demo.demo_is_ready  # the real check is untouched
