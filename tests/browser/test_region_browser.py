"""Issue 24 in a real browser: the map of a kabupaten of 141 desa and kelurahan (Kutai Timur,
about 35.000 km2) and of a kota of 59 kelurahan (Samarinda) fits its frame at desktop and phone
width, for the analis (the whole region) and the verifikator (one area). Bontang's is checked by
test_browser.py's walk through every page (see test_browser.py for the harness)."""

import pytest

from tests.browser import test_browser as harness
from tests.browser.test_browser import READING_WIDTHS, _map_fit_problems, _serve, sign_in, wait_until_idle
from tests.regions import REGIONS, in_region

# The harness's driver, shared with this module.
playwright_driver = harness.playwright_driver

pytestmark = pytest.mark.browser

ACCOUNTS = """
import sys
from analytics.access.users import ensure_demo_accounts, users_path_for
ensure_demo_accounts(users_path_for(sys.argv[1]))
"""


@pytest.fixture(scope="module", params=list(REGIONS))
def region_server(request, region_demo, tmp_path_factory):
    region = request.param
    db = region_demo(region) / "region.duckdb"
    # The region's demo accounts (the verifikator's area is one of the region's), made in a
    # process of the region before the harness would make the demo city's.
    done = in_region(region, ["-c", ACCOUNTS, str(db)])
    assert done.returncode == 0, done.stderr[-2000:]
    for base in _serve(db, tmp_path_factory, region):
        yield region, base


@pytest.fixture(scope="module")
def region_browser(playwright_driver, region_server):
    yield from harness._browser(playwright_driver, region_server[1])


@pytest.mark.parametrize("role", ["analis", "verifikator"])
def test_the_map_of_another_region_fits_at_both_widths(region_server, region_browser, role):
    region, base = region_server
    context = region_browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems = {}
    try:
        page.goto(f"{base}/peta", wait_until="domcontentloaded")
        wait_until_idle(page)
        sign_in(page, role)
        for width, (w, h) in READING_WIDTHS.items():
            page.set_viewport_size({"width": w, "height": h})
            page.wait_for_timeout(800)  # the layout follows the new width
            assert page.locator('[data-testid="stException"]').count() == 0, (region, role, width)
            harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(harness.ARTIFACTS / f"wilayah-{region}-{role}-peta-{width}.png"))
            found = _map_fit_problems(page, role, desktop=w >= 1200)
            if found:
                problems[width] = found
    finally:
        context.close()
    assert problems == {}, (region, problems)
