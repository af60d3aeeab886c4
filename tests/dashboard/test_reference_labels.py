"""Published city figures are labelled by kind (issue 19, point 6): the 2025 P0 (3,21 %) is the
mayor's statement and is never called BPS's, on Ringkasan, Tren, the paragraph or the pack;
2018 shows BPS's 4,67 %. View level, on the session's demo database (no browser)."""

from __future__ import annotations

import numpy as np
import pytest

from analytics import summary
from analytics.access.scope import User
from analytics.labels import NOT_BPS_MARK
from analytics.narrative import describe_year
from analytics.report.charts import trend_png
from analytics.report.headline import headline_table, trend_table
from analytics.views import summary_page, trend_page
from analytics.views.selection import Selection
from analytics.views.source import Source
from tests.dashboard.test_dashboard_units import make_headline

ANALIS = User("uji", "analis")
PIMPINAN = User("uji", "pimpinan")


@pytest.fixture(scope="module")
def source(demo_con) -> Source:
    return Source.of(demo_con)


def test_paragraph_calls_only_a_bps_figure_bps_s():
    bps = describe_year(make_headline())
    assert "angka resmi BPS 3,74 %" in bps
    pemkot = describe_year(make_headline(bps_p0=0.0321, p0_kind="pemkot"))
    assert "menurut pernyataan Pemerintah Kota (belum rilis BPS) sebesar 3,21 %" in pemkot
    assert "BPS 3,21" not in pemkot and "resmi BPS" not in pemkot
    # a figure whose kind is unknown is not called BPS's either
    unknown = describe_year(make_headline(bps_p0=0.0321, p0_kind=None))
    assert "resmi BPS" not in unknown and "bukan rilis BPS" in unknown


def test_headline_carries_each_figure_s_kind(demo_con):
    table = summary.headline(demo_con, 2025).table.set_index("indicator")
    assert table.loc["p0", "bps"] == pytest.approx(0.0321)
    assert table.loc["p0", "bps_kind"] == "pemkot"
    assert "Wali Kota" in table.loc["p0", "bps_source"]
    assert table.loc[["p1", "p2", "poor"], "bps"].isna().all()
    assert summary.headline(demo_con, 2024).table.set_index("indicator").loc["p0", "bps_kind"] == "bps"


@pytest.mark.parametrize("user", [ANALIS, PIMPINAN], ids=["analis", "pimpinan"])
def test_ringkasan_2025_never_calls_the_mayor_s_figure_bps_s(source, user):
    page = summary_page.build(source, Selection(2025), user)
    p0 = next(m for m in page.metrics if m.indicator == "p0")
    assert p0.caption == f"Pemkot: 3,21 % {NOT_BPS_MARK} (belum rilis BPS)"
    assert "BPS: 3,21" not in " ".join(m.caption for m in page.metrics)
    assert "P0 2025" in page.reference_note and "pernyataan Pemerintah Kota" in page.reference_note
    assert "Wali Kota" in page.reference_note
    assert "menurut pernyataan Pemerintah Kota (belum rilis BPS) sebesar 3,21 %" in page.paragraph
    assert "angka resmi BPS" not in page.paragraph


def test_ringkasan_2024_says_bps_without_a_note(source):
    page = summary_page.build(source, Selection(2024), ANALIS)
    p0 = next(m for m in page.metrics if m.indicator == "p0")
    assert p0.caption == "BPS: 3,74 %"
    assert page.reference_note is None
    assert "angka resmi BPS 3,74 %" in page.paragraph


def test_tren_shows_2018_as_bps_and_marks_2025(source):
    view = trend_page.trend(source, Selection(2025), ANALIS)
    table = view.table.set_index("Tahun")
    assert table.loc["2018", "P0 BPS"] == "4,67 %"
    assert table.loc["2024", "P0 BPS"] == "3,74 %"
    assert table.loc["2025", "P0 BPS"] == f"3,21 % {NOT_BPS_MARK}"
    chart = view.series.set_index("year")
    assert chart.loc[2018, "bps_p0"] == pytest.approx(4.67)
    # 2025 is not a point of BPS's line: drawn apart as the Pemkot figure
    assert np.isnan(chart.loc[2025, "bps_p0"]) and chart.loc[2025, "pemkot_p0"] == pytest.approx(3.21)
    assert chart["pemkot_p0"].notna().sum() == 1
    assert view.reference_note.startswith(f"{NOT_BPS_MARK} Bukan rilis BPS: P0 2025 (pernyataan Pemerintah Kota")


def test_pack_marks_the_mayor_s_figure(demo_con):
    h = summary.headline(demo_con, 2025)
    head = headline_table(h, 2025, h.previous_year, None)
    assert "BPS/Pemkot 2025" in head.display.columns and "BPS 2025" not in head.display.columns
    row = head.display.set_index("Indikator").loc[f"Tingkat kemiskinan (P0) {NOT_BPS_MARK}"]
    assert row["BPS/Pemkot 2025"] == f"3,21 % {NOT_BPS_MARK}"
    assert "P0 2025 (pernyataan Pemerintah Kota" in head.note
    assert "BPS 2024" in headline_table(summary.headline(demo_con, 2024), 2024, 2023, None).display.columns

    trend, scaled = trend_table(demo_con, "official", None)
    years = trend.display["Tahun"].str.slice(0, 4)
    cells = dict(zip(years, trend.display["P0 BPS (%)"]))
    assert cells["2018"] == "4,67 %" and cells["2025"] == f"3,21 % {NOT_BPS_MARK}"
    assert trend.frame.loc[years == "2025", "Tahun"].iloc[0].endswith(NOT_BPS_MARK)  # the XLSX sheet too
    assert not trend.frame.loc[years == "2018", "Tahun"].iloc[0].endswith(NOT_BPS_MARK)
    assert "P0 2025 (pernyataan Pemerintah Kota" in trend.note
    assert scaled.loc[scaled["year"] == 2025, "pemkot_p0"].iloc[0] == pytest.approx(3.21)
    assert np.isnan(scaled.loc[scaled["year"] == 2025, "bps_p0"].iloc[0])
    assert trend_png(scaled).startswith(b"\x89PNG")


def test_rank_page_metrics_label_the_mayor_s_figure(source):
    from analytics.views.welfare_page import _bps_metrics

    p0_2025 = _bps_metrics(source, 2025)[0]
    assert p0_2025.label == "P0 kota (Pemkot)" and p0_2025.value == f"3,21 % {NOT_BPS_MARK}"
    assert p0_2025.caption.startswith("Pemkot, belum rilis BPS; sumber: ") and "Wali Kota" in p0_2025.caption
    p0_2024 = _bps_metrics(source, 2024)[0]
    assert (p0_2024.label, p0_2024.value, p0_2024.caption) == ("P0 kota (BPS)", "3,74 %", "BPS, tingkat kota, 2024")
