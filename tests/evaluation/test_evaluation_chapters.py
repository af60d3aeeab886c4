"""Chapters 2-6 of the yearly review against the functions their numbers come from, computed
again here by another path, on a model database (intervals) and an observed one (protection)."""

import numpy as np
import pandas as pd
import pytest

from analytics import disclosure, summary
from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.errors import DataError
from analytics.evaluation import build_evaluation
from analytics.evaluation.priorities import BOTH_SHARE, intervention, priority_frame
from analytics.evaluation.programmes import desil_relevance, programmes_chapter
from analytics.evaluation.quadrant import HIDDEN_QUADRANT, PRIORITY, QUADRANTS, UNCERTAIN, placed
from analytics.evaluation.registers import registers_chapter, side_by_side
from analytics.evaluation.targets import STATUS, progress, read_targets
from analytics.formats import to_tens
from analytics.paths import PROJECT_ROOT
from analytics.report.tables import coverage_program_table
from analytics.views.source import Source
from analytics.welfare.estimates import area_estimates
from analytics.welfare.ranks import desil_distribution

ANALIS, PIMPINAN = User("a", "analis"), User("p", "pimpinan")


@pytest.fixture(scope="module")
def model_source(model_con):
    return Source.of(model_con)


@pytest.fixture(scope="module")
def observed_source(demo_con):
    return Source.of(demo_con)


@pytest.mark.parametrize("year", [2024, 2025])
def test_quadrant_follows_the_city_split_and_the_intervals(model_con, model_source, year):
    shown, city = placed(model_source, year, "official", ANALIS)
    areas = area_estimates(model_con, year, by="kelurahan", line="official").set_index("kode")
    city_row = area_estimates(model_con, year, by="kota", line="official").iloc[0]
    for row in shown.itertuples():
        a = areas.loc[row.kode]
        straddles = any(a[f"lower_{m}"] <= city_row[m] <= a[f"upper_{m}"] for m in ("p0", "p2"))
        expected = UNCERTAIN if straddles else QUADRANTS[(a["p0"] > city_row["p0"], a["p2"] > city_row["p2"])]
        assert row.quadrant == expected, row.kode
    assert city["p0"] == pytest.approx(city_row["p0"])
    assert (shown["quadrant"] == PRIORITY).sum() + (shown["quadrant"] == UNCERTAIN).sum() >= 1


def test_quadrant_hides_what_the_protected_figures_hide(observed_source, demo_con):
    shown, _ = placed(observed_source, 2024, "extreme", PIMPINAN)
    cells = disclosure.protected_area_figures(demo_con, 2024, "extreme").set_index("kode")
    hidden = [k for k in shown["kode"] if is_marker(cells.loc[k, "p0"]) or is_marker(cells.loc[k, "p2"])]
    assert hidden, "the extreme line of the observed demo hides some kelurahan"
    assert set(shown.loc[shown["quadrant"] == HIDDEN_QUADRANT, "kode"]) == set(hidden)
    analis, _ = placed(observed_source, 2024, "extreme", ANALIS)
    assert not (analis["quadrant"] == HIDDEN_QUADRANT).any()


def _expected_status(value, previous, lower, upper, lower_prev, upper_prev, target, span, years_left, decimals):
    """The status rule written out again: the change's interval is the change ± both years'
    wider half-widths; a verdict is taken on the figures as printed."""
    value, target = round(value, decimals), round(target, decimals)
    if value <= target:
        return "unsure" if round(lower, decimals) <= target <= round(upper, decimals) else "reached_early"
    needed = (target - value) / years_left
    half = max(value - lower, upper - value) + max(previous - lower_prev, upper_prev - previous)
    low, high = (value - previous - half) / span, (value - previous + half) / span
    if low <= needed <= high:
        return "unsure"
    return "on_track" if round((value - previous) / span, decimals) <= round(needed, decimals) else "off_track"


def test_target_pace_and_status_recomputed(model_con, model_source, tmp_path):
    path = tmp_path / "target.csv"
    path.write_text(
        "indicator,year,target,kind,source\n"
        "p1,2027,0.05,rpjmd,uji\np1,2027,3.0,rpjmd,uji\np0,2027,1.0,rpjmd,uji\np2,2024,0.001,rkpd,uji\n"
    )
    rows = progress(model_source, 2025, ANALIS, read_targets(path))
    # P1 has no BPS figure for 2025: the model's, as Ringkasan shows it, with its interval.
    h = summary.headline(model_con, 2025, "official").table.set_index("indicator").loc["p1"] * 1
    p1 = {k: float(h[k]) * 100 for k in ("value", "previous", "lower", "upper", "lower_prev", "upper_prev")}
    span = 2025 - summary.previous_year(model_con, 2025)
    for i, target in ((0, 0.05), (1, 3.0)):
        assert rows.loc[i, "figure"] == "model"
        expected = _expected_status(*p1.values(), target, span, 2, 2)
        if round(p1["value"], 2) > target:  # not reached yet: the pace still needed
            assert rows.loc[i, "needed"] == pytest.approx((target - round(p1["value"], 2)) / 2)
        assert rows.loc[i, "status"] == STATUS[expected], (target, p1)
    assert {rows.loc[0, "status"], rows.loc[1, "status"]} != {STATUS["unsure"]}, "both unsure: the test shows little"
    # P0 has a published figure (2025: the city government's, marked): the target is measured by it.
    bps = pd.read_csv(PROJECT_ROOT / "data/reference/bps_poverty.csv")
    p0 = bps[bps["measure"] == "p0_pct"].set_index("year")["value"]
    assert rows.loc[2, "value"] == p0[2025] and rows.loc[2, "previous"] == p0[2024]
    assert rows.loc[2, "pace"] == pytest.approx(p0[2025] - p0[2024])
    assert rows.loc[2, "status"] == STATUS["off_track"]  # −0,53 a year against −1,1 needed
    # A target year already past is judged by that year's figure, not this year's.
    p2 = summary.headline(model_con, 2024, "official").table.set_index("indicator").loc["p2"]
    assert rows.loc[3, "measured"] == 2024 and rows.loc[3, "value"] == pytest.approx(p2["value"] * 100)
    inside = round(p2["lower"] * 100, 3) <= 0.001 <= round(p2["upper"] * 100, 3)
    assert rows.loc[3, "status"] == STATUS["unsure" if inside else "missed"]


