"""One error hierarchy (issue 10): the user's or the data's fault is a UserError with an
Indonesian message (exit 2, one line); anything else is a bug and keeps its traceback."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from analytics.__main__ import main
from analytics.errors import UserError
from analytics.paths import PROJECT_ROOT


def test_every_exception_class_is_in_the_hierarchy_module():
    defined = []
    for path in sorted((PROJECT_ROOT / "analytics").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", "").endswith(("Error", "Exception", "Failed", "Refused", "Denied"))
                for base in node.bases
            ):
                defined.append(f"{path.relative_to(PROJECT_ROOT)}:{node.name}")
    assert all(d.startswith("analytics/errors.py:") for d in defined), defined


def test_a_user_mistake_is_one_indonesian_line_and_exit_2(capsys, tmp_path):
    assert main(["fgt", "--db", str(tmp_path / "tidak-ada.duckdb"), "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("galat: berkas basis data tidak ditemukan") and err.count("\n") == 1


def test_a_bug_is_not_reported_as_a_user_mistake(monkeypatch, small_db):
    import analytics.welfare.measures

    def broken(*args, **kwargs):
        raise RuntimeError("programming error")

    monkeypatch.setattr(analytics.welfare.measures, "fgt_by_area", broken)
    with pytest.raises(RuntimeError):
        main(["fgt", "--db", str(small_db), "--year", "2023"])


def test_a_bug_exits_1_with_its_traceback(tmp_path):
    # As a process: Python's own handling of an uncaught exception (traceback, exit 1).
    script = (
        "import analytics.cli.fgt as f; f.run = lambda args: 1 / 0; from analytics.__main__ import main; main(['fgt'])"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "ZeroDivisionError" in done.stderr and "Traceback" in done.stderr


def test_user_errors_carry_their_message():
    error = UserError(["Berkas a.csv terlalu besar.", "Berkas b.csv kosong."])
    assert error.message == "Berkas a.csv terlalu besar. Berkas b.csv kosong." == str(error)
