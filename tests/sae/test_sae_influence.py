"""The influence check: refits without single survey households, against independent runs."""

import numpy as np
import pandas as pd
import pytest

from analytics.sae.ebp import ebp_lines
from analytics.sae.influence import CANDIDATES, influence, set_aside
from analytics.views.sae_influence import influence_view
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"


@pytest.fixture(scope="module")
def city():
    survey, population, truth = synthetic_city(7, n_areas=12, households=200, sampled=30)
    lines = {
        "official": float(np.quantile(truth["welfare"], 0.05)),
        "extreme": float(np.quantile(truth["welfare"], 0.01)),
    }
    return survey, population, lines


def _fit(survey, population, lines, weight=None):
    return ebp_lines(
        survey, population, formula=FORMULA, area="area", lines=lines, size="size", weight=weight, L=2, B=0
    )["official"]


def _planted(survey: pd.DataFrame, row: int, factor: float) -> pd.DataFrame:
    """The survey with one household's welfare multiplied by ``factor`` (a far-off value)."""
    out = survey.copy()
    out.loc[row, "welfare"] = out.loc[row, "welfare"] * factor
    return out


def _city(result, population) -> dict:
    """The exact-EB total over persons of an independent run (EbpResult.exact)."""
    exact = result.exact(population).set_index("area")
    persons = result.table.set_index("area")["persons"].reindex(exact.index)
    return {name: float(np.average(exact[name], weights=persons)) for name in ("p0", "p1", "p2")}


def test_a_clean_survey_has_no_influential_household(city):
    survey, population, lines = city
    checked = influence(_fit(survey, population, lines), survey, population, lines)
    assert len(checked) == CANDIDATES
    assert not checked["influential"].any()


def test_a_household_far_below_the_rest_is_found_and_its_refit_matches_an_independent_run(city):
    survey, population, lines = city
    planted = _planted(survey, 40, 0.004)
    result = _fit(planted, population, lines)
    checked = influence(result, planted, population, lines)
    top = checked.iloc[0]
    assert top["row"] == 40 and bool(top["influential"])
    assert checked["influential"].sum() == 1
    # "with": the run's own exact EB; "without": a separate run on the survey less that row
    with_ = _city(result, population)
    alone = _fit(planted.drop(index=40).reset_index(drop=True), population, lines)
    without = _city(alone, population)
    for name in ("p0", "p1", "p2"):
        assert top[f"official_{name}_with"] == pytest.approx(with_[name], rel=1e-6)
        assert top[f"official_{name}_without"] == pytest.approx(without[name], rel=1e-6)
    assert top["lambda_with"] == pytest.approx(result.transform.lam)
    assert top["lambda_without"] == pytest.approx(alone.transform.lam)
    assert top["welfare_share"] == pytest.approx(planted.loc[40, "welfare"] / lines["official"])
    # the outlier pulled the total up: the normal model spread its tail to reach it
    assert top["official_p0_with"] > top["official_p0_without"] * 1.1


@pytest.mark.parametrize("weighted", [False, True])
def test_every_refit_matches_an_independent_run_and_keeps_the_identities(city, weighted):
    survey, population, lines = city
    planted = _planted(survey, 5, 0.01)
    weight = "weight" if weighted else None
    checked = influence(_fit(planted, population, lines, weight), planted, population, lines)
    top = checked.set_index("row").loc[5]
    alone = _fit(planted.drop(index=5).reset_index(drop=True), population, lines, weight)
    assert top["official_p0_without"] == pytest.approx(_city(alone, population)["p0"], rel=1e-6)
    assert top["lambda_without"] == pytest.approx(alone.transform.lam)
    for name in lines:
        for side in ("with", "without"):
            p0, p1, p2 = (checked[f"{name}_{k}_{side}"] for k in ("p0", "p1", "p2"))
            assert ((p2 <= p1 + 1e-12) & (p1 <= p0 + 1e-12) & (p2 >= 0)).all()
    assert (checked["official_p0_with"] > checked["extreme_p0_with"]).all()


