"""The dashboard in a real browser: Debian's Chromium driven by Playwright against
``streamlit run`` on a free port. Every page is opened, the app must become idle with no
error box, maps and charts must be drawn, and no request may leave localhost. A
screenshot of each page goes to tests/artifacts/ (not in git)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analytics.access.users import ensure_demo_accounts, read_audit, users_path_for
from analytics.paths import PROJECT_ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# page -> its url path and what must be drawn on the page besides text; the default page
# (Ringkasan) lives at the root: Streamlit answers its url_path with "Page not found"
PAGES = {
    "ringkasan": {"plotly": 1, "deck": False, "path": ""},
    "peta": {"plotly": 0, "deck": True},
    "tren": {"plotly": 2, "deck": False},
    "evaluasi-tahunan": {"plotly": 6, "deck": False},
    "cakupan-program": {"plotly": 1, "deck": False},
    "kualitas-data": {"plotly": 1, "deck": False},
    "pembangunan-alternatif": {"plotly": 0, "deck": False},
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    yield from _serve(demo_db, tmp_path_factory)


@pytest.fixture(scope="module")
def model_server(model_db, tmp_path_factory):
    """The dashboard on the model path: published runs for 2021, 2022, 2024, 2025; 2023 none."""
    yield from _serve(model_db, tmp_path_factory)


def _serve(demo_db, tmp_path_factory, region: str | None = None):
    """The dashboard on ``demo_db`` (of ``region``, when another region's)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (CI installs Debian's chromium)")
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    ensure_demo_accounts(users_path_for(demo_db))
    env = {**os.environ, "KEMISKINAN_DB": str(demo_db)}
    if region:
        env["KEMISKINAN_REGION"] = region
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboard.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail(f"streamlit did not start: {log.read_text()[-2000:]}")
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def playwright_driver():
    """One Playwright driver for this module: a second sync_playwright() while the first is open
    fails ("Sync API inside the asyncio loop"), so both browsers below share this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright_driver, server):
    yield from _browser(playwright_driver, server)


@pytest.fixture(scope="module")
def model_browser(playwright_driver, model_server):
    yield from _browser(playwright_driver, model_server)


def _browser(p, server):
    chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    # Streamlit 1.67 runs the first session after start in its legacy pages/ mode, where a
    # deep link to a page answers "Page not found" once (README, known limitations); one
    # visit of the root, as an operator does after starting the server, settles it.
    warm = chromium.new_page()
    warm.goto(server, wait_until="domcontentloaded")
    wait_until_idle(warm)
    warm.close()
    yield chromium
    chromium.close()


def sign_in(page, username: str = "admin") -> None:
    """The sign-in contract: fields Nama pengguna and Kata sandi, button Masuk (demo password)."""
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("demo")
    page.get_by_role("button", name="Masuk").click()
    # The script may not have started its rerun yet when the click returns; the form leaving is
    # the sign that it has (CI once read the page before its tables were drawn).
    page.get_by_label("Nama pengguna").wait_for(state="detached", timeout=90_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1, "not signed in"


def wait_until_idle(page, timeout_ms: int = 90_000) -> None:
    """Connected, script not running, no running-status widget (as Streamlit's own e2e tests)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)
    page.wait_for_timeout(1500)  # charts and the map draw after the script finished
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_in_browser(server, browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    outside = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        url_path = PAGES[path].get("path", path)
        page.goto(f"{server}/{url_path}?tahun=2024", wait_until="domcontentloaded")
        wait_until_idle(page)
        sign_in(page)  # a shared link leads to its page once signed in
        expected = PAGES[path]
        if expected["deck"]:
            page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
        if expected["plotly"]:
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            assert page.locator(".js-plotly-plot").count() >= expected["plotly"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{path}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').first.inner_text()
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator("h1").first.inner_text()
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Ringkasan" in nav and "Pembangunan Alternatif" in nav, nav
        assert "Choose an option" not in page.locator('[data-testid="stSidebar"]').inner_text()
        assert not outside, f"requests left localhost: {outside}"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path, label",
    [
        ("", "Unduh PDF"),
        ("", "Unduh PowerPoint"),
        ("cakupan-program", "Unduh Excel untuk verifikasi lapangan"),
        ("kualitas-data", "Unduh CSV baris dikarantina"),
        ("evaluasi-tahunan", "Unduh laporan Word"),
    ],
)
def test_downloads_are_built_on_click_and_hold_no_full_nik(server, browser, demo_db, path, label):
    import io
    import re

    import pandas as pd
    from pptx import Presentation
    from pypdf import PdfReader

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{server}/{path}?tahun=2024", wait_until="domcontentloaded")
        wait_until_idle(page)
        sign_in(page, "analis")
        assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').first.inner_text()
        before = len(read_audit(users_path_for(demo_db)))
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=re.compile(re.escape(label))).first.click()
        content = open(download.value.path(), "rb").read()
    finally:
        context.close()
    name = download.value.suggested_filename
    if name.endswith(".pdf"):
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    elif name.endswith(".pptx"):
        slides = Presentation(io.BytesIO(content)).slides
        text = "\n".join(s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame)
    elif name.endswith(".docx"):
        import docx

        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    elif name.endswith(".xlsx"):
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=str, engine="calamine")
        text = "\n".join(df.to_csv(index=False) for df in sheets.values())
    else:
        text = content.decode("utf-8")
    assert len(text) > 200, name
    # (the digits after a decimal point of a number, e.g. a probability 0.5719519418413981, are no NIK)
    assert not re.search(r"(?<![\d.,])\d{16}(?!\d)", text), f"{name} holds a 16-digit number"
    downloads = [
        row
        for row in read_audit(users_path_for(demo_db)).iloc[before:].to_dict("records")
        if row["action"] == "unduh_rumah_tangga"
    ]
    if path not in ("", "evaluasi-tahunan"):  # household lists are audited; packs hold aggregates only
        assert [(d["username"], d["role"]) for d in downloads] == [("analis", "analis")], downloads
    else:
        assert downloads == []


