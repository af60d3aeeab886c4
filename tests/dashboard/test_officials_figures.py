"""Issue 27: what officials read must agree, fit and explain itself (unit checks of the views)."""

import pandas as pd

from analytics.views import summary_page
from analytics.welfare.change import change_uncertain


def test_an_extreme_line_p1_is_not_shown_as_zero_nor_its_interval():
    """P1 of 0,0004 (×100) on the extreme line read "0,000" with "Selang 90 %: 0,00–0,00"
    while the paragraph said 0,0004: the metric and its interval carry the decimals it needs."""
    shown = summary_page._EXTREME_METRICS[1][2](0.000004)
    assert shown == "0,0004"
    row = pd.Series({"value": 0.000004, "lower": 0.0000021, "upper": 0.0000093})
    caption = summary_page._interval_caption("p1", row, extreme=True)
    assert caption == "Selang 90 %: 0,0002–0,0009", caption
    ordinary = pd.Series({"value": 0.0082, "lower": 0.0061, "upper": 0.0101})
    assert summary_page._interval_caption("p1", ordinary) == "Selang 90 %: 0,61–1,01"


def test_a_model_run_gets_one_plain_verdict():
    """Point 10: the direct estimate above the model in every sampled kelurahan (Satimpo 6,38 %
    against 1,01 %) is called what it is, and the verdict says whether and how to publish."""
    from analytics.views.sae_verdict import verdict

    reliability = pd.Series(["reliable"] * 12 + ["caution"] * 3)
    one_sided = pd.DataFrame(
        {"model": [0.0101 + i / 1000 for i in range(8)], "direct": [0.0638 + i / 1000 for i in range(8)]}
    ).assign(cv_direct=0.2)
    held = verdict(reliability, one_sided, benchmarked=False)
    assert held.level == "caveat"
    assert "lebih tinggi daripada model di 8 dari 8 kelurahan" in held.text
    assert "Angka kota yang dikutip tetap angka BPS" in held.text
    mixed = one_sided.assign(direct=[m + (0.002 if i % 2 else -0.002) for i, m in enumerate(one_sided["model"])])
    fine = verdict(reliability, mixed, benchmarked=False)
    assert fine.level == "publish" and "tidak tampak berat sebelah" in fine.text
    some = verdict(pd.Series(["unreliable"] * 6 + ["reliable"] * 9), mixed, True, pd.Series(list("ABCDEFGHIJKLMNO")))
    assert some.level == "caveat" and "(40 % dari semua: A, B, C, D, E, F)" in some.text
    poor = verdict(pd.Series(["unreliable"] * 9 + ["reliable"] * 6), mixed, benchmarked=True)
    assert poor.level == "hold" and "belum layak" in poor.headline
    # A kabupaten's small run may have no direct estimate at all (stored as an empty list).
    none = verdict(reliability, pd.DataFrame([]), benchmarked=False)
    assert "Tidak ada kelurahan tersampel dengan estimasi langsung" in none.text


def test_a_change_inside_the_interval_is_not_coloured():
    """Point 11: a green arrow marked a fall the paragraph calls "masih dalam ketidakpastian";
    only a change the interval supports gets a colour and an arrow."""
    inside = pd.Series({"value": 0.041, "previous": 0.045, "lower": 0.036, "upper": 0.047, "change": -0.004})
    outside = inside.copy()
    outside["previous"] = 0.052
    assert change_uncertain(inside) and not change_uncertain(outside)
    observed = pd.Series({"value": 0.041, "previous": 0.045, "change": -0.004})
    assert not change_uncertain(observed)
    # Issue 22: last year's estimate had an error too; the change's interval holds both.
    both = outside.copy()
    both["lower_prev"], both["upper_prev"] = 0.044, 0.060
    assert change_uncertain(both)
    metric = summary_page.Metric("p0", "P0", "4,10 %", "-0,40 poin", "", "dari 2024", uncertain=True)
    assert metric.tone == "off"
    assert summary_page.Metric("p0", "P0", "4,10 %", "-0,40 poin", "", "dari 2024").tone == "inverse"


def test_p4gn_says_a_shared_source_once():
    """Point 7: the demo's long "CONTOH…" source was repeated in every row of the P4GN table."""
    from analytics.alternative_development import DEMO_STATUS_FILE, read_status_table
    from analytics.views.alternative_development_page import common_source

    status = read_status_table(DEMO_STATUS_FILE).table
    assert common_source(status) is not None and "CONTOH" in common_source(status).upper()


def _city_headline(welfare, bps_kind="bps", **values):
    from types import SimpleNamespace

    rows = {
        "p0": (0.0312, 0.0281, 0.0349, 0.0297),
        "p1": (0.0082, 0.0065, 0.0098, 0.0047),
        "p2": (0.00215, 0.0015, 0.0029, 0.0008),
    }
    rows.update(values)
    table = pd.DataFrame(
        [
            {"indicator": k, "value": v, "lower": lo, "upper": up, "bps": b, "bps_kind": bps_kind}
            for k, (v, lo, up, b) in rows.items()
        ]
    )
    return SimpleNamespace(table=table, year=2021, welfare=welfare)


