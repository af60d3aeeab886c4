"""Simulated monthly cash transfer: P0, P1, P2 before and after, and its cost.

A transfer of ``amount_per_family_month`` rupiah to a family of ``size`` persons raises
its monthly per-capita expenditure by ``amount / size`` (the whole transfer is assumed to
be spent by the family: a first-order, static simulation with no behavioural response,
as in the usual "perfect targeting" exercises). Families are chosen poorest first
(lowest per-capita expenditure) among the candidates of the rule.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import PovertyLine, check_year, resolve_line
from analytics.programs._area import parse_desil_rule
from analytics.welfare.source import welfare_source

__all__ = ["RULES", "SIMULATION_COLUMNS", "simulate_transfer"]

RULES = ("poorest", "uncovered_poorest", "desil<=N")
SIMULATION_COLUMNS = ["measure", "before", "after", "change"]

# Per 0.01 of P2 on BPS's x100 scale, i.e. per 0.0001 of P2 as a fraction.
P2_POINT = 0.0001


def _positive_amount(value, name: str, allow_zero: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} harus berupa angka, bukan {value!r}")
    amount = float(value)
    if not math.isfinite(amount) or amount < 0 or (amount == 0 and not allow_zero):
        limit = ">= 0" if allow_zero else "> 0"
        raise InputError(f"{name} harus berupa angka {limit}, bukan {value!r}")
    return amount


def _parse_rule(rule) -> tuple[str, int]:
    if rule in ("poorest", "uncovered_poorest"):
        return rule, 0
    n = parse_desil_rule(rule)
    if n is None:
        raise InputError(f"aturan sasaran harus 'poorest', 'uncovered_poorest' atau 'desil<=N', bukan {rule!r}")
    return "desil", n


@dataclass(frozen=True)
class TransferSimulation:
    """The city's P0, P1, P2 before and after a transfer (``table``), with its reach and cost.

    ``cost_per_month`` is families_reached * amount (rupiah per month);
    ``cost_per_p2_point`` is rupiah per month per point of P2 reduced, a point being 0.01
    on BPS's x100 scale of P2 (0.0001 as a fraction), i.e.
    ``cost_per_month / ((p2_before - p2_after) / 0.0001)``; NaN when P2 does not fall.
    """

    table: pd.DataFrame
    rule: str
    amount: float
    families_reached: int
    persons_reached: int
    cost_per_month: float
    cost_per_p2_point: float
    line: PovertyLine
    #: 'observed' (the frame's expenditure) or 'model' (the published run's Monte Carlo draws;
    #: the table then has ``before_lower`` … ``change_upper``, 90 % intervals over the draws)
    method: str = "observed"
    #: persons of the run's extreme-poverty recap, held at the extreme line before and after
    counted_persons: int = 0


def _reach(n_families, budget, amount: float, rule_kind: str) -> tuple[int, bool]:
    """How many families the transfer reaches, and whether they must be poor before it."""
    if n_families is not None and budget is not None:
        raise InputError("pilih salah satu: jumlah keluarga (n_families) atau anggaran (budget)")
    if n_families is not None:
        if isinstance(n_families, bool) or not isinstance(n_families, numbers.Integral) or n_families < 0:
            raise InputError(f"jumlah keluarga harus bilangan bulat >= 0, bukan {n_families!r}")
        return int(n_families), False
    if budget is not None:
        budget_value = _positive_amount(budget, "anggaran per bulan", allow_zero=True)
        if amount == 0:
            raise InputError("anggaran tidak dapat dibagi: jumlah bantuan per keluarga adalah 0")
        return int(math.floor(budget_value / amount)), False
    # Neither: every candidate that is poor before the transfer (every family of the desil).
    return 2**62, rule_kind != "desil"


def _model_simulation(con, run_id, year, pl, amount, n, rule, rule_kind, max_desil, poor_only) -> TransferSimulation:
    """The simulation on the published model's draws (:mod:`analytics.model.transfer`)."""
    from analytics.model.transfer import model_transfer
    from analytics.programs.coverage import MIN_PROBABILITY

    table, reached, counted = model_transfer(
        con, run_id, year, pl, amount, min(n, 2**31 - 1), rule_kind, max_desil, poor_only, MIN_PROBABILITY
    )
    p2_points = (table.loc[2, "before"] - table.loc[2, "after"]) / P2_POINT
    cost = len(reached) * amount
    return TransferSimulation(
        table=table,
        rule=rule if rule_kind != "desil" else f"desil<={max_desil}",
        amount=amount,
        families_reached=len(reached),
        persons_reached=int(reached["size"].sum()),
        cost_per_month=cost,
        cost_per_p2_point=float(cost / p2_points) if p2_points > 0 else float("nan"),
        line=pl,
        method="model",
        counted_persons=counted,
    )


