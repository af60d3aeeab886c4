"""Each family's probability of being poor, and its expected gaps, under a stored model.

Closed form on the transformed scale (:meth:`analytics.sae.stored.StoredModel.unit_expectations`):
the probability ``Phi((T(z) - mu) / s)`` and the expectations of the gap and its square.
Their sums over an area's families are the exact EB expected poor and P1, P2 numerators.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from analytics.errors import DataError
from analytics.model.covariates import frame_households
from analytics.poverty.lines import LINE_KINDS, resolve_line
from analytics.sae.stored import StoredModel

__all__ = ["expectation_rows", "family_probabilities"]

AREA = "kode_kelurahan"


def expectation_rows(stored: StoredModel, frame: pd.DataFrame, run_id: str, year: int, lines: dict) -> pd.DataFrame:
    """sae_family rows: one per family and line."""
    parts = []
    for kind, amount in lines.items():
        values = stored.unit_expectations(frame, amount)
        parts.append(
            pd.DataFrame(
                {
                    "run_id": run_id,
                    "year": year,
                    "family_id": frame["unit_id"].to_numpy(),
                    "line": kind,
                    "probability": values["p0"].to_numpy(),
                    "expected_gap": values["p1"].to_numpy(),
                    "expected_gap_squared": values["p2"].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def family_probabilities(
    con: duckdb.DuckDBPyConnection, run_id: str, year: int, model_json: str, parameters_json: str
) -> pd.DataFrame:
    """sae_family rows of a stored run for the frame now in the database (after a re-import);
    a missing covariate takes the run's own fill (the survey's weighted mean)."""
    stored = StoredModel.from_json(model_json)
    fill = pd.Series(json.loads(parameters_json).get("fill", {}), dtype=float)
    frame = frame_households(con, year, fill).data
    lines = {}
    for kind in LINE_KINDS:
        try:
            lines[kind] = resolve_line(con, year, kind).amount
        except DataError:
            continue
    return expectation_rows(stored, frame, run_id, year, lines)
