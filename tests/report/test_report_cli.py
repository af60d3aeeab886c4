"""``python -m analytics report``: files written, exit codes and one-line Indonesian errors."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from analytics.__main__ import main
from analytics.paths import PROJECT_ROOT


def run(capsys, *args):
    code = main(["report", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("galat: ")
    assert "Traceback" not in err
    return lines[0]


def test_report_cli_writes_each_format(db, tmp_path, capsys):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for fmt in ("pdf", "pptx", "xlsx"):
        out = tmp_path / f"pack.{fmt}"
        code, stdout, err = run(capsys, "--db", db, "--year", 2024, "--format", fmt, "--out", out)
        assert code == 0, err
        assert f"ditulis ke {out}" in err
        assert out.stat().st_size > 1000
    assert len(PdfReader(tmp_path / "pack.pdf").pages) == 10
    assert len(Presentation(tmp_path / "pack.pptx").slides) == 10
    assert "Peringkat P2" in pd.read_excel(tmp_path / "pack.xlsx", sheet_name=None, engine="calamine")
    assert list(tmp_path.iterdir()) and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # opened read-only


def test_report_cli_line_amount(db, tmp_path, capsys):
    out = tmp_path / "pack.pptx"
    code, _, err = run(capsys, "--db", db, "--year", 2023, "--format", "pptx", "--out", out, "--line", "900000")
    assert code == 0, err
    text = " ".join(shape.text_frame.text for shape in Presentation(out).slides[9].shapes if shape.has_text_frame)
    assert "garis kemiskinan pilihan Rp 900.000" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024", "--format", "pdf", "--out", "{tmp}/a.pdf"], "--db FILE wajib diisi"),
        (["--db", "{db}", "--format", "pdf", "--out", "{tmp}/a.pdf"], "--year wajib diisi"),
        (["--db", "{db}", "--year", "2024", "--out", "{tmp}/a.pdf"], "--format wajib diisi"),
        (["--db", "{db}", "--year", "2024", "--format", "pdf"], "--out PATH wajib diisi"),
        (["--db", "{db}", "--year", "2024", "--format", "odt", "--out", "{tmp}/a"], "--format harus pdf, pptx"),
        (
            [
                "--db",
                "{db}",
                "--year",
                "2024",
                "--format",
                "docx",
                "--out",
                "{tmp}/a.pdf",
                "--kelurahan",
                "64.74.01.1006",
            ],
            "selalu untuk seluruh kota",
        ),
        (["--db", "{db}", "--year", "dua", "--format", "pdf", "--out", "{tmp}/a.pdf"], "--year harus berupa"),
        (["--db", "{db}", "--year", "1999", "--format", "pdf", "--out", "{tmp}/a.pdf"], "tidak ada data keluarga"),
        (
            ["--db", "{tmp}/nope.duckdb", "--year", "2024", "--format", "pdf", "--out", "{tmp}/a.pdf"],
            "berkas basis data tidak ditemukan",
        ),
        (
            ["--db", "{db}", "--year", "2024", "--format", "pdf", "--out", "{tmp}/a.pdf", "--line", "-1"],
            "--line harus berupa jumlah positif",
        ),
        (
            ["--db", "{db}", "--year", "2024", "--format", "pdf", "--out", "{tmp}/a.pdf", "--line", "resmi"],
            "--line harus official, extreme",
        ),
        (
            ["--db", "{db}", "--year", "2024", "--format", "pdf", "--out", "{tmp}/no/dir/a.pdf"],
            "folder untuk --out tidak ada",
        ),
        (["--db", "{db}", "--year", "2024", "--format", "pdf", "--out", "{tmp}"], "--out menunjuk ke folder"),
    ],
)
def test_report_cli_user_mistakes_exit_2(db, tmp_path, capsys, args, message):
    args = [a.format(db=db, tmp=tmp_path) for a in args]
    code, stdout, err = run(capsys, *args)
    assert code == 2
    assert message in one_line_error(err)
    assert stdout == ""
    assert not (tmp_path / "a.pdf").exists()


def test_report_cli_unknown_option_exit_2(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--db", str(db), "--year", "2024", "--format", "pdf", "--out", str(tmp_path / "a"), "--x"])
    assert exc.value.code == 2
    assert "argumen tidak dikenal: --x" in one_line_error(capsys.readouterr().err)


def test_report_cli_as_a_process(db, tmp_path):
    out = tmp_path / "pack.xlsx"
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "report",
            "--db",
            str(db),
            "--year",
            "2022",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert pd.read_excel(io.BytesIO(out.read_bytes()), sheet_name="Tren", header=1, engine="calamine").shape[0] >= 5
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "report",
            "--db",
            str(db),
            "--year",
            "2022",
            "--format",
            "odt",
            "--out",
            str(out),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert one_line_error(bad.stderr) == "galat: --format harus pdf, pptx, xlsx atau docx, bukan 'odt'"


def test_report_cli_sdc_flag_suppresses_small_counts(db, tmp_path, capsys):
    plain, sdc = tmp_path / "plain.xlsx", tmp_path / "sdc.xlsx"
    assert run(capsys, "--db", db, "--year", 2024, "--format", "xlsx", "--out", plain)[0] == 0
    code, _, err = run(capsys, "--db", db, "--year", 2024, "--format", "xlsx", "--out", sdc, "--sdc")
    assert code == 0, err
    column = "Keluarga miskin tanpa program"
    before = pd.read_excel(plain, sheet_name="Cakupan kelurahan", header=1, engine="calamine")[column]
    after = pd.read_excel(sdc, sheet_name="Cakupan kelurahan", header=1, engine="calamine")[column]
    assert before.between(1, 9).any()  # the small demo has kelurahan with a few such families
    assert (after[before.between(1, 9)] == "<10").all()
    assert not pd.to_numeric(after, errors="coerce").between(1, 9).any()
