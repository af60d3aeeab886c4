"""A kabupaten's import and model, timed (issue 24): Kabupaten Kutai Timur's synthetic demo
(64.08: 141 desa and kelurahan, about 125.000 families, a survey that reaches part of them).

    .venv/bin/python benchmarks/kabupaten.py [--region 64.08] [--raw DIR] [--work /tmp/bench_kab]

Generates the region's demo exports unless ``--raw`` names them, then measures, each in its
own process with ``KEMISKINAN_REGION`` set:

* the baseline: DuckDB's own ``read_csv`` of the year's Regsosek file into a table, the floor
  for reading the exports (the same minute, so the ratios survive a busy machine);
* the import of all five years (``python -m analytics ingest``);
* the model of 2024 with the product's settings (``python -m analytics sae run``, L = 100,
  B = 200).

Targets (issue 24): import under 2 minutes, model under 5 minutes, on 2 cores.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "00112233445566778899aabbccddeeff"  # a throwaway pseudonym key for synthetic data
BASELINE = """
import sys, time, duckdb
start = time.perf_counter()
con = duckdb.connect()
con.read_csv(sys.argv[1], all_varchar=True).to_table("regsosek")
print(con.table("regsosek").shape[0], time.perf_counter() - start)
"""


def run(argv: list[str], region: str) -> tuple[float, str]:
    env = {**os.environ, "KEMISKINAN_REGION": region, "KEMISKINAN_NIK_KEY": KEY}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="64.08")
    parser.add_argument("--raw", type=Path, default=None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_kab"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    raw = args.raw or args.work / "raw"
    if args.raw is None and not (raw / "truth" / "meta.json").exists():
        seconds, _ = run(["-m", "analytics", "generate", "--out", str(raw)], args.region)
        print(f"exports generated in {seconds:.0f} s")
    db = args.work / "kabupaten.duckdb"
    db.unlink(missing_ok=True)
    families = sum(1 for _ in open(raw / "2024" / "regsosek.csv", encoding="utf-8")) - 1
    base, out = run(["-c", BASELINE, str(raw / "2024" / "regsosek.csv")], args.region)
    read_seconds = float(out.split()[1])
    imported, _ = run(["-m", "analytics", "ingest", "--raw", str(raw), "--db", str(db)], args.region)
    base_after, out = run(["-c", BASELINE, str(raw / "2024" / "regsosek.csv")], args.region)
    modelled, out = run(["-m", "analytics", "sae", "run", "--db", str(db), "--year", "2024"], args.region)
    areas = len(out.strip().splitlines()) - 1
    result = {
        "region": args.region,
        "families_2024": families,
        "areas_estimated": areas,
        "baseline_read_csv_s": round(read_seconds, 2),
        "baseline_process_s": [round(base, 2), round(base_after, 2)],
        "import_5_years_s": round(imported, 1),
        "import_per_baseline_process": round(imported / ((base + base_after) / 2), 1),
        "model_2024_s": round(modelled, 1),
        "model_per_baseline_process": round(modelled / ((base + base_after) / 2), 1),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
