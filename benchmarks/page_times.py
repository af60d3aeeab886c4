"""Script run time of each dashboard page, cold (empty data cache) and warm (cached).

Runs the pages with Streamlit's AppTest on the database named by KEMISKINAN_DB (default:
the demo database, built on first use). Times include AppTest's own overhead (about
0,1-0,2 s per run), so they are an upper bound of the server-side time.

    KEMISKINAN_DB=var/demo.duckdb .venv/bin/python benchmarks/page_times.py [--repeat 3]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.demo import database_path
from analytics.paths import PROJECT_ROOT

PAGES = {
    "Ringkasan": "pages/page_ringkasan.py",
    "Peta": "pages/page_peta.py",
    "Tren": "pages/page_tren.py",
    "Cakupan Program": "pages/page_cakupan_program.py",
    "Kualitas Data": "pages/page_kualitas_data.py",
    "Pembangunan Alternatif": "pages/page_pembangunan_alternatif.py",
}


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per page (median reported)")
    args = parser.parse_args()
    print(f"Database: {database_path()}")
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=600)
    at.run()  # opens the connection and imports every module once
    print(f"{'page':<24}{'cold (s)':>10}{'warm (s)':>10}")
    for name, path in PAGES.items():
        st.cache_data.clear()
        at.switch_page(path)
        cold = timed_run(at)
        warm = statistics.median(timed_run(at) for _ in range(args.repeat))
        print(f"{name:<24}{cold:>10.2f}{warm:>10.2f}")


if __name__ == "__main__":
    main()