# page path (the root is Ringkasan), year, what must be drawn, a text the page must show
MODEL_PAGES = [
    ("", 2024, ".js-plotly-plot .main-svg", "Selang 90 %"),
    ("", 2023, ".js-plotly-plot .main-svg", "proxy-means test"),
    ("peta", 2024, '[data-testid="stDeckGlJsonChart"] canvas', "estimasi model (SAE)"),
    ("tren", 2024, ".js-plotly-plot .main-svg", "selang 90 %"),
    ("cakupan-program", 2024, ".js-plotly-plot .main-svg", "perkiraan model"),
    ("model-sae", 2024, ".js-plotly-plot .main-svg", "Model terbit"),
]


@pytest.mark.parametrize("path, year, drawn, text", MODEL_PAGES)
def test_model_path_pages_in_browser(model_server, model_browser, path, year, drawn, text):
    context = model_browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{model_server}/{path}?tahun={year}", wait_until="domcontentloaded")
        wait_until_idle(page)
        sign_in(page, "analis")
        page.wait_for_selector(drawn, timeout=30_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"model-{path or 'ringkasan'}-{year}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert text in page.locator('[data-testid="stMain"]').inner_text()
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        context.close()


# Issue 14: every page as every role sees it, at a desktop and a phone width, read as an
# official reads it: no Python function paths, no environment variable names outside the
# admin's own pages, no raw reason codes, no red delta for a change that rounds to zero, and
# every table's first three columns drawn in view.
READING_WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}
ADMIN_URL_PATHS = {"impor-data", "pengguna", "log-audit"}


def _reading_problems(page, url_path: str) -> list[str]:
    import re

    from analytics.labels import REASONS

    text = page.locator('[data-testid="stMain"]').inner_text()
    problems = [f"function path: {m}" for m in re.findall(r"\banalytics\.[a-z_.]+", text)]
    # A path without its package name reads as code just the same ("welfare.estimates.area_estimates").
    packages = "|".join(p.name for p in (PROJECT_ROOT / "analytics").iterdir() if p.is_dir() and p.name[0] != "_")
    modules = "mpi|summary|quality|segments|simulation|narrative|alternative_development"
    bare = rf"\b(?:(?:{packages})\.[a-z_]+\.[a-z_]+|(?:{modules})\.[a-z_]+)"
    problems += [f"function path: {m}" for m in re.findall(bare, text)]
    if url_path not in ADMIN_URL_PATHS:
        problems += [f"environment variable: {m}" for m in re.findall(r"KEMISKINAN_[A-Z_]+", text)]
    codes = [c for c in REASONS if "_" in c]
    problems += [f"reason code: {c}" for c in codes if re.search(rf"\b{c}\b", text)]
    for table in page.locator('[data-testid="stDataFrame"]').all():
        # The grid's accessible table holds the columns it draws in view; at the first view
        # (nothing scrolled) the first three columns must be among them.
        grid = table.locator('table[role="grid"]').first
        columns = int(grid.get_attribute("aria-colcount") or 0) if grid.count() else 0
        drawn = table.locator('[role="columnheader"]').all_inner_texts()
        if len(drawn) < min(3, columns):
            problems.append(f"table shows {len(drawn)} of its first 3 columns: {drawn}")
    for delta in page.locator('[data-testid="stMetricDelta"]').all():
        shown = delta.inner_text().strip()
        red, green, blue = (int(v) for v in re.findall(r"\d+", delta.evaluate("e => getComputedStyle(e).color"))[:3])
        if shown[:1] not in "+-−" and red > 150 and green < 120 and blue < 120:
            problems.append(f"red zero delta: {shown}")
    return problems


