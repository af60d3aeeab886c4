"""The region is data, not code (issue 24, item 1).

The product serves whichever kabupaten or kota its reference areas name
(``data/reference/kelurahan.csv``, named by the national gazetteer). No string in the code may
name the shipped region, its province, its kecamatan or kelurahan, or spell its code: a new
hard-coded "Kota Bontang" or ``64.74`` fails here. Docstrings (their doctests use the demo's
codes as examples) and comments are not code and are not read. What may name it is listed in
:data:`ALLOWED` with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from analytics import gazetteer
from analytics.paths import PROJECT_ROOT
from analytics.reference import REGION, load_kecamatan, load_kelurahan

CODE_DIRS = ("analytics", "geo", "pages", "ui")
#: Files or folders that may name the shipped region in code, and why.
ALLOWED = {
    "analytics/generate/": "the demo's generator: its population, blocks and welfare are Bontang's by design",
    "analytics/evaluation/registers.py": "a cited public figure of Bontang, introduced as 'Contoh dari Kota Bontang'",
    "analytics/poverty/testing.py": "a four-family fixture for doctests and tests, placed in the demo's kelurahan",
}


def region_pattern() -> re.Pattern:
    """Every name and code of the shipped region: its own, its province's, its kecamatan's and
    its areas', and its code written with or without dots."""
    names = {REGION.nama, REGION.short_name, REGION.nama_provinsi}
    names |= set(load_kecamatan()["nama"]) | set(load_kelurahan()["nama"])
    digits = REGION.kode.replace(".", "")
    codes = {re.escape(REGION.kode), digits}
    words = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(words) + r")\b|" + "|".join(codes))


def docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def named_regions(path: Path, pattern: re.Pattern) -> list[str]:
    """'path:line: text' of every string constant in ``path`` (docstrings aside) that names
    the region."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else path.name
    docs = docstring_nodes(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if pattern.search(node.value):
                hits.append(f"{rel}:{node.lineno}: {node.value[:80]!r}")
    return hits


def code_files() -> list[Path]:
    files = [PROJECT_ROOT / "dashboard.py"]
    for folder in CODE_DIRS:
        files += sorted((PROJECT_ROOT / folder).rglob("*.py"))
    return [f for f in files if not any(f.relative_to(PROJECT_ROOT).as_posix().startswith(a) for a in ALLOWED)]


def test_no_code_names_the_region():
    pattern = region_pattern()
    hits = [hit for path in code_files() for hit in named_regions(path, pattern)]
    assert hits == [], "the region is data (analytics.reference.REGION), not code:\n" + "\n".join(hits)


def test_the_scan_finds_a_hard_coded_region(tmp_path):
    # The check must be able to fail: a constant naming the region, its code or a kelurahan. The
    # probe is written outside the source tree: a file appearing there, even for a moment, changes
    # the digest another test process keys its shared builds by (tests/shared_builds.py).
    pattern = region_pattern()
    module = tmp_path / "region_probe.py"
    module.write_text('"""Docstring: Kota Bontang, 64.74 (allowed)."""\nA = "Kota Bontang"\nB = "6474011001"\n')
    hits = named_regions(module, pattern)
    assert [h.split(":")[1] for h in hits] == ["2", "3"]


def test_every_allowed_path_exists_and_still_needs_its_place():
    pattern = region_pattern()
    for allowed in ALLOWED:
        path = PROJECT_ROOT / allowed
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        assert any(named_regions(f, pattern) for f in files), f"{allowed} names no region: remove it from ALLOWED"


def test_the_region_comes_from_the_reference_areas():
    codes = load_kelurahan()["kode"]
    assert REGION.kode == gazetteer.region_of(codes)
    assert REGION.kode == codes.str.rsplit(".", n=2).str[0].unique().item()
