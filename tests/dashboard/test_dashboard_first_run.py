"""The first start (issue 14): the sign-in form at once with the demo build's progress beneath
it, in Indonesian; a user who signs in before the build ends sees its steps (no menu of pages,
no file names); then the dashboard."""

import threading

from streamlit.testing.v1 import AppTest

import ui.first_run
from tests.dashboard.conftest import DASHBOARD, sign_in


def texts(at) -> list[str]:
    return [c.value for c in at.caption] + [m.value for m in at.markdown] + [t.value for t in at.title]


def run_until(at, seen: str, tries: int = 10):
    for _ in range(tries):  # the build thread reports its steps while the page draws
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if any(seen in t for t in texts(at)):
            return at
    raise AssertionError(f"never shown: {seen!r} in {texts(at)}")


def test_first_visit_signs_in_during_the_build_then_opens_the_dashboard(dashboard_db, monkeypatch):
    release = threading.Event()
    ready = {"value": False}

    def slow_build(echo=None):
        echo("Membuat register demo sintetis…", 0.0)
        echo("Mengimpor register demo ke database…", 0.2)
        release.wait(60)
        ready["value"] = True
        return dashboard_db

    monkeypatch.setattr(ui.first_run, "ensure_demo_database", slow_build)
    monkeypatch.setattr(ui.first_run, "demo_is_ready", lambda: ready["value"])
    monkeypatch.setattr(ui.first_run, "prepare_demo_accounts", lambda: None)  # the fixture's accounts
    monkeypatch.setattr(ui.first_run, "print_step", lambda text, done: None)
    ui.first_run._build.clear()

    at = run_until(AppTest.from_file(DASHBOARD, default_timeout=60), "✓ Membuat register demo sintetis")
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]  # the form at once
    assert len(at.get("progress")) == 1

    sign_in(at, "analis")
    assert at.title[0].value == "Menyiapkan data demo"
    assert len(at.get("progress")) == 1 and not at.dataframe and not at.metric

    release.set()
    for _ in range(20):
        at.run()
        if at.metric:
            break
    assert at.title[0].value.startswith("Ringkasan"), texts(at)
    assert not at.get("progress")
