"""Every page, as every role sees it, speaks to officials (issue 14): no Python function paths,
no environment variable names outside the admin's own pages, no raw reason codes, and a change
that rounds to zero is grey, never a red "worse"; every table keeps its key column pinned.

The texts are read from what Streamlit draws (titles, paragraphs, captions, notes, metrics,
table headers and cells, expander and control labels); an ⓘ tooltip may name the function
behind a figure, so tooltips are not read.
"""

import json
import re

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from analytics.access.users import ensure_demo_accounts, users_path_for
from analytics.labels import REASONS
from tests.dashboard.conftest import PAGES, session

FUNCTION_PATH = re.compile(r"\banalytics\.[a-z_]+")
ENVIRONMENT = re.compile(r"KEMISKINAN_[A-Z_]+")
REASON_CODES = re.compile(r"\b(" + "|".join(sorted((c for c in REASONS if "_" in c), key=len, reverse=True)) + r")\b")
ADMIN_PAGES = {"impor", "pengguna", "audit"}
PAGES_OF = {
    "pimpinan": ["ringkasan", "peta", "tren", "cakupan", "p4gn"],
    "analis": ["ringkasan", "peta", "tren", "cakupan", "kualitas", "p4gn"],
    "verifikator": ["peta", "cakupan", "kualitas"],
    "admin": ["impor", "pengguna", "audit"],
}
TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "text",
    "code",
)


def shown_texts(at) -> list[str]:
    """Everything a user reads on the page, tooltips excepted."""
    texts = []
    for kind in TEXT_ELEMENTS:
        texts += [str(e.value) for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, str(metric.value), metric.proto.body]
    for expander in at.expander:
        texts.append(expander.label)
    for frame in (d.value for d in at.dataframe):
        texts += [str(c) for c in frame.columns]
        texts += [str(v) for v in frame.head(300).to_numpy().ravel()]
    for widget in (*at.selectbox, *at.radio, *at.multiselect):
        texts.append(widget.label)
        texts += [str(o) for o in widget.options]
    texts += [b.label for b in at.button]
    return texts


def offenders(texts: list[str], pattern: re.Pattern) -> list[str]:
    return sorted({t[:160] for t in texts if pattern.search(t)})


def zero_deltas_not_red(at) -> list[str]:
    bad = []
    for metric in at.metric:
        delta = metric.proto.delta
        if delta and delta[0] not in "+-" and metric.proto.color == MetricProto.MetricColor.RED:
            bad.append(f"{metric.label}: {delta}")
    return bad


@pytest.fixture
def model_dashboard(model_db, monkeypatch):
    ensure_demo_accounts(users_path_for(model_db))
    monkeypatch.setenv("KEMISKINAN_DB", str(model_db))
    return model_db


def unpinned_tables(at) -> list[str]:
    """Tables whose first column is not pinned: scrolled sideways (a phone), it would vanish."""
    bad = []
    for table in at.dataframe:
        config = json.loads(table.proto.columns or "{}")
        first = str(table.value.columns[0]) if len(table.value.columns) else None
        if first is not None and not config.get(first, {}).get("pinned"):
            bad.append(first)
    return bad


def _check_pages(role: str, pages: list[str]) -> None:
    at = session(role)
    for name in pages:
        at.switch_page(PAGES[name])
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        texts = shown_texts(at)
        assert offenders(texts, FUNCTION_PATH) == [], f"{role} / {name}: function paths on screen"
        if name not in ADMIN_PAGES:
            assert offenders(texts, ENVIRONMENT) == [], f"{role} / {name}: environment variable on screen"
        assert offenders(texts, REASON_CODES) == [], f"{role} / {name}: raw reason code on screen"
        assert zero_deltas_not_red(at) == [], f"{role} / {name}"
        assert unpinned_tables(at) == [], f"{role} / {name}: key column not pinned"
        # The account box (sign out) is drawn after the page, also when the page stops early.
        assert "Keluar" in [b.label for b in at.button], f"{role} / {name}: no sign-out button"


@pytest.mark.parametrize("role", sorted(PAGES_OF))
def test_pages_speak_plain_indonesian(dashboard_db, role):
    _check_pages(role, PAGES_OF[role])


@pytest.mark.parametrize("role", ["analis", "pimpinan"])
def test_model_path_pages_speak_plain_indonesian(model_dashboard, role):
    _check_pages(role, [*PAGES_OF[role], *(["model_sae"] if role == "analis" else [])])


def test_the_check_finds_what_it_looks_for():
    texts = ["Sumber: analytics.summary.headline.", "Atur KEMISKINAN_DB.", "Alasan: region_unknown"]
    assert offenders(texts, FUNCTION_PATH) and offenders(texts, ENVIRONMENT) and offenders(texts, REASON_CODES)
    assert not offenders(["wilayah tidak dikenal", "P0 3,21 %"], REASON_CODES)
