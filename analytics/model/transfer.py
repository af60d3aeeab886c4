"""The transfer simulator under a model run: on the Monte Carlo draws, with intervals.

Without observed expenditure the simulator cannot add a transfer to a known welfare. It
draws the welfare of every family ``L`` times from the published model (the EB conditional
distribution), adds ``amount / size`` to the families reached, and reports the city's P0, P1,
P2 before and after on the same draws (:meth:`analytics.sae.stored.StoredModel.simulate_transfer`),
with 90 % intervals. Families are reached most probably poor first. A run that counted the
Dinas Sosial's extreme-poverty recap has those persons in its city figures here too
(:func:`with_counted`), unmoved by the transfer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import sql
from analytics.model import published
from analytics.model.covariates import frame_households
from analytics.poverty.lines import PovertyLine
from analytics.sae.counted import CountedPoor, counted_values
from analytics.sae.indicators import INDICATORS
from analytics.sae.stored import StoredModel
from analytics.welfare.estimates import model_line

__all__ = ["MODEL_DRAWS", "model_transfer", "with_counted"]

#: Monte Carlo draws of a simulation (the published run's L is about the same).
MODEL_DRAWS = 100


def model_transfer(
    con,
    run_id: str,
    year: int,
    line: PovertyLine,
    amount: float,
    n: int,
    rule_kind: str,
    max_desil: int,
    poor_only: bool,
    min_probability: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(table, reached, counted)``: the measures before/after/change with their interval bounds
    (``*_lower``, ``*_upper``), the families reached (family_id, size), and the persons of the
    run's extreme-poverty recap held at the extreme line (:func:`with_counted`; 0 without one)."""
    kind = model_line(con, year, line)
    params = {
        "run_id": run_id,
        "line_kind": kind,
        "rule": rule_kind,
        "max_desil": max_desil,
        "poor_only": poor_only,
        "min_probability": min_probability,
        "n": n,
    }
    reached = sql.frame(con, "model/transfer_candidates", params)
    run = published.run_row(con, run_id)
    stored = StoredModel.from_json(run["model"])
    fill = pd.Series(run["parameters"].get("fill", {}), dtype=float)
    frame = frame_households(con, year, fill).data
    per_capita = (amount / reached.set_index("family_id")["size"]).reindex(frame["unit_id"]).fillna(0.0)
    result = stored.simulate_transfer(
        frame, {kind: line.amount}, per_capita.to_numpy(dtype=np.float64), L=MODEL_DRAWS, size="size"
    )
    table = result.table.rename(columns={"indicator": "measure"}).drop(columns=["line", "z"])
    counted = CountedPoor.of_run(run["parameters"])
    persons = 0 if counted is None else sum(counted.persons.values())
    return with_counted(table.reset_index(drop=True), run["parameters"], frame, line.amount), reached, persons


def with_counted(table: pd.DataFrame, parameters: dict, frame: pd.DataFrame, line: float) -> pd.DataFrame:
    """The city figures with the run's counted persons (the extreme-poverty recap) in, as the
    published estimates have them: each counted at the extreme line before and after (the
    recap names no family, so no transfer reaches them in the simulation), the modelled rest
    weighted by its city-wide share of persons (the kelurahan's shares differ by a few persons in a
    thousand, so this is the published blend to within that)."""
    counted = CountedPoor.of_run(parameters)
    if counted is None:
        return table
    share = sum(counted.persons.values()) / float(frame["size"].sum())
    values = dict(zip(INDICATORS, counted_values(counted.below, [line])[0], strict=True))
    level = table["measure"].map(values).to_numpy()
    out = table.copy()
    for column in [c for c in table.columns if c.startswith(("before", "after"))]:
        out[column] = share * level + (1.0 - share) * table[column]
    for column in [c for c in table.columns if c.startswith("change")]:
        out[column] = (1.0 - share) * table[column]
    return out
