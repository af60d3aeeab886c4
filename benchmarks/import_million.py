"""Import of a million-row Regsosek: time and peak memory, against reading the file with pandas.

The demo's Regsosek of one year (observed path, with expenditure) is repeated with new family
ids up to ``--rows`` rows and written as one CSV; the year folder holds only that file. Three
things are measured, each in a fresh process, peak memory as the largest resident size of the
process and all its children together (sampled every 50 ms from /proc):

- baseline: DuckDB's own ``read_csv`` of the file into a table (every column as text), the
  floor for getting it into a database;
- pandas: ``pandas.read_csv(path, dtype=str)``, the file read and nothing else;
- pyarrow: ``pyarrow.csv.read_csv`` of the same file (the reader the importer uses);
- import: ``python -m analytics ingest`` (reading, checks, pseudonyms, linkage, database).

``--profile`` then runs the importer's per-file step (``prepare_file``: reading, checks,
cleaning, pseudonyms) on the file in this process under cProfile and prints where its time
goes; the rest of the import (linkage and the integrated tables) is SQL in DuckDB.

    python benchmarks/import_million.py --rows 1000000 --work /tmp/bench_import
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "DuckDB read_csv (baseline)"
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, as the other benchmarks


def build_file(work: Path, rows: int) -> Path:
    from analytics.generate.build import generate

    raw = work / "raw"
    target = raw / "2024" / "regsosek.csv"
    if target.exists() and sum(1 for _ in open(target, "rb")) - 1 >= rows:
        return raw
    demo = work / "demo"
    if not (demo / "2024" / "regsosek.csv").exists():
        generate(demo, seed=1, scale=0.25, observed=True)
    one = pd.read_csv(demo / "2024" / "regsosek.csv", dtype=str, keep_default_na=False)
    copies = -(-rows // len(one))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="") as out:
        for k in range(copies):
            chunk = one.copy()
            chunk["id_keluarga"] = chunk["id_keluarga"] + f"{k:03d}"
            take = min(len(chunk), rows - k * len(one))
            chunk.head(take).to_csv(out, index=False, header=(k == 0), lineterminator="\n")
    return raw


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


def measure(command: list[str], env: dict) -> tuple[float, int, int]:
    """Seconds, peak resident bytes of the process tree, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        sys.stderr.write(err.decode()[-2000:])
    return time.perf_counter() - start, peak, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_import"))
    parser.add_argument("--profile", action="store_true", help="profile the per-file step afterwards")
    args = parser.parse_args()
    raw = build_file(args.work, args.rows)
    path = raw / "2024" / "regsosek.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KEMISKINAN_NIK_KEY": os.environ.get("KEMISKINAN_NIK_KEY", "5e" * 32)}
    duckdb_read = f"import duckdb; con = duckdb.connect(); con.read_csv({str(path)!r}, all_varchar=True).to_table('t')"
    runs = {
        BASELINE: [sys.executable, "-c", duckdb_read],
        "pandas read_csv": [
            sys.executable,
            "-c",
            f"import pandas as pd; pd.read_csv({str(path)!r}, dtype=str)",
        ],
        "pyarrow read_csv": [sys.executable, "-c", f"import pyarrow.csv as c; c.read_csv({str(path)!r})"],
        "analytics ingest": [
            sys.executable,
            "-m",
            "analytics",
            "ingest",
            "--raw",
            str(raw),
            "--db",
            str(args.work / "bench.duckdb"),
        ],
    }
    size = path.stat().st_size
    print(f"{args.rows} rows, {size / 2**20:.0f} MiB CSV, {os.cpu_count()} cores")
    results = {name: measure(command, env) for name, command in runs.items()}
    base_t, base_m, _ = results[BASELINE]
    print("| run | seconds | peak memory (GiB) | time / baseline | memory / baseline |")
    print("|---|---:|---:|---:|---:|")
    for name, (seconds, peak, code) in results.items():
        flag = "" if code == 0 else f" (exit {code})"
        print(f"| {name}{flag} | {seconds:.1f} | {peak / 2**30:.2f} | {seconds / base_t:.2f} | {peak / base_m:.2f} |")
    if args.profile:
        profile_prepare(path)


def profile_prepare(path: Path, top: int = 15) -> None:
    """Where the per-file step spends its time (cProfile, sorted by own time)."""
    import cProfile
    import pstats
    import tempfile

    from analytics.ingest import import_options
    from analytics.ingest.mapping import load_mapping
    from analytics.ingest.prepare import prepare_file

    mappings, profiler = load_mapping(None), cProfile.Profile()
    with tempfile.TemporaryDirectory() as stage:
        start = time.perf_counter()
        profiler.runcall(
            prepare_file, path, 2024, "regsosek", mappings, "2024/regsosek.csv", b"\x5e" * 32, import_options(), stage
        )
        print(f"\nprepare_file of {path.name} in this process: {time.perf_counter() - start:.1f} s (profiled)")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()
