"""The first start on a fresh copy, as a new user meets it: the README's start command on a
project without ``var/``, then a real browser (Debian's Chromium) at the address it prints.

Measures, from the first visit: the progress bar, the sign-in form, and the dashboard (signed
in as ``analis`` before the build ends, the Ringkasan page opening by itself). The baseline,
measured in the same run, is a second visit to the same server once the build is done
(warm server, same browser): the ratios say what the first start adds.

    .venv/bin/python benchmarks/first_start.py [--copy /tmp/first_start] [--keep]

The copy leaves out ``var/`` and ``.git``; secret keys are written to a private
``XDG_CONFIG_HOME`` inside the copy, so the run touches nothing of yours.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def fresh_copy(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    ignore = shutil.ignore_patterns("var", ".git", ".venv", "__pycache__", ".pytest_cache", "tests")
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def serve(copy: Path, log: Path) -> tuple[subprocess.Popen, str, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEMISKINAN_")}
    env["XDG_CONFIG_HOME"] = str(copy / "config")
    started = time.monotonic()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=copy,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
            return server, base, time.monotonic() - started
        except OSError:
            time.sleep(0.1)


def first_visit(browser, base: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    t0 = time.monotonic()
    page.goto(base + "/")
    page.wait_for_selector('[data-testid="stProgress"]', timeout=120_000)
    progress = time.monotonic() - t0
    page.get_by_label("Nama pengguna").wait_for(timeout=120_000)
    form = time.monotonic() - t0
    page.get_by_label("Nama pengguna").fill("analis")
    page.get_by_label("Kata sandi").fill("demo")
    page.get_by_role("button", name="Masuk").click()
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=1_800_000)
    return {"progress": progress, "form": form, "dashboard": time.monotonic() - t0}


def warm_visit(browser, base: str) -> float:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    t0 = time.monotonic()
    page.goto(base + "/")
    page.get_by_label("Nama pengguna").wait_for(timeout=120_000)
    return time.monotonic() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copy", type=Path, default=Path("/tmp/first_start"))
    parser.add_argument("--keep", action="store_true", help="keep the copy (and its demo database)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    copy = fresh_copy(args.copy)
    server, base, up = serve(copy, copy / "server.log")
    loads = [os.getloadavg()[0]]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            first = first_visit(browser, base)
            loads.append(os.getloadavg()[0])
            baseline = warm_visit(browser, base)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print(f"server answering: {up:.1f} s after the start command")
    print(f"baseline (a visit to the warm server, sign-in form): {baseline:.2f} s")
    for name, label in (("progress", "progress bar"), ("form", "sign-in form"), ("dashboard", "dashboard")):
        print(f"first visit, {label}: {first[name]:.1f} s ({first[name] / baseline:.1f}x baseline)")
    print(f"load average at start and end: {loads[0]:.1f}, {loads[1]:.1f} (2 cores)")
    if not args.keep:
        shutil.rmtree(copy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
