"""Evaluasi Tahunan with AppTest: the page shows the tables of the analytics (one truth), for an
analyst and for a pimpinan (protected), with the Word download."""

import pandas as pd
import pytest

from analytics.access.scope import User
from analytics.evaluation import build_evaluation
from analytics.views.source import Source
from tests.dashboard.conftest import open_page, session
from ui.controls import KEY_YEAR


@pytest.mark.parametrize("role", ["analis", "pimpinan"])
def test_the_page_shows_the_review_tables(dashboard_db, demo_con, role):
    at = open_page(session(role), "evaluasi")
    year = int(at.selectbox(key=KEY_YEAR).value)
    review = build_evaluation(Source.of(demo_con), year, "official", User("x", role))
    shown = [d.value.reset_index(drop=True) for d in at.dataframe]
    expected = [t.display for chapter in review.chapters for t in chapter.tables]
    assert len(shown) == len(expected)
    for page_table, wanted in zip(shown, expected, strict=True):
        pd.testing.assert_frame_equal(page_table.astype(str), wanted.astype(str), check_dtype=False)
    assert len(expected) >= 6
    assert any(b.proto.label == "Unduh laporan Word (dapat disunting)" for b in at.get("download_button"))
    headers = [h.value for h in at.subheader]
    assert [h for h in headers if h.startswith("Bab ")] == [f"Bab {c.number}. {c.title}" for c in review.chapters]
