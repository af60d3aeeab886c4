"""Make a large copy of an imported database for page and query timings.

Every family row of every year is repeated k times under new ids (``<id>-<r>``), with
coordinates jittered by up to ~50 m, so the `family` table holds about k times the
Bontang population. Other tables are copied as they are (the data-quality pages keep the
original size).

    .venv/bin/python benchmarks/scale_database.py --db var/demo.duckdb --out var/demo_1m.duckdb --families 1000000
"""

import argparse
import math
import shutil
import sys
from pathlib import Path

import duckdb

from analytics import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--families", type=int, default=1_000_000, help="families per year to reach (about)")
    args = parser.parse_args()
    shutil.copyfile(args.db, args.out)
    con = duckdb.connect(str(args.out))
    per_year = sql.row(con, "benchmarks/largest_year")[0]
    k = max(1, math.ceil(args.families / per_year))
    sql.execute(con, "benchmarks/scale_family", {"k": k})
    sql.execute(con, "benchmarks/drop_family")
    sql.execute(con, "benchmarks/rename_scaled")
    n = sql.row(con, "benchmarks/families_latest_year")[0]
    sql.execute(con, "meta/checkpoint")
    con.close()
    print(f"{args.out}: {n:,} families in the latest year (x{k})")


if __name__ == "__main__":
    main()
