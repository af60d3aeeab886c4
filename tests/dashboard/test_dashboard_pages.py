"""Every page of the dashboard, driven with AppTest on the demo database: no exception, and
the figures shown are those the analytics functions return for the selection."""

import re

import duckdb
import pytest

from analytics import summary
from analytics.access.scope import User
from analytics.formats import bps_scale, number, percent, readable_decimals, rupiah, scaled
from analytics.mpi import alkire_foster
from analytics.poverty.lines import available_years
from analytics.programs.coverage import coverage, uncovered_eligible
from analytics.quality import import_log
from analytics.simulation import simulate_transfer
from tests.dashboard.conftest import PAGES, dataframe, metrics, open_page, sign_in

FULL_NIK = re.compile(r"\d{16}")


@pytest.fixture(scope="module")
def con(dashboard_db):
    connection = duckdb.connect(str(dashboard_db), read_only=True)
    yield connection
    connection.close()


def headline_texts(con, year, line, area) -> dict[str, str]:
    headline = summary.headline(con, year, line, area)
    h = headline.table.set_index("indicator")["value"]
    if line == "extreme":
        # One count (the poor are the extremely poor), finer P1/P2 (a tiny figure with the
        # decimals it needs, never "0,0001" for 0,00008), and the average gap in rupiah.
        def fine(fmt, value, decimals):
            return fmt(value, readable_decimals(scaled(value), decimals))

        return {
            "P0 — miskin ekstrem (%)": fine(percent, h["p0"], 3),
            "P1 — kedalaman (×100)": fine(bps_scale, h["p1"], 3),
            "P2 — keparahan (×100)": fine(bps_scale, h["p2"], 4),
            "Miskin ekstrem (jiwa)": number(h["poor"]),
            "Rata-rata kesenjangan": rupiah(h["p1"] / h["p0"] * headline.line.amount),
        }
    return {
        "P0 — tingkat kemiskinan": percent(h["p0"]),
        "P1 — kedalaman (×100)": bps_scale(h["p1"]),
        "P2 — keparahan (×100)": bps_scale(h["p2"], 3),
        "Penduduk miskin (jiwa)": number(h["poor"]),
        "Miskin ekstrem (jiwa)": number(h["extreme_poor"]),
    }


@pytest.mark.parametrize("name", [n for n in PAGES if n != "ringkasan"])
def test_every_page_runs_without_exception(app, name):
    at = open_page(app, name)
    assert at.title, f"page {name} shows no title"


def test_ringkasan_shows_the_headline_of_the_latest_year(app, con):
    latest = available_years(con)[-1]
    assert app.selectbox(key="ctl_tahun").value == latest
    shown = metrics(app)
    for label, text in headline_texts(con, latest, "official", "64.74").items():
        assert shown[label] == text
    assert "BPS" in " ".join(c.value for c in app.caption)
    paragraph = app.code[0].value
    assert paragraph.startswith(f"Pada tahun {latest}, tingkat kemiskinan (P0) Kota Bontang")
    p0 = summary.headline(con, latest, "official", "64.74").table.set_index("indicator").loc["p0", "value"]
    assert percent(p0) in paragraph
    ranking = dataframe(app, "Peringkat")
    expected = summary.area_table(con, latest, "kelurahan", "official", None)
    assert list(ranking["Wilayah"]) == list(expected["nama"])
    assert app.query_params["tahun"] == str(latest)
    # the briefing pack: one button per format, files built only when clicked
    buttons = app.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert {"Unduh PDF", "Unduh PowerPoint", "Unduh tabel Excel"} <= set(labels)


def test_changing_year_line_and_area_updates_figures_and_url(app, con):
    app.selectbox(key="ctl_tahun").set_value(2022).run()
    app.radio(key="ctl_garis").set_value("ekstrem").run()
    app.selectbox(key="ctl_kec").set_value("64.74.02").run()
    assert not app.exception
    shown = metrics(app)
    for label, text in headline_texts(con, 2022, "extreme", "64.74.02").items():
        assert shown[label] == text
    ranking = dataframe(app, "Peringkat")
    assert set(ranking["Wilayah"]) == set(summary.area_table(con, 2022, "kelurahan", "extreme", "64.74.02")["nama"])
    assert len(ranking) == 6
    # Only the chosen kecamatan's kelurahan can be picked.
    options = app.selectbox(key="ctl_kel").options
    assert len(options) == 7
    app.selectbox(key="ctl_kel").set_value("64.74.02.1002").run()
    shown = metrics(app)
    for label, text in headline_texts(con, 2022, "extreme", "64.74.02.1002").items():
        assert shown[label] == text
    params = dict(app.query_params.items())
    assert params == {"tahun": "2022", "garis": "ekstrem", "kec": "64.74.02", "kel": "64.74.02.1002"}


def test_custom_line_amount(app, con):
    app.radio(key="ctl_garis").set_value("nilai").run()
    app.text_input(key="ctl_nilai_teks").input("900.000").run()
    year = app.selectbox(key="ctl_tahun").value
    shown = metrics(app)
    for label, text in headline_texts(con, year, 900_000.0, "64.74").items():
        if label != "Miskin ekstrem (jiwa)":
            assert shown[label] == text
    assert app.query_params["nilai"] == "900000"


