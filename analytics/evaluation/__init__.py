"""Bappeda's yearly review (Evaluasi Tahunan): the TKPK's annual analysis, generated.

The TNP2K handbook for the TKPK frames the analysis as problem priorities, determinants,
intervention priorities and area priorities, with the region's position against its province
and the nation. :func:`build_evaluation` returns the six chapters of one year and line as one
role may read them (:class:`analytics.evaluation.chapter.Evaluation`); the page and the Word
report (:mod:`analytics.report.evaluation_docx`) lay out that one object. Every number comes
from the functions the other pages and the briefing pack use, protected the same way.
"""

from __future__ import annotations

import datetime as _dt

from analytics.access.scope import User
from analytics.errors import DataError
from analytics.evaluation.budget import HOW_TO as BUDGET_HOW_TO
from analytics.evaluation.budget import read_budget
from analytics.evaluation.chapter import TITLES, TKPK_PLACEHOLDER, Chapter, Chart, Evaluation, Series
from analytics.evaluation.position import position_chapter
from analytics.evaluation.priorities import priorities_chapter
from analytics.evaluation.programmes import programmes_chapter
from analytics.evaluation.province import HOW_TO, province_quadrant, read_kabkota
from analytics.evaluation.quadrant import quadrant_chapter
from analytics.evaluation.registers import registers_chapter
from analytics.evaluation.series import read_comparison
from analytics.evaluation.targets import read_targets, targets_chapter
from analytics.labels import line_text
from analytics.poverty.lines import resolve_line
from analytics.reference import REGION, REGION_NAME
from analytics.settings import settings
from analytics.views.protection import needs_protection
from analytics.views.source import Source

__all__ = ["TKPK_PLACEHOLDER", "Chapter", "Chart", "Evaluation", "Series", "build_evaluation"]

SOURCES = [
    "Register terpadu (Regsosek, P3KE, DTKS, DTSEN) dan Susenas, melalui satu lapisan kesejahteraan yang sama "
    "dengan halaman dasbor dan bahan paparan; estimasi model (SAE) pada tahun model.",
    f"Deret BPS {REGION_NAME}, Provinsi {REGION.nama_provinsi} dan Indonesia: data/reference (sumber per nilai).",
    "Target: berkas target daerah, atau contoh demo data/reference/targets_demo.csv (target bertanda CONTOH bukan "
    "target resmi).",
]


def _user_file(field: str, read):
    """The region's own file named in the settings (read, so a bad row refuses its chapter with
    the loader's message), or None for the shipped one."""
    path = getattr(settings(), field)
    return None if path is None else read(path)


def _programmes(source: Source, year: int, line, user: User | None) -> Chapter:
    """Chapter 5; a budget file that cannot be read leaves the chapter whole, its message under it."""
    try:
        budget = _user_file("budget_file", read_budget)
    except DataError as exc:
        chapter = programmes_chapter(source, year, line, user)
        chapter.notes = [n for n in chapter.notes if n != BUDGET_HOW_TO] + [exc.message]
        return chapter
    return programmes_chapter(source, year, line, user, budget)


def _add_province(chapter: Chapter, year: int) -> None:
    """The kab/kota quadrant under chapter 2 when the user supplied the province's kab/kota
    series; otherwise, or when it cannot be drawn, the note that says why."""
    try:
        kabkota = _user_file("kabkota_file", read_kabkota)
        if kabkota is None:
            chapter.notes.append(HOW_TO)
            return
        comparison = _user_file("comparison_file", read_comparison)
        chapter.tables.append(province_quadrant(year, kabkota, comparison))
    except DataError as exc:
        chapter.notes.append(exc.message)


def _chapter(number: int, build) -> Chapter:
    """The chapter, or, when the year's data cannot support it, the chapter with the reason
    every other door gives (no table, no chart: never a figure the data cannot support)."""
    try:
        return build()
    except DataError as exc:
        return Chapter(number, TITLES[number - 1], [exc.message], [])


def build_evaluation(source: Source, year: int, line, user: User | None, created: _dt.date | None = None) -> Evaluation:
    """The six chapters of ``year`` on ``line`` ('official', 'extreme' or an amount) for ``user``."""
    builders = [
        lambda: position_chapter(year, _user_file("comparison_file", read_comparison)),
        lambda: quadrant_chapter(source, year, line, user),
        lambda: targets_chapter(source, year, user, _user_file("target_file", read_targets)),
        lambda: registers_chapter(source, year, line, user),
        lambda: _programmes(source, year, line, user),
        lambda: priorities_chapter(source, year, line, user),
    ]
    chapters = [_chapter(number, build) for number, build in enumerate(builders, start=1)]
    _add_province(chapters[1], year)
    return Evaluation(
        year=year,
        area_name=REGION_NAME,
        line_text=line_text(resolve_line(source.cursor(), year, line)),
        created=created or _dt.date.today(),
        suppressed=needs_protection(user),
        chapters=chapters,
        sources=SOURCES,
    )
