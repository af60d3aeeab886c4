"""The stored model: exact JSON round trip, closed-form probabilities, expected poor, welfare draws."""

import importlib
import json

import numpy as np
import pandas as pd
import pytest

from analytics.errors import DataError, InputError
from analytics.sae.ebp import ebp, ebp_lines
from analytics.sae.population import build_population
from analytics.sae.probability import poverty_probability
from analytics.sae.stored import FORMAT, StoredModel
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + C(g) + center(x2)"
prediction_module = importlib.import_module("analytics.sae.prediction")


def grouped_city(seed: int, labels: str = "int"):
    """The synthetic city with a three-level category (a function of x1, so survey and population agree)."""
    survey, population, full = synthetic_city(seed)

    def add(frame):
        frame = frame.assign(g=np.where(frame["x1"] > 0.5, "dagang", np.where(frame["x1"] < -0.5, "tani", "jasa")))
        return frame.assign(area=frame["area"].map(lambda a: f"kel-{a:02d}")) if labels == "str" else frame

    return add(survey), add(population), add(full)


def fitted(seed=31, labels="int", **options):
    survey, population, _ = grouped_city(seed, labels)
    line = float(np.quantile(survey["welfare"], 0.3))
    run = ebp(survey, population, formula=FORMULA, area="area", line=line, L=5, B=0, seed=9, **options)
    return survey, population, line, run


def test_json_round_trip_is_exact():
    _, population, _, run = fitted(size="size")
    stored = run.to_stored()
    text = stored.to_json()
    back = StoredModel.from_json(text)
    assert back.to_json() == text
    data = json.loads(text)
    assert data["format"] == FORMAT and data["seed"] == 9 and data["metadata"]["size"] == "size"
    assert back.beta == dict(zip(run.design.columns, run.model.beta.tolist()))
    assert (back.sigma2_u, back.sigma2_e) == (run.model.sigma2_u, run.model.sigma2_e)
    assert back.transform == run.transform and back.formula == FORMULA and back.area == "area"
    pd.testing.assert_frame_equal(back.areas, run.model.areas[["area", "n", "gamma", "u"]], check_exact=True)
    # The encoding (levels of C(g), the survey mean that center(x2) subtracts) gives the same design matrix.
    assert data["design"]["encoder_state"]["C(g)"]["categories"] == ["dagang", "jasa", "tani"]
    np.testing.assert_array_equal(
        build_population(population, back.design, "area").X, build_population(population, run.design, "area").X
    )


@pytest.mark.parametrize(
    "options, labels",
    [
        ({"transform": "log"}, "int"),
        ({"transform": "boxcox"}, "str"),
        ({"transform": "log", "weight": "weight"}, "int"),
    ],
    ids=["log", "boxcox-text-codes", "weighted-log"],
)
def test_probability_equals_poverty_probability(options, labels):
    survey, population, line, run = fitted(labels=labels, **options)
    stored = StoredModel.from_json(run.to_stored().to_json())
    expected = poverty_probability(survey, population, formula=FORMULA, area="area", line=line, **options)
    pd.testing.assert_frame_equal(stored.probability(population, line), expected, check_exact=True)
    # A subset of the population (one kelurahan) gets the same probabilities.
    one = population[population["area"] == population["area"].iloc[-1]]
    pd.testing.assert_frame_equal(stored.probability(one, line), expected.loc[one.index], check_exact=True)


@pytest.mark.parametrize("size", [None, "size"])
def test_expected_poor_sums_to_the_exact_head_count(size):
    _, population, line, run = fitted(transform="boxcox", size=size)
    expected = run.to_stored().expected_poor(population, line, size=size)
    exact = run.exact(population)
    assert list(expected["area"]) == list(exact["area"])
    assert expected["units"].sum() == len(population)
    share = expected["poor_persons"] / expected["persons"] if size else expected["poor_units"] / expected["units"]
    np.testing.assert_allclose(share, exact["p0"], rtol=1e-12)
    if size is None:
        np.testing.assert_array_equal(expected["poor_units"], expected["poor_persons"])


