"""Transformations: round trips, emdi's automatic shift, and the Jacobian inside the lambda search."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.errors import DataError, InputError
from analytics.sae.design import build_design
from analytics.sae.io import read_table
from analytics.sae.nested_error import area_stats
from analytics.sae.transforms import Transform, _std_boxcox, choose_transform, reml_of


@settings(max_examples=40, deadline=None)
@given(lam=st.floats(-1.0, 2.0), shift=st.floats(0.0, 50.0), seed=st.integers(0, 1000))
def test_forward_inverse_round_trip(lam, shift, seed):
    y = np.random.default_rng(seed).lognormal(3, 1, 50)
    for transform in (Transform("boxcox", lam=lam, shift=shift), Transform("log", shift=shift), Transform("none")):
        np.testing.assert_allclose(transform.inverse(transform.forward(y)), y, rtol=1e-8)


def test_boxcox_shift_as_emdi():
    # emdi box_cox(): shift = |min(y)| + 1 when min(y) <= 0, else 0
    data = pd.DataFrame({"a": np.repeat([1, 2, 3, 4], 10), "x": np.arange(40.0)})
    data["y"] = np.linspace(-5, 30, 40) + np.random.default_rng(1).normal(0, 1, 40)
    design, X, y = build_design("y ~ x", data)
    transform = choose_transform("boxcox", y, X, area_stats(X, y, data["a"]))
    assert transform.shift == pytest.approx(abs(y.min()) + 1)
    assert np.all(np.isfinite(transform.forward(y)))


def test_standardised_likelihood_is_the_likelihood_plus_the_jacobian():
    # REML of z = T(y) / gm^(lambda - 1) equals REML of T(y) plus (n - p) / n times the Jacobian
    # sum(log |dT/dy|) = (lambda - 1) sum(log y): the geometric-mean device that emdi uses.
    rng = np.random.default_rng(2)
    area = np.repeat(np.arange(15), 8)
    x = rng.normal(size=120)
    y = np.exp(2 + 0.3 * x + rng.normal(0, 0.3, 15)[area] + rng.normal(0, 0.5, 120))
    X = np.column_stack([np.ones(120), x])
    stats = area_stats(X, y, area)
    for lam in (-0.5, 0.3, 1.4):
        transform = Transform("boxcox", lam=lam)
        plain = reml_of(transform.forward(y), X, stats)
        standardised = reml_of(_std_boxcox(y, lam), X, stats)
        assert standardised == pytest.approx(plain + (120 - 2) / 120 * transform.log_jacobian(y), abs=1e-8)


def test_log_needs_positive_welfare_and_shift_only_with_log():
    data = pd.DataFrame({"a": np.repeat([1, 2], 5), "y": np.arange(-1.0, 9.0), "x": np.arange(10.0)})
    design, X, y = build_design("y ~ x", data)
    stats = area_stats(X, y, data["a"])
    with pytest.raises(DataError, match="<= 0"):
        choose_transform("log", y, X, stats)
    assert choose_transform("log", y, X, stats, shift=2.0).shift == 2.0
    with pytest.raises(InputError, match="--shift"):
        choose_transform("boxcox", y, X, stats, shift=2.0)
    with pytest.raises(InputError, match="transformasi"):
        choose_transform("sqrt", y, X, stats)


def test_read_table_formats(tmp_path):
    frame = pd.DataFrame({"area": ["a", "b"], "y": [1.5, 2.5]})
    frame.to_csv(tmp_path / "f.csv.gz", index=False)
    frame.to_csv(tmp_path / "semi.csv", index=False, sep=";")
    frame.to_parquet(tmp_path / "f.parquet")
    frame.to_excel(tmp_path / "f.xlsx", index=False, engine="xlsxwriter")
    for name in ("f.csv.gz", "semi.csv", "f.parquet", "f.xlsx"):
        pd.testing.assert_frame_equal(read_table(tmp_path / name), frame, check_dtype=False)
    with pytest.raises(DataError, match="tidak didukung"):
        (tmp_path / "f.txt").write_text("x")
        read_table(tmp_path / "f.txt")
