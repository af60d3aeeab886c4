"""Selection with area-level covariates that are exact combinations of one another."""

import numpy as np
import pandas as pd

from analytics.model.contextual import add_contextual, area_shares
from analytics.sae.selection import select_covariates


def test_selection_screens_exactly_collinear_area_shares_before_choosing_the_transform():
    # Three "kecamatan" of five areas: any two kecamatan-level shares and the intercept span
    # every third one, so the full design is singular. The screen removes what it must and
    # the search runs.
    rng = np.random.default_rng(3)
    area = np.repeat(np.arange(15), 40)
    group = area // 5
    x = rng.normal(size=len(area))
    u = rng.normal(0, 0.3, 15)
    frame = pd.DataFrame(
        {"area": area, "x": x, "welfare": np.exp(12 + 0.4 * x + u[area] + rng.normal(0, 0.5, len(area)))}
    )
    for k in range(4):
        frame[f"g{k}"] = rng.uniform(size=3)[group]
    result = select_covariates(frame, formula="welfare ~ x + g0 + g1 + g2 + g3", area="area")
    assert len(result.collinear) >= 2
    assert set(result.collinear["term"]) <= {"g0", "g1", "g2", "g3"}
    assert "x" in result.formula


def test_contextual_shares_follow_each_rows_area_and_are_missing_for_an_area_the_frame_lacks():
    frame = pd.DataFrame(
        {
            "kode_kelurahan": ["a", "a", "b", "c"],
            "kode_kecamatan": ["k1", "k1", "k1", "k2"],
            "no_worker": [1.0, 0.0, 1.0, 0.0],
            "floor_earth_or_wood": [0.0, 0.0, 1.0, np.nan],
            "water_unprotected": [0.0, 1.0, 0.0, 0.0],
            "head_primary_or_less": [1.0, 1.0, 1.0, 0.0],
        }
    )
    survey = pd.DataFrame({"kode_kelurahan": ["a", "b", "z"], "kode_kecamatan": ["k1", "k1", "k9"]})
    out = add_contextual(survey, area_shares(frame))
    assert out["kel_no_worker"].tolist()[:2] == [0.5, 1.0]
    assert out["kec_no_worker"].tolist()[:2] == [2 / 3, 2 / 3]
    # c's missing floor is left out of k2's mean, not read as 0; z and k9 are not in the frame.
    assert np.isnan(
        add_contextual(pd.DataFrame({"kode_kelurahan": ["c"], "kode_kecamatan": ["k2"]}), area_shares(frame))[
            "kec_floor_earth_or_wood"
        ]
    ).all()
    assert out.iloc[2][["kel_no_worker", "kec_no_worker"]].isna().all()