def _edge_band(png: bytes, width_px: int = 2):
    """The outermost ``width_px`` pixels of a screenshot, all four sides, as rows of RGB."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    sides = [pixels[:width_px], pixels[-width_px:], pixels[:, :width_px], pixels[:, -width_px:]]
    return np.concatenate([side.reshape(-1, 3) for side in sides]), pixels


def _map_fit_problems(page, role: str, desktop: bool = False) -> list[str]:
    """The map's initial view holds every kelurahan: at the city view nothing but the white
    ground touches the frame's edge (a kelurahan cut off by the frame would); a verifikator's
    view of its kelurahan shows that kelurahan's outline whole. On a desktop the city also
    fills a fair part of the frame (issue 27: 220 of 980 px when the map had the page's width;
    the view is fitted to a phone's frame, so the frame must not be much wider)."""
    import numpy as np

    from geo.layers import OUTLINE_COLOUR

    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    band, pixels = _edge_band(canvas.screenshot())
    if role == "verifikator":
        near = lambda rows: (np.abs(rows - np.array(OUTLINE_COLOUR)).sum(axis=-1) <= 40).sum()  # noqa: E731
        if near(pixels) == 0:
            return ["the verifikator's kelurahan outline is not drawn"]
        return [f"the kelurahan outline touches the map's edge ({near(band)} px)"] if near(band) else []
    drawn = int((np.abs(band - 255).sum(axis=1) > 30).sum())
    problems = [f"the city does not fit the map's initial view ({drawn} coloured px on its edge)"] if drawn else []
    if desktop:
        columns = np.flatnonzero((np.abs(pixels - 255).sum(axis=-1) > 30).any(axis=0))
        share = (columns.max() - columns.min() + 1) / pixels.shape[1] if columns.size else 0.0
        if share < 0.45:
            problems.append(f"the city fills {share:.0%} of the map's width at desktop width")
    return problems


def test_the_map_fit_check_sees_a_shape_cut_off_by_the_frame():
    """The check above can fail: a shape reaching the frame's edge is seen, one inside is not."""
    import io

    import numpy as np
    from PIL import Image

    def png(box):
        image = np.full((100, 160, 3), 255, dtype=np.uint8)
        image[box[0] : box[1], box[2] : box[3]] = (240, 59, 32)
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="PNG")
        return buffer.getvalue()

    inside, cut = _edge_band(png((10, 90, 10, 150)))[0], _edge_band(png((10, 90, 0, 150)))[0]
    assert (np.abs(inside - 255).sum(axis=1) > 30).sum() == 0
    assert (np.abs(cut - 255).sum(axis=1) > 30).sum() > 0


@pytest.mark.parametrize("role", ["pimpinan", "analis", "verifikator", "admin"])
def test_every_page_reads_plainly_for_every_role(model_server, model_browser, role):
    """One session per role: each page opened from the menu at desktop width, then the same
    page read again at phone width (resizing keeps the session), a screenshot of each."""
    from ui.navigation import pages_for

    context = model_browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems = {}
    try:
        page.goto(model_server, wait_until="domcontentloaded")
        wait_until_idle(page)
        sign_in(page, role)
        for spec in pages_for(role):
            page.set_viewport_size({"width": 1440, "height": 900})
            link = page.locator('[data-testid="stSidebarNav"] a', has_text=spec.title).first
            if not link.is_visible():  # the phone width collapsed the sidebar
                page.locator('[data-testid="stExpandSidebarButton"]').click()
            link.click()
            wait_until_idle(page)
            for width, (w, h) in READING_WIDTHS.items():
                page.set_viewport_size({"width": w, "height": h})
                page.wait_for_timeout(800)  # the layout follows the new width
                assert page.locator('[data-testid="stException"]').count() == 0, (role, spec.title)
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{role}-{spec.url_path}-{width}.png"))
                found = _reading_problems(page, spec.url_path)
                if spec.url_path == "peta":
                    found += _map_fit_problems(page, role, desktop=w >= 1200)
                if found:
                    problems[f"{spec.title} ({width})"] = found
    finally:
        context.close()
    assert problems == {}, problems


