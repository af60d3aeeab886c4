"""What one chapter of the yearly review (Evaluasi Tahunan) holds, whatever shows it.

The page and the Word report lay out the same :class:`Evaluation`: each chapter's tables
(:class:`analytics.report.tables.Table`, numbers and their Indonesian text), one chart described
as data (:class:`Chart`; the page draws it with Plotly, the report with matplotlib), two or three
generated sentences and a marked place for the TKPK's own text. So a number in the Word table is
the number on the page.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import pandas as pd

from analytics.reference import REGION_KIND, UNIT
from analytics.report.tables import Table

#: The chapters' titles, in order (also for a chapter the year cannot support).
TITLES = (
    f"Posisi relatif: {REGION_KIND}, provinsi dan nasional",
    f"Kuadran {UNIT}",
    "Capaian terhadap target",
    "Register dan BPS berdampingan",
    "Program: relevansi dan efektivitas",
    "Prioritas wilayah dan intervensi",
)

#: The marked place for the TKPK's own analysis under every chapter (the report is edited in Word).
TKPK_PLACEHOLDER = "[Diisi TKPK: analisis, penyebab dan rekomendasi untuk bab ini.]"


@dataclass(frozen=True)
class Series:
    """One line, set of points or set of bars of a chart: ``y`` against ``x`` of ``Chart.frame``."""

    y: str  # column of the chart's frame
    name: str  # legend text


@dataclass
class Chart:
    """A chart as data.

    ``kind``: 'line' (x a year), 'scatter' (one point per row, labelled by ``label``; ``hidden``
    rows are not drawn) or 'barh' (one bar group per row, ``x`` the category). ``x_split`` and
    ``y_split`` draw the quadrant lines of a scatter. ``uncertain`` names a boolean column: those
    points are drawn hollow and named as uncertain.
    """

    kind: str
    title: str
    frame: pd.DataFrame
    x: str
    series: tuple[Series, ...]
    x_title: str = ""
    y_title: str = ""
    label: str | None = None
    x_split: float | None = None
    y_split: float | None = None
    uncertain: str | None = None
    note: str = ""
    decimals: int = 2  # what the chart prints (a count 0, P2 ×100 3)


@dataclass
class Chapter:
    number: int
    title: str
    sentences: list[str]
    tables: list[Table]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    """The whole review of one year and line, as one role may read it."""

    year: int
    area_name: str  # 'Kota Bontang'
    line_text: str  # 'garis kemiskinan BPS' or the extreme line, as the pages write it
    created: _dt.date
    suppressed: bool  # built for a role without household access (pimpinan)
    chapters: list[Chapter]
    sources: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Evaluasi Tahunan Penanggulangan Kemiskinan {self.area_name} {self.year}"
