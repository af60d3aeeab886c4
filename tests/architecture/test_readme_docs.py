"""Issue 27, point 12: the README stays a README (start, test, pages, data loading); the method,
privacy, verval and command detail live in docs/ and the README links each document, and it
shows the Ringkasan an official sees at a desktop and a phone width."""

import re

from analytics.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
MAX_LINES = 400


def test_the_readme_is_short_and_links_the_documents():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, len(text.splitlines())
    for heading in ("## Start the dashboard", "## Run the tests", "## Settings", "## What each page answers"):
        assert heading in text, heading
    assert "## Loading real registers" in text
    linked = set(re.findall(r"\]\((docs/[^)]+)\)", text)) | set(re.findall(r'src="(docs/[^"]+)"', text))
    documents = {f"docs/{p.name}" for p in (PROJECT_ROOT / "docs").glob("*.md")}
    assert documents and documents <= linked, documents - linked
    assert {"docs/ringkasan-desktop.png", "docs/ringkasan-phone.png"} <= linked
    for target in linked:
        assert (PROJECT_ROOT / target).is_file(), target


def test_every_link_between_the_documents_resolves():
    for document in [README, *(PROJECT_ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", document.read_text(encoding="utf-8")):
            if not target.startswith("http"):
                assert (document.parent / target).resolve().exists(), (document.name, target)
