"""One fit of the unit-level model: choose the transformation, then fit the nested-error model.

Shared by the EBP point estimate and by every bootstrap replicate, which re-estimates the
transformation parameter as emdi's ``mse_estim`` does (``point_estim`` on the bootstrap
sample), so the MSE includes the uncertainty of lambda.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.errors import InputError
from analytics.sae.nested_error import AreaStats, NestedErrorFit, fit_nested_error
from analytics.sae.survey_weights import WEIGHTED_TRANSFORMS
from analytics.sae.transforms import KINDS, Transform, choose_transform

__all__ = ["ModelSettings", "fit_unit_model"]


@dataclass(frozen=True)
class ModelSettings:
    """What defines the model apart from the data."""

    transform: str = "boxcox"
    shift: float | None = None
    lambda_interval: tuple[float, float] | None = None
    method: str = "reml"
    columns: tuple[str, ...] = ()

    def check(self, weighted: bool) -> None:
        """Reject combinations the method does not support (Indonesian messages)."""
        if self.transform not in KINDS:
            raise InputError(f"transformasi harus salah satu dari {', '.join(KINDS)}, bukan {self.transform!r}")
        if weighted and self.transform not in WEIGHTED_TRANSFORMS:
            raise InputError(
                "bobot survei (EBP Guadarrama) hanya dapat dipakai dengan transformasi boxcox, log atau none, "
                f"bukan {self.transform!r}"
            )


def fit_unit_model(
    X: np.ndarray,
    y: np.ndarray,
    stats: AreaStats,
    settings: ModelSettings,
    *,
    weights: np.ndarray | None = None,
) -> tuple[Transform, NestedErrorFit]:
    """Transformation (parameter searched if data-driven) and nested-error fit of ``T(y)``."""
    transform = choose_transform(
        settings.transform, y, X, stats, shift=settings.shift, interval=settings.lambda_interval
    )
    t = transform.forward(y)
    fit = fit_nested_error(
        X,
        t,
        None,
        columns=settings.columns or None,
        method=settings.method,
        weights=weights,
        stats=stats.with_response(X, t),
    )
    return transform, fit
