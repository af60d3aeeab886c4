"""The first start (issue 14): the sign-in form at once with the demo build's progress beneath
it, in Indonesian; a user who signs in before the build ends sees its steps (no menu of pages,
no file names); then the dashboard."""

import sys
import time

from streamlit.testing.v1 import AppTest

import ui.first_run
from tests.dashboard.conftest import DASHBOARD, sign_in


def texts(at) -> list[str]:
    return [c.value for c in at.caption] + [m.value for m in at.markdown] + [t.value for t in at.title]


def run_until(at, seen: str, tries: int = 120):
    for _ in range(tries):  # the build process reports its steps while the page draws (slowly on a loaded machine)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if any(seen in t for t in texts(at)):
            return at
        time.sleep(0.5)
    raise AssertionError(f"never shown: {seen!r} in {texts(at)}")


def fake_build(release, exit_code: int = 0) -> list[str]:
    """A child process that prints the demo build's first steps as ``python -m analytics demo``
    does, then waits for ``release`` (a file) and ends with ``exit_code``."""
    code = f"""
import pathlib, sys, time
from analytics.demo import print_step
print_step("Membuat register demo sintetis…", 0.0)
print_step("Mengimpor register demo ke database…", 0.2)
print("a line that is no step")
while not pathlib.Path({str(release)!r}).exists():
    time.sleep(0.05)
print_step("Database demo siap.", 1.0)
sys.exit({exit_code})
"""
    return [sys.executable, "-c", code]


def first_start(monkeypatch, release, exit_code: int = 0) -> None:
    monkeypatch.setattr(ui.first_run, "BUILD_COMMAND", fake_build(release, exit_code))
    monkeypatch.setattr(ui.first_run, "demo_is_ready", release.exists)
    monkeypatch.setattr(ui.first_run, "prepare_demo_accounts", lambda: None)  # the fixture's accounts
    ui.first_run._build.clear()


def test_first_visit_signs_in_during_the_build_then_opens_the_dashboard(dashboard_db, monkeypatch, tmp_path):
    release = tmp_path / "release"
    first_start(monkeypatch, release)

    at = run_until(AppTest.from_file(DASHBOARD, default_timeout=60), "✓ Membuat register demo sintetis")
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]  # the form at once
    assert len(at.get("progress")) == 1

    sign_in(at, "analis")
    assert at.title[0].value == "Menyiapkan data demo"
    assert len(at.get("progress")) == 1 and not at.dataframe and not at.metric

    release.touch()
    for _ in range(120):
        at.run()
        if at.metric:
            break
        time.sleep(0.5)
    assert at.title[0].value.startswith("Ringkasan"), texts(at)
    assert not at.get("progress")


def test_a_failed_build_says_so_in_indonesian(dashboard_db, monkeypatch, tmp_path):
    release = tmp_path / "release"
    release.touch()  # the fake build ends at once, with exit code 1
    first_start(monkeypatch, release, exit_code=1)
    monkeypatch.setattr(ui.first_run, "demo_is_ready", lambda: False)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for _ in range(120):
        at.run()
        if at.error:
            break
        time.sleep(0.5)
    assert [e.value for e in at.error] == [
        "Data demo gagal disiapkan. Lihat log server untuk rinciannya, lalu muat ulang halaman ini."
    ]
    assert not at.exception


def test_the_build_steps_reach_the_progress_bar_in_order():
    build = ui.first_run.DemoBuild()
    for line in ["[  0 %] Membuat register…", "UserWarning: something", "[ 35 %] Mengimpor…"]:
        build.hear(line)
    assert (build.steps, build.done) == (["Membuat register…", "Mengimpor…"], 0.35)
