"""Benchmark: FGT (P0, P1, P2, Watts) by area with DuckDB SQL, pandas and a NumPy floor.

Synthetic families (household size 1-7, log-normal expenditure per capita) are spread
over 83,000 areas, the number of desa/kelurahan in Indonesia. Each method computes the
same table (persons, poor persons, P0, P1, P2, Watts per area) from the same arrays:

* DuckDB: the project's SQL (``analytics/sql/poverty_table_input.sql`` +
  ``poverty_fgt_aggregate.sql``) over a DuckDB table, result fetched as a DataFrame; also
  the public ``analytics.poverty.frame.fgt_table`` (which adds column and input checks).
* pandas: vectorised columns and one ``groupby(...).sum()``.
* NumPy floor: ``np.bincount`` with weights, one pass per sum (single-threaded).

Run: ``.venv/bin/python benchmarks/fgt_by_area.py [--sizes 1000000 10000000] [--repeat 3]``.
Prints the best of ``--repeat`` runs and the ratios; checks that the three agree.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import sql
from analytics.poverty.frame import fgt_table  # noqa: E402
from analytics.poverty.rule import is_poor, poor_gap

N_AREAS = 83_000
LINE = 801_945.0  # Kota Bontang official line 2024, Rp per capita per month


def make_families(n: int, seed: int = 20240301) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "area": rng.integers(0, N_AREAS, n, dtype=np.int32),
            "size": rng.integers(1, 8, n, dtype=np.int32),
            "y": np.exp(rng.normal(np.log(1_300_000.0), 0.6, n)),
        }
    )


def best_of(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def numpy_floor(area: np.ndarray, size: np.ndarray, y: np.ndarray, z: float) -> pd.DataFrame:
    w = size.astype(np.float64)
    poor = is_poor(y, z)
    gap = poor_gap(y, z, poor)
    w_poor = np.where(poor, w, 0.0)
    w_gap = w * gap
    population = np.bincount(area, weights=w, minlength=N_AREAS)
    n0 = np.bincount(area, weights=w_poor, minlength=N_AREAS)
    n1 = np.bincount(area, weights=w_gap, minlength=N_AREAS)
    n2 = np.bincount(area, weights=w_gap * gap, minlength=N_AREAS)
    log_gap = np.log(z / np.where(poor, y, z))
    nw = np.bincount(area, weights=w * log_gap, minlength=N_AREAS)
    return pd.DataFrame(
        {
            "population": population,
            "poor": n0,
            "p0": n0 / population,
            "p1": n1 / population,
            "p2": n2 / population,
            "watts": nw / population,
        }
    )


def pandas_groupby(df: pd.DataFrame, z: float) -> pd.DataFrame:
    w = df["size"].astype("float64")
    poor = df["y"] < z
    gap = (1.0 - df["y"] / z).where(poor, 0.0)
    parts = pd.DataFrame(
        {
            "area": df["area"],
            "population": w,
            "poor": w.where(poor, 0.0),
            "n1": w * gap,
            "n2": w * gap * gap,
            "nw": (w * np.log(z / df["y"])).where(poor, 0.0),
        }
    )
    sums = parts.groupby("area", sort=False).sum()
    out = pd.DataFrame({"population": sums["population"], "poor": sums["poor"]})
    for name, column in (("p0", "poor"), ("p1", "n1"), ("p2", "n2"), ("watts", "nw")):
        out[name] = sums[column] / sums["population"]
    return out


def run(n: int, repeat: int) -> dict:
    df = make_families(n)
    con = duckdb.connect()
    con.execute("set threads = " + str(os.cpu_count() or 1))
    con.register("bench_source", df)
    sql.execute(con, "benchmarks/copy_source")
    con.unregister("bench_source")
    input_sql = sql.text(
        "measures/input_table",
        table="bench_family",
        group_expr="area",
        welfare_expr="y",
        weight_expr="cast(size as double)",
    )
    params = {"line": LINE, "poor_le": False}

    t_duck, duck = best_of(lambda: sql.frame(con, "measures/fgt", params, inputs={"poverty_input": input_sql}), repeat)
    t_table, _ = best_of(lambda: fgt_table(con, "bench_family", "y", LINE, by="area", size="size"), repeat)
    area, size, y = df["area"].to_numpy(), df["size"].to_numpy(), df["y"].to_numpy()
    t_numpy, floor = best_of(lambda: numpy_floor(area, size, y, LINE), repeat)
    t_pandas, pdres = best_of(lambda: pandas_groupby(df, LINE), repeat)

    duck = duck.set_index("grp").sort_index()
    pdres = pdres.sort_index()
    floor = floor.loc[duck.index]
    columns = ["population", "poor", "p0", "p1", "p2", "watts"]
    diff_duck = np.nanmax(
        np.abs(duck[columns].to_numpy(float) - floor[columns].to_numpy(float))
        / np.maximum(1.0, np.abs(floor[columns].to_numpy(float)))
    )
    diff_pandas = np.nanmax(
        np.abs(pdres.loc[duck.index, columns].to_numpy(float) - floor[columns].to_numpy(float))
        / np.maximum(1.0, np.abs(floor[columns].to_numpy(float)))
    )
    con.close()
    return {
        "families": n,
        "areas": int(len(duck)),
        "duckdb_s": t_duck,
        "duckdb_fgt_table_s": t_table,
        "pandas_s": t_pandas,
        "numpy_floor_s": t_numpy,
        "max_rel_diff_duckdb": float(diff_duck),
        "max_rel_diff_pandas": float(diff_pandas),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        f"duckdb {duckdb.__version__}, pandas {pd.__version__}, numpy {np.__version__}, "
        f"{os.cpu_count()} cores; best of {args.repeat}"
    )
    header = (
        f"{'families':>11} {'areas':>6} {'duckdb':>8} {'fgt_table':>9} {'pandas':>8} "
        f"{'numpy':>8} {'duck/numpy':>10} {'pandas/duck':>11} {'max diff':>9}"
    )
    print(header)
    for n in args.sizes:
        r = run(n, args.repeat)
        print(
            f"{r['families']:>11,} {r['areas']:>6,} {r['duckdb_s']:>7.3f}s "
            f"{r['duckdb_fgt_table_s']:>8.3f}s {r['pandas_s']:>7.3f}s {r['numpy_floor_s']:>7.3f}s "
            f"{r['duckdb_s'] / r['numpy_floor_s']:>10.2f} {r['pandas_s'] / r['duckdb_s']:>11.2f} "
            f"{max(r['max_rel_diff_duckdb'], r['max_rel_diff_pandas']):>9.1e}"
        )
    print("targets at 10 million: duck/numpy <= 1.5, pandas/duck >= 1.5")
    return 0


if __name__ == "__main__":
    sys.exit(main())
