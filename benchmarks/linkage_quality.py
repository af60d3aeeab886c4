"""Linkage precision and recall of an import of the demo registers, against the truth folder.

.venv/bin/python benchmarks/linkage_quality.py --raw var/demo_raw --db var/demo.duckdb
"""

import argparse
import sys
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.generate.truth import damaged_rows, link_outcomes, precision_recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    con = duckdb.connect(args.db, read_only=True)
    rows = []
    for source, damage in (("dtks", "kk_excel_float"), ("p3ke_keluarga", "nik_excel_float"), ("p3ke_individu", None)):
        outcomes = link_outcomes(con, args.raw, source)
        p, r = precision_recall(outcomes)
        rows.append((source, "semua baris", len(outcomes), p, r))
        if damage:
            hit = damaged_rows(args.raw, damage)
            hit = hit[hit["source"] == source][["year", "row"]].drop_duplicates()
            p, r = precision_recall(outcomes.merge(hit, on=["year", "row"]))
            rows.append((source, f"kunci rusak ({damage})", len(hit), p, r))
    table = pd.DataFrame(rows, columns=["source", "subset", "rows", "precision", "recall"])
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))


if __name__ == "__main__":
    main()
