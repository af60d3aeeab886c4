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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--families", type=int, default=1_000_000, help="families per year to reach (about)")
    args = parser.parse_args()
    shutil.copyfile(args.db, args.out)
    con = duckdb.connect(str(args.out))
    per_year = con.execute("select max(n) from (select count(*) as n from family group by year)").fetchone()[0]
    k = max(1, math.ceil(args.families / per_year))
    con.execute(
        """create table family_scaled as
           select * replace (
               case when r = 0 then family_id else family_id || '-' || r end as family_id,
               lat + case when r = 0 then 0 else ((hash(family_id, r) % 1000)::integer - 500) / 1e7 end as lat,
               lon + case when r = 0 then 0 else ((hash(r, family_id) % 1000)::integer - 500) / 1e7 end as lon)
           from family, range($k) as t(r)""",
        {"k": k},
    )
    con.execute("drop table family")
    con.execute("alter table family_scaled rename to family")
    n = con.execute("select count(*) from family where year = (select max(year) from family)").fetchone()[0]
    con.execute("checkpoint")
    con.close()
    print(f"{args.out}: {n:,} families in the latest year (x{k})")


if __name__ == "__main__":
    main()
