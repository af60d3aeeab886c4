"""Evaluasi Tahunan: the page's view of the yearly review and its Word file.

The page and the download lay out one :class:`analytics.evaluation.chapter.Evaluation`, built
for the signed-in role (a pimpinan's is protected like every pimpinan view), so the Word tables
hold the numbers on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.access.scope import User
from analytics.evaluation import Evaluation, build_evaluation
from analytics.reference import REGION_CODE, REGION_KIND, REGION_NAME, REGION_SLUG
from analytics.report.evaluation_docx import evaluation_docx
from analytics.views.protection import needs_protection
from analytics.views.selection import Selection
from analytics.views.source import Source

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class EvaluationPage:
    evaluation: Evaluation
    caption: str
    file_name: str
    mime: str = DOCX_MIME


def build(source: Source, selection: Selection, user: User | None) -> EvaluationPage:
    """The review of the sidebar's year and line (always the city's: the TKPK reports for it)."""
    evaluation = build_evaluation(source, selection.year, selection.line, user)
    caption = (
        f"Analisis tahunan TKPK {REGION_NAME} {selection.year}, {evaluation.line_text}: posisi relatif, kuadran, "
        "target, register dan BPS, program, prioritas. Angka dari fungsi yang sama dengan halaman lain dan bahan "
        "paparan (analytics.evaluation.build_evaluation)."
    )
    if selection.area != REGION_CODE:
        caption += (
            f" Evaluasi ini selalu untuk seluruh {REGION_KIND}; pilihan kecamatan/kelurahan di sisi kiri tidak dipakai."
        )
    if needs_protection(user):
        caption += " Versi pimpinan: jumlah 1–9 ditampilkan <10 dan angka yang dapat mengungkapnya x."
    return EvaluationPage(evaluation, caption, f"evaluasi-tahunan-{REGION_SLUG}-{selection.year}.docx")


def word_file(source: Source, selection: Selection, user: User | None) -> bytes:
    """The Word report of the page, built on the click."""
    return evaluation_docx(build(source, selection, user).evaluation)
