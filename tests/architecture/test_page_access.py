"""Which role may open which page is said once, in ``ui.navigation.PAGES`` (issue 19): every page
file has its entry there and, before it does anything else, asks ``auth.require_page(__file__)``
for it; no page names roles of its own."""

from __future__ import annotations

import ast
from pathlib import Path

from analytics.paths import PROJECT_ROOT
from ui.navigation import PAGES

PAGE_FILES = sorted((PROJECT_ROOT / "pages").glob("*.py"))
CHECK = "auth.require_page(__file__)"


def _calls(tree: ast.Module) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _first_statement(tree: ast.Module) -> ast.stmt:
    """The first statement after the docstring and the imports."""
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return next(s for s in body if not isinstance(s, ast.Import | ast.ImportFrom))


def test_no_page_passes_roles_of_its_own():
    found = []
    for path in PAGE_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            if _name(call) in ("require", "require_page") and ast.unparse(call) != CHECK:
                found.append(f"{path.name}:{call.lineno}: {ast.unparse(call)}")
    assert found == []


def test_every_page_asks_for_its_own_entry_first():
    assert len(PAGE_FILES) > 10
    assert sorted(Path(page.path).name for page in PAGES) == [f.name for f in PAGE_FILES]
    unchecked = {}
    for path in PAGE_FILES:
        first = _first_statement(ast.parse(path.read_text(encoding="utf-8")))
        if not (isinstance(first, ast.Assign) and ast.unparse(first.value) == CHECK):
            unchecked[path.name] = ast.unparse(first)
    assert unchecked == {}