@pytest.fixture(scope="module")
def verval_db(demo_db, tmp_path_factory) -> Path:
    """The demo database under another name, so the visits recorded here go to a store of their own."""
    link = tmp_path_factory.mktemp("verval") / "demo.duckdb"
    link.symlink_to(demo_db)
    return link


@pytest.fixture(scope="module")
def verval_server(verval_db, tmp_path_factory):
    yield from _serve(verval_db, tmp_path_factory)


@pytest.fixture(scope="module")
def verval_browser(playwright_driver, verval_server):
    yield from _browser(playwright_driver, verval_server)


def _pixels_of(png: bytes, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    """How many pixels of a screenshot are close to ``colour``."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int((np.abs(pixels - np.array(colour)).sum(axis=2) <= tolerance).sum())


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select box ``label``. A tap into the field sometimes only moves the
    focus there, and on a loaded machine the list can be redrawn between finding an option and
    tapping it (the option detaches), so each step is tried again until the field shows it."""
    from playwright.sync_api import Error as PlaywrightError

    field = page.get_by_role("combobox", name=label, exact=True)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(4):
        try:
            field.click()
            if not choice.is_visible():
                page.keyboard.press("ArrowDown")
            choice.wait_for(state="visible", timeout=5000)
            choice.click(timeout=5000)
        except PlaywrightError:  # a timeout or a detached option: close the list and tap again
            page.keyboard.press("Escape")
        wait_until_idle(page)
        if field.input_value() == option:
            return
    assert field.input_value() == option, f"{label}: {field.input_value()!r}"


def test_a_verifikator_records_a_visit_on_a_phone(verval_db, verval_server, verval_browser):
    from analytics.access.scope import User
    from analytics.verval import store
    from analytics.verval.visit import INDICATORS
    from analytics.views.verval_page import CHOSEN_COLOUR

    context = verval_browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{verval_server}/verval", wait_until="domcontentloaded")
        wait_until_idle(page)
        sign_in(page, "verifikator")
        assert "sudah dikunjungi" in page.locator('[data-testid="stProgress"]').inner_text()
        started = time.monotonic()
        # The family is found on the map: its ring, in a colour nothing else on the map uses.
        family_map = page.locator('[data-testid="stDeckGlJsonChart"]')
        family_map.locator("canvas").first.wait_for(timeout=30_000)
        family_map.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        assert _pixels_of(family_map.screenshot(), CHOSEN_COLOUR) >= 30, "the chosen family's ring is not drawn"
        assert "Lingkaran ungu: keluarga yang dipilih" in page.inner_text("body")
        for label in list(INDICATORS.values())[:6]:
            page.get_by_text(label, exact=True).click()
            wait_until_idle(page)
        _choose(page, "Sumber penghasilan utama", "Buruh / karyawan")
        _choose(page, "Data register", "Data register perlu dikoreksi")
        _choose(page, "Kelompok", "Miskin menurut kriteria Kemensos: usulkan ke DTSEN")
        page.get_by_text("Dibantu", exact=True).click()
        wait_until_idle(page)
        assert "6 dari 8 indikator terpenuhi: fakir miskin" in page.inner_text("body")
        page.get_by_role("button", name="Kirim").click()
        wait_until_idle(page)
        # Browser time of the taps, each followed by the page's rerun (plus 1.5 s of settling).
        elapsed = time.monotonic() - started
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "verval-phone.png"), full_page=True)
        assert "Kunjungan tersimpan" in page.inner_text("body")
        assert "1 dari" in page.locator('[data-testid="stProgress"]').inner_text()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        assert page.locator('[data-testid="stException"]').count() == 0
        assert not errors, f"JavaScript errors: {errors}"
        assert elapsed < 60, f"recording one visit took {elapsed:.0f} s"
    finally:
        context.close()
    records = store.latest_records(verval_db, user=User("a", "analis"))
    assert records["status"].tolist() == ["submitted"]
    assert records["kode_kelurahan"].tolist() == ["64.74.01.1006"]
