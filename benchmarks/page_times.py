"""Script run time of each dashboard page, cold (empty data cache) and warm (cached), per role.

Runs the pages with Streamlit's AppTest on the database named by KEMISKINAN_DB (default:
the demo database, built on first use), signed in with the demo accounts (created in the
database's user store when it has none: use it on demo-derived databases only). Times
include AppTest's own overhead (about 0,1-0,2 s per run), so they are an upper bound of the
server-side time. With several roles, each later role's warm time is also given as a ratio
to the first role's (the baseline measured in the same run): for pimpinan that is the cost
of the protected (suppressed) figures.

    KEMISKINAN_DB=var/demo.duckdb .venv/bin/python benchmarks/page_times.py [--repeat 3] [--roles admin pimpinan]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.access.users import DEMO_PASSWORD, ensure_demo_accounts, users_path_for
from analytics.demo import database_path
from analytics.paths import PROJECT_ROOT
from ui.navigation import pages_for


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def signed_in(role: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=600)
    at.run()  # opens the connection and imports every module once
    at.text_input(key="masuk_nama").input(role)
    at.text_input(key="masuk_sandi").input(DEMO_PASSWORD)
    next(b for b in at.button if b.label == "Masuk").click()
    timed_run(at)
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per page (median reported)")
    parser.add_argument("--roles", nargs="+", default=["admin", "pimpinan"], help="demo accounts to sign in as")
    args = parser.parse_args()
    db = database_path()
    print(f"Database: {db}")
    store = users_path_for(db)
    if not store.exists():
        ensure_demo_accounts(store)
    baseline: dict[str, float] = {}
    print(f"{'role':<12}{'page':<24}{'cold (s)':>10}{'warm (s)':>10}{'warm ratio':>12}")
    for role in args.roles:
        at = signed_in(role)
        for page in pages_for(role):
            st.cache_data.clear()
            at.switch_page(page.path)
            cold = timed_run(at)
            warm = statistics.median(timed_run(at) for _ in range(args.repeat))
            baseline.setdefault(page.title, warm)
            ratio = f"{warm / baseline[page.title]:.2f}" if role != args.roles[0] else "1"
            print(f"{role:<12}{page.title:<24}{cold:>10.2f}{warm:>10.2f}{ratio:>12}")


if __name__ == "__main__":
    main()