def test_the_page_names_the_household_and_both_figures(city):
    survey, population, lines = city
    planted = _planted(survey, 40, 0.004).assign(unit_id=[f"2024/susenas.csv:{i + 2}" for i in range(len(survey))])
    checked = influence(_fit(planted, population, lines), planted, population, lines)
    checked.insert(1, "unit_id", planted["unit_id"].to_numpy()[checked["row"].to_numpy()])
    names = {planted.loc[40, "area"]: "Kelurahan Contoh"}
    table, warnings, note = influence_view({"influence": checked.to_dict("records")}, names)
    assert len(table) == CANDIDATES and table["Berpengaruh"].tolist().count("ya") == 1
    assert len(warnings) == 1
    row = checked.iloc[0]
    assert "2024/susenas.csv:42" in warnings[0] and "Kelurahan Contoh" in warnings[0]
    assert table.loc[table["Berpengaruh"] == "ya", "Kelurahan"].tolist() == ["Kelurahan Contoh"]
    for value in (row["official_p0_with"], row["official_p0_without"]):
        assert f"{value * 100:.2f}".replace(".", ",") in warnings[0]
    assert f"{row['official_p0_with'] * 100:.2f}".replace(".", ",") in note


def test_a_run_stored_before_the_check_shows_nothing():
    table, warnings, note = influence_view({"cooks": []}, {})
    assert table.empty and warnings == [] and note == ""


def test_a_household_hidden_behind_the_first_is_found_in_the_next_round(city):
    survey, population, lines = city
    planted = _planted(_planted(survey, 40, 0.0005), 200, 0.05)  # one far off, one less so elsewhere
    options = {"formula": FORMULA, "area": "area", "size": "size"}
    first_round = influence(_fit(planted, population, lines), planted, population, lines)
    assert first_round.loc[first_round["influential"], "row"].tolist() == [40]
    aside = set_aside(planted, population, lines, **options)
    assert aside.rows == [40, 200]  # row 200 only once row 40 is gone: positions map back to the survey
    assert not aside.checked["influential"].any()
    alone = _fit(planted.drop(index=[40, 200]).reset_index(drop=True), population, lines)
    assert aside.checked["official_p0_with"].iloc[0] == pytest.approx(_city(alone, population)["p0"], rel=1e-6)


def test_a_household_the_model_cannot_be_fitted_without_is_marked_not_failed(monkeypatch):
    survey, population, truth = synthetic_city(3, n_areas=6, households=100, sampled=12)
    lines = {"official": float(np.quantile(truth["welfare"], 0.1))}
    # A household alone with a covariate value fits it exactly (residual 0), so it is never among
    # the largest residuals; refit every household to reach it.
    monkeypatch.setattr("analytics.sae.influence.CANDIDATES", len(survey))
    planted = _planted(survey, 40, 0.004)
    planted["rare"] = 0.0
    planted.loc[40, "rare"] = 1.0  # only this household has it: without it the column is all zero
    frame = population.assign(rare=0.0)
    result = ebp_lines(planted, frame, formula=FORMULA + " + rare", area="area", lines=lines, size="size", L=2, B=0)[
        "official"
    ]
    checked = influence(result, planted, frame, lines).set_index("row")
    assert not checked.loc[40, "refitted"] and not checked.loc[40, "influential"]
    assert np.isnan(checked.loc[40, "official_p0_without"])
    assert checked.drop(index=40)["refitted"].all()
    table, _, _ = influence_view({"influence": checked.reset_index().to_dict("records")}, {})
    assert table["Berpengaruh"].str.startswith("tak dapat diuji").sum() == 1


def test_a_clean_survey_loses_nothing(city):
    survey, population, lines = city
    aside = set_aside(survey, population, lines, formula=FORMULA, area="area", size="size")
    assert aside.rows == []


def test_an_influential_or_set_aside_household_turns_a_clean_verdict_into_a_caveat():
    from analytics.views.sae_verdict import verdict

    reliable = pd.Series(["reliable"] * 15)
    assert verdict(reliable, pd.DataFrame([]), benchmarked=False).level == "publish"
    flagged = verdict(reliable, pd.DataFrame([]), benchmarked=False, influential=2)
    assert flagged.level == "caveat" and any("2 rumah tangga survei yang masing-masing" in r for r in flagged.reasons)
    aside = verdict(reliable, pd.DataFrame([]), benchmarked=False, set_aside=1)
    assert aside.level == "caveat" and any("disisihkan" in r for r in aside.reasons)