def test_welfare_draws_are_reproducible_and_do_not_depend_on_blocks(monkeypatch):
    _, population, line, run = fitted(transform="log")
    stored = run.to_stored()
    draws = list(stored.welfare_draws(population, 12, seed=4))
    assert len(draws) == 12 and all(d.shape == (len(population),) for d in draws)
    assert all(np.all(np.isfinite(d)) and np.all(d > 0) for d in draws)
    np.testing.assert_array_equal(np.stack(draws), np.stack(list(stored.welfare_draws(population, 12, seed=4))))
    np.testing.assert_array_equal(np.stack(draws[:5]), np.stack(list(stored.welfare_draws(population, 5, seed=4))))
    assert not np.array_equal(draws[0], next(stored.welfare_draws(population, 1, seed=5)))
    default = np.stack(list(stored.welfare_draws(population, 3)))  # the stored seed
    np.testing.assert_array_equal(default, np.stack(list(stored.welfare_draws(population, 3, seed=9))))
    monkeypatch.setattr(prediction_module, "DRAWS_PER_CHUNK", 1_000)  # two draws per block
    np.testing.assert_array_equal(np.stack(draws), np.stack(list(stored.welfare_draws(population, 12, seed=4))))


def test_welfare_draws_follow_the_eb_distribution():
    # The city head count of each draw averages to the exact EB head count, within Monte Carlo error.
    _, population, line, run = fitted(transform="boxcox")
    exact = run.exact(population)
    units = population.groupby("area").size().to_numpy()
    city_exact = float(np.sum(exact["p0"] * units) / units.sum())
    p0 = np.array([np.mean(d < line) for d in run.to_stored().welfare_draws(population, 400, seed=1)])
    assert abs(p0.mean() - city_exact) < 4 * p0.std() / np.sqrt(len(p0))


def test_errors_are_indonesian_user_errors():
    survey, population, line, run = fitted()
    stored = run.to_stored()
    text = stored.to_json()
    with pytest.raises(DataError, match="bukan teks JSON"):
        StoredModel.from_json("{bukan json")
    with pytest.raises(DataError, match="bukan model EBP"):
        StoredModel.from_json(json.dumps({"format": "lain"}))
    broken = json.loads(text)
    del broken["beta"]
    with pytest.raises(DataError, match="kunci 'beta'"):
        StoredModel.from_json(json.dumps(broken))
    broken = json.loads(text)
    broken["transform"]["kind"] = "sqrt"
    with pytest.raises(DataError, match="transformasi model tersimpan"):
        StoredModel.from_json(json.dumps(broken))
    with pytest.raises(DataError, match="bertipe teks"):
        stored.probability(population.assign(area=population["area"].astype(str)), line)
    with pytest.raises(DataError, match="'x1'"):
        stored.probability(population.drop(columns="x1"), line)
    with pytest.raises(DataError, match="kategori"):
        stored.probability(population.assign(g="nelayan"), line)
    with pytest.raises(InputError, match="garis kemiskinan"):
        stored.expected_poor(population, -5.0)
    with pytest.raises(InputError, match="L harus"):
        stored.welfare_draws(population, 0)
    with pytest.raises(InputError, match="extra"):
        stored.simulate_transfer(population, {"bps": line}, np.zeros(3))
    with pytest.raises(InputError, match="extra"):
        stored.simulate_transfer(population, {"bps": line}, np.full(len(population), np.nan))
    with pytest.raises(InputError, match="lines harus"):
        stored.simulate_transfer(population, line, 0.0)


def test_every_line_of_a_run_gives_the_same_stored_model():
    survey, population, _ = grouped_city(32)
    lines = {"bps": float(np.quantile(survey["welfare"], 0.3)), "ekstrem": float(np.quantile(survey["welfare"], 0.1))}
    runs = ebp_lines(survey, population, formula=FORMULA, area="area", lines=lines, L=5, B=0, seed=3)
    texts = {name: run.to_stored().to_json() for name, run in runs.items()}
    assert texts["bps"] == texts["ekstrem"]
    assert StoredModel.from_json(texts["bps"]).metadata["lines"] == lines


@pytest.mark.parametrize("formula", ["welfare ~ poly(x1, 2) + C(g, contr.sum) + scale(x2)", "welfare ~ x1:C(g)"])
def test_stateful_transforms_and_contrasts_survive_json(formula):
    # poly() keeps its state in dicts keyed by degree (integers), which plain JSON would turn into text.
    survey, population, _ = grouped_city(33)
    line = float(np.quantile(survey["welfare"], 0.3))
    run = ebp(survey, population, formula=formula, area="area", line=line, transform="log", L=2, B=0)
    stored = StoredModel.from_json(run.to_stored().to_json())
    expected = poverty_probability(survey, population, formula=formula, area="area", line=line, transform="log")
    pd.testing.assert_frame_equal(stored.probability(population, line), expected, check_exact=True)
