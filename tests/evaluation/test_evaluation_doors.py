"""One truth for the yearly review: the command's Word file holds the tables of the analytics
(the page: tests/dashboard/test_dashboard_evaluation.py), for an analyst and for a pimpinan."""

import docx
import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.access.scope import User
from analytics.evaluation import build_evaluation
from analytics.views.source import Source


@pytest.fixture(scope="module")
def model_source(model_con):
    return Source.of(model_con)


def word_tables(path) -> list[pd.DataFrame]:
    document = docx.Document(str(path))
    out = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def review_tables(review) -> list[pd.DataFrame]:
    return [t.display for chapter in review.chapters for t in chapter.tables]


@pytest.mark.parametrize("sdc, role", [(False, "analis"), (True, "pimpinan")])
def test_the_word_file_of_the_command_holds_the_review_tables(model_db, model_con, tmp_path, capsys, sdc, role):
    out = tmp_path / "evaluasi.docx"
    args = ["report", "--db", str(model_db), "--year", "2025", "--format", "docx", "--out", str(out)]
    assert main([*args, *(["--sdc"] if sdc else [])]) == 0
    assert "ditulis ke" in capsys.readouterr().err
    review = build_evaluation(Source.of(model_con), 2025, "official", User("(paket)", role))
    expected = review_tables(review)
    found = word_tables(out)
    assert len(found) == len(expected) >= 6
    for shown, wanted in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(shown, wanted.astype(str).reset_index(drop=True), check_dtype=False)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for chapter in review.chapters:
        assert f"Bab {chapter.number}. {chapter.title}" in text
        assert all(sentence in text for sentence in chapter.sentences)


@pytest.mark.parametrize("line", ["official", "extreme"])
def test_every_demo_year_has_its_review(model_source, line):
    """Every year and both lines: each chapter has its tables, or the one reason every door gives."""
    from analytics.poverty.lines import available_years

    for year in available_years(model_source.cursor()):
        for role in ("analis", "pimpinan"):
            review = build_evaluation(model_source, year, line, User("x", role))
            assert [c.number for c in review.chapters] == [1, 2, 3, 4, 5, 6]
            for chapter in review.chapters:
                assert chapter.tables or (len(chapter.sentences) == 1 and chapter.sentences[0]), (year, chapter.title)
                for table in chapter.tables:  # a figure is text or a disclosure marker, never a silent 0 for missing
                    assert not table.display.isna().any().any(), (year, table.title)


def test_the_real_review_converts_to_pdf(model_db, tmp_path, capsys):
    import shutil
    import subprocess

    from pypdf import PdfReader

    out = tmp_path / "evaluasi.docx"
    args = ["report", "--db", str(model_db), "--year", "2024", "--format", "docx", "--out", str(out), "--sdc"]
    assert main(args) == 0
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: CI installs libreoffice-writer-nogui"
    profile = f"-env:UserInstallation=file://{tmp_path}/profil"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    pages = PdfReader(str(tmp_path / "evaluasi.pdf")).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert len(pages) >= 8
    assert "Evaluasi Tahunan Penanggulangan Kemiskinan Kota Bontang 2024" in text
    assert "Bab 6" in text
