"""One truth for the yearly review: the command's Word file holds the tables of the analytics
(the page: tests/dashboard/test_dashboard_evaluation.py), for an analyst and for a pimpinan."""

import docx
import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.access.scope import User
from analytics.evaluation import build_evaluation
from analytics.views.source import Source


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
