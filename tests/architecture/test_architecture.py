"""The structure the maintainers rely on (issue 10), checked on the source tree itself.

- SQL lives in ``analytics/sql/**.sql`` only, one statement per file, every file used; the
  poverty rule is written once (the macros) and no other query compares welfare to a line.
- Pages import no ``analytics`` module: they call ``ui.data`` and draw.
- No ``DataFrame.attrs`` as a second return channel.
- No function over 60 lines of code (its docstring aside) and no module over 400 lines
  without a stated reason.
- No comment that switches the formatter off for a line or a block (issue 19): the limits
  above are counted on code as ``ruff format`` writes it.
- The README's settings table lists exactly the settings of ``analytics.settings``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from analytics.paths import PROJECT_ROOT
from analytics.settings import SETTINGS

SQL_ROOT = PROJECT_ROOT / "analytics" / "sql"
CODE_DIRS = ("analytics", "ui", "geo", "pages", "benchmarks")
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
# A docstring that states why a function or module is longer than the limits.
LONG_REASON = re.compile(r"\blong(er)? because\b", re.IGNORECASE)
# A formatter switch: ruff keeps a line or block as written (fmt skip/off, and yapf's disable).
FORMAT_SWITCH = re.compile(r"\b(fmt|yapf):\s*(skip|off|disable)\b")
# Lines that may keep one, as "path: stripped line" (e.g. a data table aligned by hand); none now.
FORMAT_SWITCH_ALLOWED: frozenset[str] = frozenset()
SQL_STATEMENT = re.compile(
    r"\bselect\b.+\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b"
    r"|\bcreate\s+(or\s+replace\s+)?(temp\w*\s+)?(table|view|macro)\b|\bdrop\s+table\b|\balter\s+table\b",
    re.IGNORECASE | re.DOTALL,
)


def python_files() -> list[Path]:
    files = [PROJECT_ROOT / "dashboard.py"]
    for folder in CODE_DIRS:
        files += sorted((PROJECT_ROOT / folder).rglob("*.py"))
    return [f for f in files if "__pycache__" not in f.parts]


def project_python_files() -> list[Path]:
    """Every Python file of the project: the code and the tests."""
    tests = sorted((PROJECT_ROOT / "tests").rglob("*.py"))
    return python_files() + [f for f in tests if "__pycache__" not in f.parts]


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def docstring_nodes(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def sql_files() -> list[Path]:
    return sorted(SQL_ROOT.rglob("*.sql"))


def without_comments(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)  # string literals may hold anything
    return re.sub(r"--[^\n]*", "", sql)


def test_no_sql_statement_in_python_outside_the_runner():
    runner = SQL_ROOT / "__init__.py"
    found = []
    for path in python_files():
        if path == runner:
            continue
        tree = parsed(path)
        docstrings = docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if SQL_STATEMENT.search(node.value):
                    found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert found == []


def test_one_statement_per_sql_file():
    many = []
    for path in sql_files():
        body = without_comments(path.read_text(encoding="utf-8")).strip().rstrip(";")
        # A trigger's body holds statements of its own between begin and end.
        body = re.sub(r"(?is)\bbegin\b.*?\bend\b", "", body)
        if ";" in body:
            many.append(str(path.relative_to(SQL_ROOT)))
    assert many == []


def test_every_sql_file_is_used():
    code = "\n".join(p.read_text(encoding="utf-8") for p in python_files())
    unused = []
    for path in sql_files():
        name = path.relative_to(SQL_ROOT).with_suffix("").as_posix()
        folder = path.parent.relative_to(SQL_ROOT).as_posix()
        if f'"{name}"' not in code and f'"{folder}"' not in code:
            unused.append(name)
    assert unused == []


def test_the_poverty_rule_is_written_once():
    # Outside the macros no query compares welfare with a line itself: it calls is_poor or an
    # FGT sum, so --poor-if reaches every classification.
    comparison = re.compile(r"\b(expenditure_pc|y|y_after)\s*<=?\s*(\$\w+|z\b|line\b)")
    allowed = {"quality/verification_priority": ["expenditure_pc < $line * $near_factor"]}
    found = []
    for path in sql_files():
        name = path.relative_to(SQL_ROOT).with_suffix("").as_posix()
        if name.startswith("macros/"):
            continue
        body = without_comments(path.read_text(encoding="utf-8"))
        for match in comparison.finditer(body):
            line = body[match.start() :].splitlines()[0].strip()
            if not any(line.startswith(ok) for ok in allowed.get(name, [])):
                found.append(f"{name}: {line}")
    assert found == []
    assert "is_poor" in (SQL_ROOT / "macros" / "01_is_poor.sql").read_text(encoding="utf-8")


def test_the_poverty_rule_has_one_python_home():
    # Issue 19: the rule and the gap were copied into five NumPy modules. Outside
    # analytics/poverty/rule.py no code compares welfare with a line or writes the gap itself.
    comparison = re.compile(r"\b(y|flat_y|y_poor|welfare|expenditure\w*)\s*<=?\s*(z|line|lines)\b")
    gap = re.compile(r"1(\.0)?\s*-\s*(np\.maximum\()?[\w.\[\]]+(, 0\.0\))?\s*/\s*(z|line)\b")
    found = []
    for path in python_files():
        if path.name == "rule.py" or "tests" in path.relative_to(PROJECT_ROOT).parts:
            continue
        code = _code_without_strings(path)
        found += [f"{path.relative_to(PROJECT_ROOT)}: {m.group(0)}" for m in comparison.finditer(code)]
        found += [f"{path.relative_to(PROJECT_ROOT)}: {m.group(0)}" for m in gap.finditer(code)]
    assert found == []


def test_no_measure_reads_the_family_expenditure_itself():
    # Issue 19: a measure that summed family.expenditure_pc on a model year printed zeros. The
    # measures' SQL takes its welfare from a relation of analytics/sql/welfare/, built by
    # analytics.welfare.observed after checking the year's source.
    found = [
        path.relative_to(SQL_ROOT).as_posix()
        for path in sql_files()
        if path.relative_to(SQL_ROOT).as_posix().startswith("measures/")
        and "expenditure_pc" in without_comments(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    poverty = PROJECT_ROOT / "analytics" / "poverty"
    readers = [
        path.name
        for path in poverty.glob("*.py")
        if path.name != "testing.py" and "expenditure_pc" in _code_without_docstrings(path)
    ]
    assert readers == []


class _NoStrings(ast.NodeTransformer):
    def visit_Constant(self, node):
        return ast.Constant("") if isinstance(node.value, str) else node


def _code_without_strings(path) -> str:
    """The module's code with every string literal (docstrings, messages) emptied."""
    return ast.unparse(_NoStrings().visit(parsed(path)))


