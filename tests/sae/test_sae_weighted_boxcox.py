"""Box-Cox under survey weights: lambda and the variance components from the unweighted REML,
beta and the area effects by the Guadarrama pseudo-EB (see analytics.sae.survey_weights)."""

import numpy as np
import pandas as pd
import pytest

from analytics.sae.ebp import ebp
from analytics.sae.simulation import true_values
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"


def _ebp(survey, population, line, **options):
    kwargs = {"formula": FORMULA, "area": "area", "line": line, "size": "size", "L": 30, "B": 10, "seed": 4}
    return ebp(survey, population, **(kwargs | options))


def test_equal_weights_give_the_unweighted_box_cox_run():
    survey, population, _ = synthetic_city(12)
    line = float(np.quantile(survey["welfare"], 0.3))
    plain = _ebp(survey, population, line)
    survey["equal"] = 42.0
    weighted = _ebp(survey, population, line, weight="equal")
    assert weighted.transform.lam == plain.transform.lam
    point = ["n_sample", "n_population", "persons", "p0", "p1", "p2", "watts", "mean", "mc_se_p0", "mc_se_p2"]
    pd.testing.assert_frame_equal(weighted.table[point], plain.table[point], rtol=1e-9, atol=1e-12)
    # The replicates' samples differ from the plain run's by rounding (beta of the pseudo-EB
    # equals REML's to ~1e-12), and lambda's search stops within its tolerance: MSE to 1e-4.
    precision = [f"mse_{name}" for name in ("p0", "p1", "p2")]
    pd.testing.assert_frame_equal(weighted.table[precision], plain.table[precision], rtol=1e-4)
    assert weighted.model.weights != plain.model.weights  # the weighted variant did run


def test_lambda_is_the_unweighted_one_and_the_weights_move_beta():
    survey, population, _ = synthetic_city(13)
    line = float(np.quantile(survey["welfare"], 0.3))
    plain = _ebp(survey, population, line, B=0)
    weighted = _ebp(survey, population, line, weight="weight", B=0)
    assert weighted.transform.lam == plain.transform.lam
    assert not np.allclose(weighted.model.beta, plain.model.beta)


def _informative_city(seed: int):
    """30 areas of 400 households; within an area the better-off are sampled more often
    (inclusion probability grows with the unit error), so the sample looks richer."""
    rng = np.random.default_rng(seed)
    area = np.repeat(np.arange(30), 400)
    x1 = rng.normal(size=len(area))
    x2 = rng.binomial(1, 0.4, len(area)).astype(float)
    e = rng.normal(0, 0.5, len(area))
    welfare = np.exp(13.0 + 0.3 * x1 - 0.2 * x2 + rng.normal(0, 0.25, 30)[area] + e)
    frame = pd.DataFrame({"area": area, "size": rng.integers(1, 7, len(area)), "x1": x1, "x2": x2})
    return frame.assign(welfare=welfare, pull=np.exp(1.2 * e))


def _sample(frame: pd.DataFrame, rng, per_area: int = 20) -> pd.DataFrame:
    parts = []
    for _, units in frame.groupby("area"):
        p = units["pull"].to_numpy() / units["pull"].sum()
        chosen = rng.choice(len(units), per_area, replace=False, p=p)
        part = units.iloc[chosen].copy()
        part["weight"] = 1.0 / np.minimum(per_area * p[chosen], 1.0)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def test_weights_remove_most_of_the_bias_of_an_informative_sample():
    frame = _informative_city(7)
    line = float(np.quantile(frame["welfare"], 0.25))
    truth = true_values(frame, area="area", welfare="welfare", line=line, size="size").set_index("area")["p0"]
    population = frame.drop(columns=["welfare", "pull"])
    rng = np.random.default_rng(8)
    errors = {"plain": [], "weighted": []}
    for r in range(8):
        sample = _sample(frame, rng)
        for name, weight in (("plain", None), ("weighted", "weight")):
            table = _ebp(sample, population, line, weight=weight, B=0, L=20, seed=r).table.set_index("area")
            errors[name].append((table["p0"] - truth).mean())
    plain, weighted = np.mean(errors["plain"]), np.mean(errors["weighted"])
    assert plain < -0.05  # the richer sample hides poverty (measured about -0,13 of a true 0,25)
    assert abs(weighted) < 0.3 * abs(plain), (plain, weighted)


@pytest.mark.parametrize("transform", ["log-shift"])
def test_a_data_driven_shift_with_weights_is_refused(transform):
    survey, population, _ = synthetic_city(14)
    with pytest.raises(Exception, match="boxcox, log atau none"):
        _ebp(survey, population, 1e5, weight="weight", transform=transform, B=0)
