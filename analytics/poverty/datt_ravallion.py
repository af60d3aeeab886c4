"""Growth and redistribution components of a change in poverty (Datt–Ravallion, Shapley).

Datt and Ravallion (1992, Journal of Development Economics 38: 275-295) write poverty as
``P(mu, L)``: a function of the mean mu and the Lorenz curve L of the distribution. With
start (0) and end (1) years, the symmetric Shapley form (Shorrocks 2013, Journal of
Economic Inequality 11: 99-126; Kolenikov and Shorrocks 2005) is

* growth = ½[(P(mu1, L0) − P(mu0, L0)) + (P(mu1, L1) − P(mu0, L1))]
* redistribution = ½[(P(mu0, L1) − P(mu0, L0)) + (P(mu1, L1) − P(mu1, L0))]

which add up to ``P(mu1, L1) − P(mu0, L0)`` with no residual. ``P(mu_a, L_b)`` is the
poverty of year b's distribution scaled to year a's mean. Welfare is made real by
dividing it by the line of its own year, so the growth component is growth of real
welfare (relative to the poverty line), not of nominal rupiah.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import sql
from analytics.poverty.change import change_input
from analytics.poverty.lines import PovertyLine
from analytics.welfare.observed import require_observed

__all__ = ["DattRavallion", "datt_ravallion", "shapley_growth_redistribution"]

MEASURES = ("p0", "p1", "p2")


@dataclass(frozen=True)
class DattRavallion:
    """Growth and redistribution parts of a change (``table``) and what they are built from:
    the four scenario values per measure (``scenarios``: measure -> {'p00', 'p10', 'p01',
    'p11'}) and the real means (mean welfare divided by the line) of both years."""

    table: pd.DataFrame
    scenarios: dict[str, dict[str, float]]
    mean_real_start: float
    mean_real_end: float
    line_start: PovertyLine
    line_end: PovertyLine


def shapley_growth_redistribution(p00: float, p10: float, p01: float, p11: float) -> tuple[float, float]:
    """Symmetric (Shapley) growth and redistribution components.

    Parameters
    ----------
    p00, p10, p01, p11 : float
        ``P(mean of year a, Lorenz curve of year b)`` written ``p_ab``: p00 is the start,
        p11 the end, p10 the start distribution at the end mean, p01 the end
        distribution at the start mean.

    Returns
    -------
    (growth, redistribution)
        They add up to ``p11 - p00``.

    Examples
    --------
    >>> g, r = shapley_growth_redistribution(0.30, 0.20, 0.26, 0.18)
    >>> round(g, 12), round(r, 12)
    (-0.09, -0.03)
    """
    growth = 0.5 * ((p10 - p00) + (p11 - p01))
    redistribution = 0.5 * ((p01 - p00) + (p11 - p10))
    return growth, redistribution


def datt_ravallion(
    con: duckdb.DuckDBPyConnection,
    year_start: int,
    year_end: int,
    line: str = "official",
    poor_if: str = "lt",
    weight: str | None = None,
) -> DattRavallion:
    """Split the city's change in P0, P1, P2 into growth and redistribution.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year_start, year_end : int
    line : {'official', 'extreme'}, default 'official'
        Each year's welfare is deflated by its own line of that kind.
    poor_if : {'lt', 'le'}, default 'lt'
    weight : str, optional
        Numeric column of ``family`` multiplied into the person weight.

    Returns
    -------
    DattRavallion
        ``table``: one row per measure (p0, p1, p2): start, end, change, growth,
        redistribution (growth + redistribution = change).

    Examples
    --------
    Every family's welfare grows by 10 % in real terms: all of the change is growth.

    >>> import pandas as pd
    >>> from analytics.poverty.testing import build_database, demo_families, reference_lines
    >>> z23, z24 = reference_lines().set_index("year").loc[[2023, 2024], "official_line"]
    >>> grow = 1.1 * z24 / z23
    >>> later = demo_families().assign(year=2024, expenditure_pc=lambda d: d.expenditure_pc * grow)
    >>> con = build_database(pd.concat([demo_families(), later]))
    >>> p1 = datt_ravallion(con, 2023, 2024).table.set_index("measure").loc["p1"]
    >>> [round(float(p1[k]), 9) for k in ("start", "end", "growth")]
    [0.09375, 0.078125, -0.015625]
    >>> bool(abs(p1["redistribution"]) < 1e-12)
    True
    """
    require_observed(con, (year_start, year_end), "datt_ravallion")
    input_sql, params, line_start, line_end = change_input(con, year_start, year_end, "kota", line, poor_if, weight)
    scen = sql.frame(con, "measures/datt_ravallion", params, inputs={"poverty_input": input_sql})
    scen = scen.set_index(["mean_year", "lorenz_year"])
    rows, scenarios = [], {}
    for m in MEASURES:
        p00 = float(scen.loc[(year_start, year_start), m])
        p11 = float(scen.loc[(year_end, year_end), m])
        p10 = float(scen.loc[(year_end, year_start), m])
        p01 = float(scen.loc[(year_start, year_end), m])
        growth, redistribution = shapley_growth_redistribution(p00, p10, p01, p11)
        scenarios[m] = {"p00": p00, "p10": p10, "p01": p01, "p11": p11}
        rows.append(
            {
                "measure": m,
                "start": p00,
                "end": p11,
                "change": p11 - p00,
                "growth": growth,
                "redistribution": redistribution,
            }
        )
    return DattRavallion(
        table=pd.DataFrame(rows),
        scenarios=scenarios,
        mean_real_start=float(scen.loc[(year_start, year_start), "mean_real_lorenz"]),
        mean_real_end=float(scen.loc[(year_end, year_end), "mean_real_lorenz"]),
        line_start=line_start,
        line_end=line_end,
    )
