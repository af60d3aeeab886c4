"""What an analyst checks before trusting a run, as plain JSON stored with it.

Coefficients with standard errors (labelled with the covariates' Indonesian names), R²
marginal and conditional, ICC, λ, residual skewness and kurtosis of both levels with their
Q-Q points, Cook's distance of each kelurahan, the model beside the direct (Hájek)
estimates of the sampled kelurahan with their CVs (:mod:`analytics.sae.diagnostics`), and the
survey households whose removal would move the totals (:mod:`analytics.sae.influence`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.model.covariates import COVARIATES
from analytics.sae.design import build_design
from analytics.sae.diagnostics import compare_with_direct, cooks_distance, diagnose
from analytics.sae.direct import direct
from analytics.sae.influence import influence

__all__ = ["QQ_POINTS", "run_diagnostics"]

#: Q-Q points kept per level: enough for the plot, small enough to store with every run.
QQ_POINTS = 300
AREA = "kode_kelurahan"


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in r.items()}
        for r in frame.to_dict("records")
    ]


def _thin(qq: pd.DataFrame) -> pd.DataFrame:
    if len(qq) <= QQ_POINTS:
        return qq
    return qq.iloc[np.unique(np.linspace(0, len(qq) - 1, QQ_POINTS).round().astype(int))]


def _coefficients(diag) -> list[dict]:
    table = diag.coefficients.reset_index(drop=True)
    table["label"] = [COVARIATES.get(t, ("Konstanta" if t == "Intercept" else t,))[0] for t in table["term"]]
    return _records(table)


def _direct_comparison(result, survey: pd.DataFrame, lines_results: dict) -> list[dict]:
    rows = []
    for line, res in lines_results.items():
        d = direct(
            survey, welfare="expenditure_pc", area=AREA, line=res.line, weight="weight", size="size", cluster="cluster"
        )
        for indicator in ("p0", "p1", "p2"):
            joined = compare_with_direct(res.table, d.table, indicator)
            joined.insert(0, "indicator", indicator)
            joined.insert(0, "line", line)
            rows.extend(_records(joined))
    return rows


def _influence(result, survey: pd.DataFrame, frame: pd.DataFrame, lines_results: dict) -> list[dict]:
    lines = {name: res.line for name, res in lines_results.items()}
    table = influence(result, survey, frame, lines)
    if "unit_id" in survey:  # the survey file and row, for the analyst to look the household up
        table.insert(1, "unit_id", survey["unit_id"].to_numpy()[table["row"].to_numpy()])
    return _records(table)


def run_diagnostics(
    result, survey: pd.DataFrame, frame: pd.DataFrame, lines_results: dict, direct_survey: pd.DataFrame | None = None
) -> dict:
    """The diagnostics of a run (``result``: the first line's EbpResult; the model is shared).

    ``survey`` is what the model was fitted on; ``direct_survey`` (default: the same) is what
    the direct estimates use, every surveyed household even when the analyst set some aside."""
    diag = diagnose(result.model, result.transform)
    _, X, y = build_design(result.design.formula, survey)
    cooks = cooks_distance(result.model, X, result.transform.forward(y), survey[AREA].to_numpy())
    return {
        "summary": {k: (float(v) if isinstance(v, np.floating) else v) for k, v in diag.summary.items()},
        "coefficients": _coefficients(diag),
        "residuals": _records(diag.residuals.reset_index()),
        "qq_unit": _records(_thin(diag.qq_unit)),
        "qq_area": _records(_thin(diag.qq_area)),
        "cooks": _records(cooks),
        "direct": _direct_comparison(result, survey if direct_survey is None else direct_survey, lines_results),
        "influence": _influence(result, survey, frame, lines_results),
        "sampled_areas": int((result.table["n_sample"] > 0).sum()),
        "areas": int(len(result.table)),
    }