def _code_without_docstrings(path) -> str:
    tree = parsed(path)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                body[0] = ast.Pass()
    return ast.unparse(tree)


def test_pages_import_no_analytics_module():
    found = []
    for path in sorted((PROJECT_ROOT / "pages").glob("*.py")):
        for node in ast.walk(parsed(path)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            found += [f"{path.name}: {n}" for n in names if n == "analytics" or n.startswith("analytics.")]
    assert found == []


def test_no_dataframe_attrs():
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
        for path in python_files()
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.Attribute) and node.attr == "attrs"
    ]
    assert found == []


def test_functions_and_modules_are_short_or_say_why():
    long_functions, long_modules = [], []
    for path in python_files():
        tree = parsed(path)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES and not LONG_REASON.search(ast.get_docstring(tree) or ""):
            long_modules.append(f"{path.relative_to(PROJECT_ROOT)} ({lines})")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1 - _docstring_lines(node)
                if length > MAX_FUNCTION_LINES and not LONG_REASON.search(ast.get_docstring(node) or ""):
                    long_functions.append(f"{path.relative_to(PROJECT_ROOT)}:{node.name} ({length})")
    assert long_modules == [] and long_functions == []


def test_no_formatter_switch():
    found = []
    for path in project_python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{path.relative_to(PROJECT_ROOT)}: {line.strip()}"
            if FORMAT_SWITCH.search(line) and where not in FORMAT_SWITCH_ALLOWED:
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{number}")
    assert found == []


def _docstring_lines(node) -> int:
    """Lines of a function's docstring: documentation is not length to be split."""
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.end_lineno - first.lineno + 1
    return 0


def readme_settings() -> dict[str, str]:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells[1].strip("`")
    return rows


def test_readme_lists_every_setting_with_its_default():
    assert readme_settings() == {s.name: s.default for s in SETTINGS}