def test_target_verdicts_on_the_printed_figures():
    from analytics.evaluation.targets import _verdict

    assert _verdict({"value": 3.004}, 3.0, 2025, 2025, 2)["status"] == STATUS["reached"]
    assert (
        _verdict({"value": 2.9, "previous": 2.5, "previous_year": 2024}, 3.0, 2027, 2025, 2)["status"]
        == (STATUS["reached_early"])
    )
    assert _verdict({"value": "x"}, 3.0, 2027, 2025, 2)["status"] == STATUS["hidden"]
    assert _verdict({"value": float("nan")}, 3.0, 2027, 2025, 2)["status"] == STATUS["none"]


def test_a_target_without_a_source_is_refused(tmp_path):
    path = tmp_path / "target.csv"
    path.write_text("indicator,year,target,kind,source\np0,2027,1.0,rpjmd,\np9,2027,1.0,rpjmd,uji\n")
    with pytest.raises(DataError) as caught:
        read_targets(path)
    text = caught.value.message
    assert "baris 2" in text and "sumber" in text and "p9" in text


def test_register_persons_add_up_and_match_the_desil_distribution(model_con, model_source):
    rows = side_by_side(model_source, 2024, "official", ANALIS)
    city, kelurahan = rows.iloc[0], rows.iloc[1:]
    for column in ("persons", "persons_desil_1_4", "persons_p3ke", "persons_dtks"):
        assert kelurahan[column].sum() == city[column]
    dist = desil_distribution(model_con, 2024)
    assert dist.loc[dist["desil"].between(1, 4), "persons"].sum() == city["persons_desil_1_4"]
    poor = area_estimates(model_con, 2024, by="kelurahan", line="official").set_index("kode")["poor"]
    assert [to_tens(poor[k]) for k in kelurahan["kode"]] == list(kelurahan["poor"])


def test_registers_a_protected_role_sees_the_city_only_and_no_silent_zero(model_source):
    chapter = registers_chapter(model_source, 2024, "official", PIMPINAN)
    assert list(chapter.tables[0].frame["Kode"]) == ["64.74"]
    assert "analis" in chapter.tables[0].note
    rows = side_by_side(model_source, 2024, "official", ANALIS)
    assert (rows["persons_desil_1_4"] > 0).all()
    for column in ("persons_p3ke", "persons_dtks"):  # a register the year lacks is missing, not 0
        assert not (rows[column] == 0).all()


def test_programmes_are_the_pack_numbers_with_relevance(model_con, model_source):
    chapter = programmes_chapter(model_source, 2024, "official", ANALIS)
    pack = coverage_program_table(model_con, 2024, "official", None).frame
    frame = chapter.tables[0].frame
    pd.testing.assert_frame_equal(frame[pack.columns], pack)
    from analytics.programs.coverage import coverage

    desil = coverage(model_con, 2024, by="kota", program="all", eligible="desil<=4")
    inside = desil["recipients"] - desil["recipients_not_eligible"]
    expected = (inside / desil["recipients"].where(desil["recipients"] > 0)).to_numpy() * 100
    assert np.allclose(frame["Penerima di desil 1–4 (%)"].astype(float), expected, equal_nan=True)
    relevance = desil_relevance(model_source, 2024, PIMPINAN)
    assert len(relevance) == len(frame)


def test_priorities_follow_the_pack_ranking_and_the_rule(model_con, model_source):
    frame = priority_frame(model_source, 2025, "official", ANALIS)
    p2 = area_estimates(model_con, 2025, by="kelurahan", line="official")
    assert list(frame["Kode"]) == list(p2.sort_values(["p2", "kode"], ascending=[False, True])["kode"])
    for row in frame.itertuples():
        e, a = row._8, row._9  # Keluarga diberdayakan, Keluarga dibantu
        kind = intervention(e, a)
        if min(e, a) / (e + a) >= BOTH_SHARE:
            assert kind.startswith("Pemberdayaan dan")
        else:
            assert kind.startswith("Pemberdayaan" if e > a else "Bantuan")


def test_a_year_without_welfare_gives_every_chapter_its_reason(model_source):
    review = build_evaluation(model_source, 2023, "official", ANALIS)
    assert [c.number for c in review.chapters] == [1, 2, 3, 4, 5, 6]
    assert review.chapters[0].tables  # BPS's series need no register figure
    for chapter in review.chapters[1:]:
        assert chapter.tables or chapter.sentences, chapter.title
    registers = review.chapters[3].tables[0].frame  # the registers still count without a money measure
    assert (registers["Penduduk desil 1–4 (jiwa)"] > 0).all() and registers["Penduduk miskin (jiwa)"].isna().all()
    refused = [c for c in review.chapters[1:] if not c.tables]
    with pytest.raises(DataError) as caught:
        area_estimates(model_source.cursor(), 2023, by="kelurahan", line="official")
    assert refused and all(c.sentences == [caught.value.message] for c in refused)
