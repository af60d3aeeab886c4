"""The Model SAE page with AppTest (issues 21 and 27): a new run in a year that already has a
published model shows its diagnostics beside the published ones, and publishing it from the
page works and is audited."""

import functools
import json
import shutil

import pytest

from analytics.access.users import ensure_demo_accounts, read_audit, users_path_for
from analytics.model import run as model_run
from tests.conftest import MODEL_YEARS, TEST_RUN
from tests.dashboard.conftest import dataframe, open_page, session

RUN_LABEL = "Jalankan model (sekitar setengah menit)"


@pytest.fixture
def model_dashboard(model_db, tmp_path, monkeypatch):
    """A copy of the model database (a publication swaps the file) with the demo accounts,
    and runs of the page with the tests' small Monte Carlo and bootstrap."""
    db = tmp_path / "model.duckdb"
    shutil.copy2(model_db, db)
    ensure_demo_accounts(users_path_for(db))
    monkeypatch.setenv("KEMISKINAN_DB", str(db))
    monkeypatch.setattr(model_run, "RunSettings", functools.partial(model_run.RunSettings, **TEST_RUN))
    return db


def _no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_a_second_run_of_a_published_year_is_shown_and_published(model_dashboard):
    at = open_page(session("analis"), "model_sae")
    published_before = dataframe(at, "Model", "Terbit")
    assert (published_before["Terbit"] == "Ya").sum() == 1

    _button(at, RUN_LABEL).click()
    at.run()
    _no_exception(at)  # both runs' Q-Q charts on one page: their keys must differ
    assert [h.value for h in at.header][:2] == ["Model terbit", "Jalankan model baru"]
    assert "Hasil model (belum terbit)" in [h.value for h in at.header]
    at.run()  # the page drawn again (leaving and coming back) keeps the run and stays whole
    _no_exception(at)

    at.button(key="sae_terbitkan").click()
    at.run()
    _no_exception(at)
    assert any("diterbitkan untuk tahun" in s.value for s in at.success), [s.value for s in at.success]
    runs = dataframe(at, "Model", "Terbit")
    assert len(runs) == len(published_before) + 1
    new = runs[~runs["Model"].isin(published_before["Model"])].iloc[0]
    assert new["Terbit"] == "Ya" and new["Oleh"] == "analis"
    assert (runs["Terbit"] == "Ya").sum() == 1
    assert "Hasil model (belum terbit)" not in [h.value for h in at.header]

    entry = read_audit(users_path_for(model_dashboard)).iloc[-1]
    assert (entry["username"], entry["role"], entry["action"]) == ("analis", "analis", "terbitkan_model")
    detail = json.loads(entry["detail_json"])
    assert detail["model"] == new["Model"] and detail["tahun"] in MODEL_YEARS


def test_the_page_shows_the_years_recap_and_what_the_published_run_counted(model_dashboard):
    # The demo's 2025 has a Dinas Sosial recap (loaded by the import), and its published run counted it.
    at = open_page(session("analis"), "model_sae")
    if "2025" not in at.title[0].value:
        at.sidebar.selectbox[0].set_value(2025).run()
    _no_exception(at)
    assert "2025" in at.title[0].value
    assert [s.value for s in at.subheader if s.value.startswith("Rekap")] == [
        "Rekap daftar miskin ekstrem Dinas Sosial"
    ]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Rekap daftar miskin ekstrem tahun 2025: ") and "oleh impor" in c for c in captions)
    assert any(c.startswith("Komponen miskin ekstrem: ") and "Rp 391.000" in c for c in captions), captions
    recap = dataframe(at, "Kelurahan", "Keluarga", "Jiwa")
    assert len(recap) >= 1 and (recap["Jiwa"] != "0").all()
    counted = at.checkbox(key="sae_hitung_ekstrem")
    assert counted.value is True and not counted.disabled
