"""Input from the URL and the sidebar is parsed strictly, and no page ever shows a traceback or
a server path (issue 13)."""

from __future__ import annotations

import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from analytics.errors import DataError
from analytics.paths import PROJECT_ROOT
from analytics.views.selection import LINE_AMOUNT_MAX
from tests.dashboard.conftest import DASHBOARD, TIMEOUT, sign_in
from ui import errors

SIGN_IN_TITLE = "Dasbor Kedalaman dan Keparahan Kemiskinan"


def opened(params: dict, username: str = "analis") -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return sign_in(at, username)


def all_text(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "caption", "markdown", "code", "info", "warning", "error", "exception")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


@pytest.mark.parametrize(
    "params, note",
    [
        ({"tahun": "²"}, "Tahun '²' tidak tersedia"),
        ({"tahun": "２０２４"}, "tidak tersedia"),  # full-width digits are digits to str.isdigit, not to int()
        ({"tahun": "1999"}, "tidak tersedia"),
        ({"garis": "nilai", "nilai": "²"}, "hanya digit 0-9"),
        ({"garis": "nilai", "nilai": "9" * 12}, "di luar rentang"),
        ({"garis": "nilai", "nilai": "1"}, "di luar rentang"),
    ],
)
def test_a_bad_url_parameter_falls_back_with_a_note_and_no_error(dashboard_db, params, note):
    at = opened(params)
    assert [t.value for t in at.title] != [SIGN_IN_TITLE]
    assert not at.exception and not at.error, all_text(at)
    assert any(note in w.value for w in at.sidebar.warning), [w.value for w in at.sidebar.warning]
    assert at.radio(key="ctl_garis").value in ("resmi", "ekstrem")  # never a line of Rp 1 or Rp 999.999.999.999
    at.run()  # later runs of the session are fine too (the bad URL crashed every page before)
    assert not at.exception and not at.error


def test_a_plausible_custom_line_from_the_url_is_used(dashboard_db):
    at = opened({"garis": "nilai", "nilai": "900000"})
    assert at.radio(key="ctl_garis").value == "nilai"
    assert at.text_input(key="ctl_nilai_teks").value == "900.000"
    assert at.session_state["ctl_nilai"] == 900_000


def test_a_typed_line_is_read_with_thousands_separators_and_a_bad_one_changes_nothing(dashboard_db):
    at = opened({"garis": "nilai", "nilai": "900000"})
    for typed, note in [(f"{LINE_AMOUNT_MAX + 1:,}".replace(",", "."), "di luar rentang"), ("850,5", "bilangan bulat")]:
        at.text_input(key="ctl_nilai_teks").input(typed).run()
        assert not at.exception and not at.error
        assert at.session_state["ctl_nilai"] == 900_000
        assert at.text_input(key="ctl_nilai_teks").value == "900.000"
        assert any(note in w.value for w in at.sidebar.warning), [w.value for w in at.sidebar.warning]
    at.text_input(key="ctl_nilai_teks").input("Rp 850.000").run()
    assert at.session_state["ctl_nilai"] == 850_000 and at.query_params["nilai"] == "850000"
    assert at.text_input(key="ctl_nilai_teks").value == "Rp 850.000"


def test_a_bug_shows_a_short_message_without_traceback_or_path(dashboard_db, monkeypatch):
    from ui import data

    def broken(*args, **kwargs):
        raise RuntimeError("gagal membaca /srv/kemiskinan/var/bontang.duckdb")

    monkeypatch.setattr(data, "summary", broken)
    at = opened({})
    assert not at.exception
    assert [e.value for e in at.error] == [errors.GENERIC]
    assert "/srv/" not in all_text(at) and "Traceback" not in all_text(at)


def test_a_user_error_shows_its_message_without_the_server_path(dashboard_db, monkeypatch):
    from ui import data

    def refused(*args, **kwargs):
        raise DataError("Berkas /srv/kemiskinan/var/bontang.duckdb tidak dapat dibaca.")

    monkeypatch.setattr(data, "summary", refused)
    at = opened({})
    assert [e.value for e in at.error] == ["Berkas bontang.duckdb tidak dapat dibaca."]


def test_streamlit_itself_shows_no_error_details_and_listens_on_localhost():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "localhost"
    assert config["server"]["enableXsrfProtection"] is True
