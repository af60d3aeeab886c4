"""Pure parts of the dashboard: the briefing paragraph, map layers, the P4GN importer and
the privacy of quality downloads. No Streamlit session needed."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from analytics.access.scope import User
from analytics.alternative_development import (
    DEMO_STATUS_FILE,
    StatusFileError,
    cross_with_poverty,
    dual_aim_kelurahan,
    read_status_table,
)
from analytics.narrative import describe_year
from analytics.poverty.lines import PovertyLine
from analytics.summary import Headline
from geo import layers
from geo.schematic import schematic_kelurahan


def make_headline(p0=(0.0374, 0.0411), bps_p0=0.0374, previous_year=2023, status="official", p0_kind="bps"):
    now, before = p0
    table = pd.DataFrame(
        {
            "indicator": ["p0", "p1", "p2", "poor", "extreme_poor"],
            "value": [now, 0.0035, 0.00051, 7114.0, 151.0],
            "previous": [before, 0.0039, 0.0005, 7729.0, 94.0],
            "bps": [bps_p0, np.nan, np.nan, 7110.0, np.nan],
            "bps_kind": [p0_kind, None, None, "bps", None],
        }
    )
    table["change"] = table["value"] - table["previous"]
    line = PovertyLine(801945.0, "official", status, 2024)
    return Headline(table, 2024, previous_year, "64.74", "Kota Bontang", "kota", line, None)


def kelurahan_frame():
    return pd.DataFrame(
        {
            "kode": ["a", "b", "c", "d"],
            "nama": ["Api-Api", "Berbas Tengah", "Kanaan", "Lok Tuan"],
            "p0": [0.06, 0.08, 0.01, 0.05],
            "p2": [0.0008, 0.0012, 0.0001, 0.0007],
            "p0_prev": [0.07, 0.07, 0.01, 0.05],
        }
    )


def test_paragraph_states_fall_bps_figure_and_line():
    text = describe_year(make_headline())
    assert "3,74 %, turun 0,37 poin persen dari 4,11 % pada tahun 2023" in text
    assert "angka resmi BPS 3,74 %" in text
    assert "(P2) 0,051 (skala BPS, ×100)" in text
    assert "7.114 jiwa (berkurang 615 jiwa), sedangkan BPS mencatat 7.110 jiwa" in text
    assert "miskin ekstrem 151 jiwa (tahun 2023: 94 jiwa)" in text
    assert text.endswith("garis kemiskinan resmi Rp 801.945 per kapita per bulan.")


def test_paragraph_names_kelurahan_that_rose_and_fell():
    text = describe_year(make_headline(p0=(0.05, 0.04)), kelurahan_frame())
    assert "naik 1,00 poin persen" in text
    assert "Keparahan tertinggi terdapat di Berbas Tengah, Api-Api dan Lok Tuan." in text
    assert "P0 turun paling banyak di Api-Api; sebaliknya naik di Berbas Tengah." in text
    assert "Kanaan" not in text  # unchanged kelurahan are not named


def test_paragraph_without_previous_year_or_bps_and_with_estimated_line():
    h = make_headline(p0=(0.05, np.nan), bps_p0=np.nan, previous_year=None, status="estimated")
    text = describe_year(h)
    assert "turun" not in text.split(".")[0] and "naik" not in text.split(".")[0]
    assert "BPS 3" not in text
    assert "(perkiraan, belum dirilis BPS)" in text
    assert "<" not in text and "*" not in text  # plain text, safe to paste


def test_choropleth_colours_every_kelurahan_and_legend_is_ordered():
    gdf = schematic_kelurahan()
    values = pd.DataFrame({"kode": gdf["kode"], "value": np.linspace(0.01, 0.08, len(gdf))})
    values.loc[3, "value"] = np.nan
    geojson = layers.choropleth_geojson(gdf, values, "value", lambda v: f"{v:.2f}")
    assert len(geojson["features"]) == len(gdf)
    grey = [f for f in geojson["features"] if f["properties"]["value_text"] == "–"]
    assert len(grey) == 1 and grey[0]["properties"]["fill_color"][:3] == list(layers.NO_DATA)[:3]
    top = max(geojson["features"], key=lambda f: float(f["properties"]["value_text"].replace("–", "0")))
    assert top["properties"]["fill_color"][:3] == list(layers.PALETTE[-1])
    legend = layers.legend_items(geojson["breaks"], lambda v: f"{v:.2f}", lower=0.01)
    assert len(legend) == len(geojson["breaks"]) == 5
    assert legend[-1]["label"].endswith("0.08")
    json.dumps(geojson)  # serialisable for pydeck


def test_map_needs_no_internet(monkeypatch):
    monkeypatch.delenv(layers.MAP_STYLE_ENV, raising=False)
    gdf = schematic_kelurahan()
    values = pd.DataFrame({"kode": gdf["kode"], "value": 1.0})
    points = pd.DataFrame({"lon": [117.49], "lat": [0.13]})
    deck = layers.deck(
        [
            layers.choropleth_layer(layers.choropleth_geojson(gdf, values, "value", str)),
            layers.hexagon_layer(points),
            layers.points_layer(points),
        ],
        layers.view_state(gdf),
    )
    text = deck.to_json()
    assert not re.search(r"https?://", text)
    assert json.loads(text)["mapStyle"] == "__MAP_STYLE__"  # Streamlit's "no basemap" marker
    one = layers.view_state(gdf, gdf["kode"].iloc[0])
    assert one.zoom > layers.view_state(gdf).zoom


def test_demo_status_file_is_marked_as_example():
    result = read_status_table(DEMO_STATUS_FILE)
    assert result.is_example and result.problems == [] and result.missing_kelurahan == []
    assert set(result.table["status"]) <= {"Bahaya", "Waspada", "Siaga", "Aman"}
    assert result.table["source"].str.contains("CONTOH").all()


def test_status_importer_reports_bad_rows_in_indonesian(tmp_path):
    path = tmp_path / "p4gn.csv"
    path.write_text(
        "Kelurahan;Status;Tanggal;Sumber\n"
        "LOKTUAN;waspada;03/04/2024;Tim Terpadu P4GN\n"
        "Kel. Api-api;BAHAYA;2024-05-01;Tim Terpadu P4GN\n"
        "Lok Tuan;Siaga;01/06/2024;Tim Terpadu P4GN\n"
        "Kampung Baru;Aman;01/06/2024;x\n"
        "Kanaan;Rawan;01/06/2024;x\n"
        "Belimbing;Aman;31/02/2024;x\n",
        encoding="utf-8",
    )
    result = read_status_table(path)
    table = result.table.set_index("nama")
    assert table.loc["Lok Tuan", "status"] == "Siaga"  # the later of two rows wins
    assert table.loc["Api-Api", "status"] == "Bahaya"
    assert not result.is_example
    messages = " ".join(result.problems)
    assert "Baris 5: kelurahan 'Kampung Baru' tidak dikenal" in messages
    assert "Baris 6: status 'Rawan' tidak dikenal" in messages
    assert "Baris 7: tanggal '31/02/2024' tidak terbaca" in messages
    assert "Kelurahan Lok Tuan muncul 2 kali" in messages
    assert "Kanaan" in result.missing_kelurahan


def test_status_importer_refuses_a_file_without_a_status_column(tmp_path):
    path = tmp_path / "p4gn.csv"
    path.write_text("kelurahan,tanggal,sumber\nKanaan,01/06/2024,x\n", encoding="utf-8")
    with pytest.raises(StatusFileError, match="Kolom 'status' tidak ada"):
        read_status_table(path)
    with pytest.raises(StatusFileError, match="tidak ditemukan"):
        read_status_table(tmp_path / "missing.csv")


def test_dual_aim_keeps_vulnerable_kelurahan_with_families_to_empower():
    status = read_status_table(DEMO_STATUS_FILE).table
    fgt = pd.DataFrame(
        {
            "kode": status["kode"],
            "nama": status["nama"],
            "poor": 10,
            "p0": 0.05,
            "p1": 0.005,
            "p2": np.linspace(0.001, 0.002, len(status)),
        }
    )
    segments = pd.DataFrame({"kode": status["kode"], "nama": status["nama"], "segment": "empower", "families": 3})
    segments.loc[status["status"] == "Bahaya", "families"] = 0
    crossed = cross_with_poverty(status, fgt, segments)
    both = dual_aim_kelurahan(crossed)
    assert set(both["status"]) <= {"Waspada", "Siaga"}
    assert (both["empower_families"] > 0).all()
    assert list(both["status_rank"]) == sorted(both["status_rank"])


def test_quality_downloads_never_hold_a_full_nik(demo_con):
    from analytics.quality import quarantine_rows, verification_priority

    rows = quarantine_rows(demo_con, user=User("analis", "analis"))
    assert len(rows) > 0
    text = " ".join(rows["original"]) + " ".join(rows["message"])
    assert not re.search(r"\d{15,}", text)
    assert "**********" in text
    priority = verification_priority(demo_con, 2024, user=User("analis", "analis"))
    assert not priority.astype(str).apply(lambda c: c.str.contains(r"\d{16}")).any().any()
    assert priority["nik_masked"].dropna().str.fullmatch(r"\d{6}\*{10}").all()
    assert list(priority["score"]) == sorted(priority["score"], reverse=True)


def test_register_overlap_adds_up_to_the_frame(demo_con):
    from analytics.quality import register_overlap

    overlap = register_overlap(demo_con, 2024)
    framed = overlap[overlap["in_regsosek"]]
    total = demo_con.execute("select count(*) from family where year = 2024").fetchone()[0]
    assert framed["families"].sum() == total
    assert set(overlap["combination"]) >= {"Regsosek saja", "Regsosek + DTKS + P3KE"}


def test_kualitas_data_shows_the_dtsen_frame_and_its_change_from_regsosek(model_con):
    from analytics.quality import frame_change, frame_sources, register_overlap

    sources = frame_sources(model_con, 2025).set_index("year")
    assert sources.loc[2025, "frame_source"] == "dtsen" and sources.loc[2024, "frame_source"] == "regsosek"
    assert sources.loc[2025, "version"] == "v3-demo"
    change = frame_change(model_con, 2025)
    total = model_con.execute("select count(*) from family where year = 2025").fetchone()[0]
    before = model_con.execute("select count(*) from family where year = 2024").fetchone()[0]
    assert change["families"].sum() == total and change["families_before"].sum() == before
    assert (change["kept"] + change["added"] == change["families"]).all()
    assert change["kept"].sum() + change["dropped"].sum() == before
    # Most families keep their id across the switch (their No KK's Regsosek id).
    assert change["kept"].sum() > 0.9 * before
    overlap = register_overlap(model_con, 2025)
    assert set(overlap["combination"]) >= {"DTSEN saja", "DTSEN + P3KE"}


def test_family_heads_mask_nik(demo_con):
    from analytics.summary import family_heads

    ids = [r[0] for r in demo_con.execute("select family_id from family where year = 2024 limit 50").fetchall()]
    heads = family_heads(demo_con, 2024, ids, user=User("admin", "admin"))
    assert len(heads) == 50
    assert heads["head_name"].notna().all()
    assert heads["nik_masked"].dropna().str.fullmatch(r"\d{6}\*{10}").all()


def test_downloads_keep_register_text_as_text():
    import io

    from ui.exports import csv_bytes, excel_bytes

    frame = pd.DataFrame({"Nama": ['=HYPERLINK("http://x")', "+62 811", "BUDI", "-"], "Jiwa": [1, 2, 3, 4]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+62 811" in text and "\nBUDI," in text
    workbook = excel_bytes({"Daftar": frame})
    import zipfile

    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula cell
    read = pd.read_excel(io.BytesIO(workbook), dtype=str, engine="calamine")
    assert read["Nama"].iloc[0] == '=HYPERLINK("http://x")'


def test_paragraph_on_the_extreme_line_names_the_extremely_poor_once_with_readable_decimals():
    from dataclasses import replace

    headline = make_headline(p0=(0.00043, 0.0009), bps_p0=np.nan)
    table = headline.table.copy()
    table.loc[table["indicator"] == "p1", ["value", "previous"]] = [0.00004, 0.00009]
    table.loc[table["indicator"] == "p2", ["value", "previous"]] = [0.000003, 0.000006]
    table.loc[table["indicator"] == "poor", ["value", "previous"]] = [82.0, 171.0]
    table.loc[table["indicator"] == "extreme_poor", ["value", "previous"]] = [82.0, 171.0]
    table["change"] = table["value"] - table["previous"]
    extreme = replace(headline, table=table, line=PovertyLine(391000.0, "extreme", "estimated", 2024))
    text = describe_year(extreme)
    assert "tingkat kemiskinan ekstrem (P0) Kota Bontang menurut data register sebesar 0,043 %" in text
    assert "turun 0,047 poin persen dari 0,090 %" in text
    assert "(P1) 0,004 dan indeks keparahan (P2) 0,0003" in text
    assert text.count("82 jiwa") == 1 and "Penduduk miskin ekstrem tercatat 82 jiwa" in text
    assert "Penduduk miskin tercatat" not in text