def test_the_page_says_which_city_figure_to_quote_and_why_they_differ():
    """Point 3: the model's P1 0,82 against BPS 0,47 in 2021, and nothing told an official which
    one to quote."""
    from analytics.views.quote import quote_sentence

    text = quote_sentence(_city_headline("model"))
    assert text.startswith("Angka kota yang dikutip adalah angka BPS 2021: P0 2,97 %, P1 0,47, P2 0,080")
    assert "membagi angka kota ke kecamatan dan kelurahan" in text
    assert "P1 model 0,82 lawan BPS 0,47" in text and "P0 model" not in text
    assert "kutip angka BPS" in text
    agreeing = quote_sentence(
        _city_headline("model", p1=(0.005, 0.004, 0.006, 0.0047), p2=(0.001, 0.0007, 0.0012, 0.0008))
    )
    assert "bedanya hanya ketidakpastian" in agreeing
    assert "belum merilis" in quote_sentence(_city_headline("model", bps_kind="pemkot"))
    assert "register" in quote_sentence(_city_headline("observed"))
    only_p0 = _city_headline("model")
    only_p0.table.loc[only_p0.table["indicator"] != "p0", "bps"] = float("nan")
    assert "BPS 2021: P0 2,97 %. P1 dan P2 belum dirilis BPS" in quote_sentence(only_p0)


def test_tren_names_the_years_where_the_model_misses_bps():
    from analytics.views.quote import trend_quote

    chart = pd.DataFrame(
        {
            "year": [2020, 2021, 2022],
            "welfare": ["none", "model", "model"],
            **{f"{b}_p0": [None, v, v] for b, v in (("bps", 4.6), ("lower", 4.0), ("upper", 5.9))},
            "p0": [None, 4.96, 4.3],
            "p1": [None, 0.82, 0.68],
            "bps_p1": [0.7, 0.47, 0.37],
            "lower_p1": [None, 0.6, 0.49],
            "upper_p1": [None, 1.04, 0.86],
            "p2": [None, 0.215, 0.17],
            "bps_p2": [None, 0.08, None],
            "lower_p2": [None, 0.14, 0.11],
            "upper_p2": [None, 0.29, 0.23],
        }
    )
    text = trend_quote(chart)
    assert "Angka kota yang dikutip setiap tahun adalah angka BPS" in text
    assert "P1 2021 (model 0,82, BPS 0,47), P1 2022 (model 0,68, BPS 0,37), P2 2021 (model 0,215, BPS 0,080)" in text
    assert "P0 2021" not in text
    assert trend_quote(chart.assign(welfare="observed")) is None


def test_the_paragraph_qualifies_an_unsupported_p1_p2_change():
    """Point 11: the metrics are grey for a change inside the interval; the paragraph says so too."""
    from analytics.narrative import _depth_sentence

    row = {"value": 0.0061, "previous": 0.0053, "change": 0.0008, "lower": 0.0039, "upper": 0.0084}
    p1, p2 = pd.Series(row), pd.Series({k: v / 4 for k, v in row.items()})
    assert "P1 naik dan P2 naik (masih dalam ketidakpastian estimasi)" in _depth_sentence(p1, p2, 2023)
    p2["previous"] = 0.0005  # P2 rose by more than both years' errors could make
    p2["change"] = p2["value"] - p2["previous"]
    assert "(sebagian masih dalam ketidakpastian estimasi)" in _depth_sentence(p1, p2, 2023)
    # Last year's error counts too (issue 22): inside this year's interval or not, a change
    # within both years' errors is not a sure one.
    p2["lower_prev"], p2["upper_prev"] = 0.0, 0.0016
    assert "P1 naik dan P2 naik (masih dalam ketidakpastian estimasi)" in _depth_sentence(p1, p2, 2023)


def test_an_area_without_a_surveyed_household_is_marked_synthetic():
    """Issue 24: most desa of a kabupaten have no Susenas household; their estimate is synthetic
    and the ranking says so per area, and under the table why."""
    from analytics.views import tables

    frame = pd.DataFrame({"reliability_p2": ["caution", "unreliable", "reliable"], "n_sample": [12, 0, 3]})
    assert tables.reliability(frame, "p2").tolist() == ["hati-hati", "tidak andal · sintetis", "andal"]
    assert tables.has_synthetic(frame)
    sampled = frame.assign(n_sample=[12, 1, 3])
    assert not tables.has_synthetic(sampled) and "sintetis" not in " ".join(tables.reliability(sampled, "p2"))
    # A table without the survey counts (a year on observed welfare) is left as it is.
    assert tables.reliability(frame.drop(columns="n_sample"), "p2").tolist() == ["hati-hati", "tidak andal", "andal"]