def test_a_shared_link_restores_the_view(dashboard_db, con):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import DASHBOARD, TIMEOUT

    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params.update({"tahun": "2023", "garis": "resmi", "kel": "64.74.01.1006"})
    at.run()
    assert not at.exception
    sign_in(at, "analis")  # the link's view survives signing in
    assert at.selectbox(key="ctl_tahun").value == 2023
    assert at.selectbox(key="ctl_kec").value == "64.74.01"  # the kelurahan's kecamatan
    assert at.selectbox(key="ctl_kel").value == "64.74.01.1006"
    shown = metrics(at)
    for label, text in headline_texts(con, 2023, "official", "64.74.01.1006").items():
        assert shown[label] == text


def test_peta_opens_a_kelurahan_profile(app, con):
    at = open_page(app, "peta")
    year = at.selectbox(key="ctl_tahun").value
    assert any("Klik" in i.value for i in at.info)
    at.selectbox(key="peta_profil").set_value("64.74.02.1002").run()
    assert not at.exception
    shown = metrics(at)
    h = summary.headline(con, year, "official", "64.74.02.1002").table.set_index("indicator")["value"]
    assert shown["P0"] == percent(h["p0"])
    assert shown["P2 (×100)"] == bps_scale(h["p2"], 3)
    cov = coverage(con, year, "kelurahan").set_index("kode").loc["64.74.02.1002"]
    assert shown["Keluarga miskin tanpa program"] == number(cov["eligible_families"] - cov["covered_eligible"])
    m0 = alkire_foster(con, year, "kelurahan").set_index("kode").loc["64.74.02.1002", "M0"]
    assert shown["M0"] == number(m0, 3)
    for indicator in ("p0", "exclusion_error", "M0"):
        at.selectbox(key="peta_indikator").set_value(indicator).run()
        assert not at.exception


def test_cakupan_lists_uncovered_families_with_masked_nik_only(app, con):
    at = open_page(app, "cakupan")
    year = at.selectbox(key="ctl_tahun").value
    expected = uncovered_eligible(con, year, user=User("admin", "admin"))
    assert metrics(at)["Keluarga sasaran tanpa program, Kota Bontang"] == number(len(expected))
    shown = dataframe(at, "ID keluarga", "Segmen")
    assert list(shown["ID keluarga"]) == list(expected["family_id"])
    masked = shown["NIK (disamarkan)"][shown["NIK (disamarkan)"] != "–"]
    assert len(masked) > 0 and masked.str.fullmatch(r"\d{6}\*{10}").all()
    for element in at.dataframe:
        assert not element.value.astype(str).apply(lambda c: c.str.contains(FULL_NIK)).any().any()
    programs = dataframe(at, "Program")
    any_row = coverage(con, year, "kota", "any").iloc[0]
    assert programs.iloc[-1]["Cakupan"] == percent(any_row["coverage"], 1)


def test_transfer_simulation(app, con):
    at = open_page(app, "cakupan")
    year = at.selectbox(key="ctl_tahun").value
    at.text_input(key="sim_nilai").input("250.000")  # typed as an official writes it
    at.text_input(key="sim_jumlah").input("400")
    at.selectbox(key="sim_aturan").set_value("uncovered_poorest")
    at.button(key="FormSubmitter:simulasi-Jalankan simulasi").click().run()
    assert not at.exception
    simulated = simulate_transfer(con, year, 250_000.0, n_families=400, rule="uncovered_poorest")
    result = simulated.table.set_index("measure")
    shown = metrics(at)
    assert shown["P0 sesudah"] == percent(result.loc["p0", "after"])
    assert shown["P1 (×100) sesudah"] == bps_scale(result.loc["p1", "after"])
    assert shown["P2 (×100) sesudah"] == bps_scale(result.loc["p2", "after"], 3)
    assert f"{number(simulated.families_reached)} keluarga" in " ".join(c.value for c in at.caption)


def test_kualitas_data_counts_and_privacy(app, con):
    at = open_page(app, "kualitas")
    totals = import_log(con)[["rows_read", "quarantined"]].sum()
    shown = metrics(at)
    assert shown["Baris dibaca"] == number(totals["rows_read"])
    assert shown["Dikarantina"] == number(totals["quarantined"])
    priority = dataframe(at, "Skor")
    assert len(priority) > 0
    assert list(priority["Skor"]) == sorted(priority["Skor"], reverse=True)
    for element in at.dataframe:
        assert not element.value.astype(str).apply(lambda c: c.str.contains(FULL_NIK)).any().any()


def test_pembangunan_alternatif_marks_demo_statuses(app):
    at = open_page(app, "p4gn")
    assert any("CONTOH" in w.value and "BUKAN data nyata" in w.value for w in at.warning)
    table = dataframe(at, "Status", "Keluarga miskin dapat diberdayakan")
    assert len(table) == 15
    both = dataframe(at, "Status", "Keluarga miskin dapat diberdayakan", nth=1)
    assert len(both) > 0
    assert not both["Status"].str.contains("Aman").any()


def test_sidebar_choice_survives_switching_pages(app):
    # A page's sidebar widgets are new widgets on another page; the choice must carry over.
    years = app.selectbox(key="ctl_tahun").options
    chosen = years[-2]
    app.selectbox(key="ctl_tahun").set_value(int(chosen)).run()
    app.radio(key="ctl_garis").set_value("ekstrem").run()
    for name in ("tren", "peta", "cakupan", "ringkasan"):
        at = open_page(app, name)
        assert str(at.selectbox(key="ctl_tahun").value) == str(chosen), name
        assert at.radio(key="ctl_garis").value == "ekstrem", name
