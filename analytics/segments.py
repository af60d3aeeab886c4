"""Poor families by the city's response: those that can be empowered and those to assist.

Kota Bontang plans its response to poverty in two tracks: poor families with someone who
can work are *empowered* (skills, jobs, credit: programs that raise income), while those
with only elderly, disabled members or children are *assisted* (transfers that reduce
the spending burden). This module splits the poor and their poverty gap between the two.

Definition (the ``family`` table holds member counts, not persons):

* ``'empower'``: ``n_working_age - n_disabled > 0``, i.e. at least one working-age member
  who is not disabled. Since the registers do not say whether a disabled member is of
  working age, every disabled member is assumed to be; this can move a family with a
  disabled child or elder into 'assist' although an able adult lives there, never the
  other way round (the approximation understates 'empower'). Missing counts are 0.
* ``'assist'``: all other poor families (only elderly, disabled members or children).

Each segment's ``gap_contribution = sum(size * gap) / area population`` and
``p2_contribution = sum(size * gap**2) / area population`` (``gap = 1 - y / z`` over poor
persons) add up to the area's P1 and P2 (FGT measures are additive over subgroups,
Foster, Greer and Thorbecke 1984); ``p1_share`` is the segment's share of the area's P1.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import check_year, resolve_line
from analytics.programs._area import SEGMENTS, as_int, check_by, ratio, run_grouped, with_area_names
from analytics.welfare.family import family_welfare

__all__ = ["SEGMENTS", "SEGMENT_COLUMNS", "segments"]

SEGMENT_COLUMNS = [
    "kode",
    "nama",
    "segment",
    "families",
    "persons",
    "gap_contribution",
    "p1_share",
    "p2_contribution",
]


def segments(
    con: duckdb.DuckDBPyConnection,
    year: int,
    by: str = "kota",
    line="official",
    poor_if: str = "lt",
) -> pd.DataFrame:
    """Poor families and persons by segment, and each segment's part of P1 and P2.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year : int
    by : {'kota', 'kecamatan', 'kelurahan'}, default 'kota'
    line : {'official', 'extreme'} or float, default 'official'
    poor_if : {'lt', 'le'}, default 'lt'
        'lt': poor when ``y < z`` (BPS); 'le': poor when ``y <= z``.

    Returns
    -------
    pandas.DataFrame
        kode, nama, segment ('empower', 'assist'; two rows per area), families and persons
        (poor ones), gap_contribution (part of the area's P1), p1_share (of the area's
        P1; empty when P1 is 0), p2_contribution (part of the area's P2). Fractions.

    Examples
    --------
    >>> from analytics.poverty.testing import demo_connection
    >>> segments(demo_connection(), 2023)[["segment", "families", "gap_contribution"]]
       segment  families  gap_contribution
    0  empower         0           0.00000
    1   assist         2           0.09375
    """
    by = check_by(by)
    year = check_year(con, year)
    pl = resolve_line(con, year, line)
    check_poor_if(poor_if)
    welfare = family_welfare(con, year, pl, poor_if)
    params = {"year": year, **welfare.params}
    grouped = run_grouped(con, "programs/segments", by, params, inputs={"family_welfare": welfare.sql})
    frame = with_area_names(con, by, grouped, keys=["segment"] if not grouped.empty else None)
    if grouped.empty:
        frame = frame.merge(pd.DataFrame({"segment": list(SEGMENTS)}), how="cross")
        for column in ("population", "families", "persons", "sum_gap", "sum_gap_squared"):
            frame[column] = 0.0
    frame = as_int(frame, ["families"])
    for column in ("population", "persons", "sum_gap", "sum_gap_squared"):
        frame[column] = frame[column].fillna(0.0)
    frame["gap_contribution"] = ratio(frame["sum_gap"], frame["population"])
    frame["p2_contribution"] = ratio(frame["sum_gap_squared"], frame["population"])
    area_gap = frame.groupby("kode")["sum_gap"].transform("sum")
    frame["p1_share"] = ratio(frame["sum_gap"], area_gap)
    if (frame["persons"] == frame["persons"].round()).all():
        frame["persons"] = frame["persons"].astype("int64")
    order = {name: i for i, name in enumerate(SEGMENTS)}
    frame = frame.assign(_order=frame["segment"].map(order))
    frame = frame.sort_values(["kode", "_order"], kind="stable").reset_index(drop=True)
    frame = frame[SEGMENT_COLUMNS]
    return frame
