"""Opening a page file directly, around the menu (issue 19): every role, and nobody signed in,
may open exactly the pages the menu offers it (``ui.navigation.PAGES``), and is refused the
others with the same Indonesian message."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.access.scope import ROLE_LABELS, ROLES
from analytics.paths import PROJECT_ROOT
from tests.dashboard.conftest import TIMEOUT, session
from ui import auth
from ui.navigation import pages_for

PAGE_FILES = sorted((PROJECT_ROOT / "pages").glob("*.py"))


def _outcome(path: Path, token: str | None, refusal: str) -> str | tuple:
    """``dibuka`` (drawn, no refusal), ``ditolak`` (only the refusal, nothing drawn), or what was seen."""
    page = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    if token is not None:
        page.session_state[auth.TOKEN] = token
    page.run()
    errors = [e.value for e in page.error]
    problems = [e.value for e in page.exception]
    if page.title and refusal not in errors and not problems:
        return "dibuka"
    if errors == [refusal] and not (page.title or page.dataframe or page.metric or problems):
        return "ditolak"
    return ([t.value for t in page.title], errors, problems)


@pytest.mark.parametrize("role", [*ROLES, None])
def test_a_page_opens_directly_exactly_for_the_roles_the_menu_offers_it_to(dashboard_db, role):
    if role is None:
        token, offered, refusal = None, set(), "Silakan masuk terlebih dahulu."
    else:
        token = session(role).session_state[auth.TOKEN]
        offered = {Path(page.path).name for page in pages_for(role)}
        refusal = f"Halaman ini tidak tersedia untuk peran {ROLE_LABELS[role]}."
    seen = {path.name: _outcome(path, token, refusal) for path in PAGE_FILES}
    assert seen == {path.name: "dibuka" if path.name in offered else "ditolak" for path in PAGE_FILES}