def simulate_transfer(
    con: duckdb.DuckDBPyConnection,
    year: int,
    amount_per_family_month: float,
    n_families: int | None = None,
    budget: float | None = None,
    rule: str = "poorest",
    line="official",
    poor_if: str = "lt",
) -> TransferSimulation:
    """P0, P1, P2 of the city before and after giving chosen families a monthly amount.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year : int
    amount_per_family_month : float
        Rupiah per family per month, >= 0.
    n_families : int, optional
        Number of families to reach (fewer if the rule has fewer candidates).
    budget : float, optional
        Rupiah per month; reaches ``floor(budget / amount)`` families. Give at most one
        of ``n_families`` and ``budget``. With neither, every candidate is reached that
        is poor before the transfer ('poorest', 'uncovered_poorest') or, for
        'desil<=N', every family of those desil.
    rule : {'poorest', 'uncovered_poorest'} or 'desil<=N', default 'poorest'
        Candidates: all families; families receiving no program (PKH, SEMBAKO, PBI,
        BST, BPUM, PRAKERJA, KUR); or families of national desil at most N. Within the
        candidates the poorest are reached first.
    line : {'official', 'extreme'} or float, default 'official'

    Returns
    -------
    TransferSimulation
        ``table``: one row per measure ('p0', 'p1', 'p2') with before, after and change
        (after - before; <= 0), as fractions; and the reach and cost of the transfer.

    Examples
    --------
    Half the line to the poorest family (a single person at half the line) lifts her
    exactly to the line, so she is no longer poor (poor means ``y < z``):

    >>> from analytics.poverty.testing import demo_connection
    >>> r = simulate_transfer(demo_connection(), 2023, 763661 * 0.5, n_families=1)
    >>> r.table.round(6)
      measure    before     after   change
    0      p0  0.250000  0.125000 -0.12500
    1      p1  0.093750  0.031250 -0.06250
    2      p2  0.039062  0.007812 -0.03125
    >>> r.families_reached, r.cost_per_month
    (1, 381830.5)
    """
    year = check_year(con, year)
    amount = _positive_amount(amount_per_family_month, "jumlah bantuan per keluarga per bulan", allow_zero=True)
    rule_kind, max_desil = _parse_rule(rule)
    pl = resolve_line(con, year, line)
    n, poor_only = _reach(n_families, budget, amount, rule_kind)
    welfare = welfare_source(con, year).require()
    if welfare.is_model:
        return _model_simulation(con, welfare.run_id, year, pl, amount, n, rule, rule_kind, max_desil, poor_only)
    params = {
        "year": year,
        "amount": amount,
        "n": n,
        "rule": rule_kind,
        "max_desil": max_desil,
        "poor_only": poor_only,
        "line": pl.amount,
        "poor_le": check_poor_if(poor_if) == "le",
    }
    row = sql.frame(con, "programs/transfer_simulation", params).iloc[0]
    population = float(row["population"])
    before = [row["poor_before"], row["gap_before"], row["gap2_before"]]
    after = [row["poor_after"], row["gap_after"], row["gap2_after"]]
    frame = pd.DataFrame(
        {
            "measure": ["p0", "p1", "p2"],
            "before": [float(v) / population for v in before],
            "after": [float(v) / population for v in after],
        }
    )
    frame["change"] = frame["after"] - frame["before"]
    reached = int(row["families_reached"])
    cost = reached * amount
    p2_points = (frame.loc[2, "before"] - frame.loc[2, "after"]) / P2_POINT
    return TransferSimulation(
        table=frame,
        rule=rule if rule_kind != "desil" else f"desil<={max_desil}",
        amount=amount,
        families_reached=reached,
        persons_reached=int(row["persons_reached"]),
        cost_per_month=cost,
        cost_per_p2_point=float(cost / p2_points) if p2_points > 0 else float("nan"),
        line=pl,
    )
