"""Pembangunan Alternatif: the P4GN team's kelurahan statuses beside poverty depth, severity
and the poor families an empowerment program could reach."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import alternative_development as p4gn
from analytics import segments
from analytics.access.scope import User
from analytics.formats import MISSING, bps_scale, percent, to_tens
from analytics.labels import BPS_SCALE_NOTE, P4GN_STATUS, label, line_text
from analytics.poverty.lines import resolve_line
from analytics.reference import REGION_NAME, UNIT, UNIT_TITLE
from analytics.views import tables
from analytics.views.protection import NOTE, has_hidden, protect_areas
from analytics.views.selection import Selection, only_inside
from analytics.views.source import Source
from analytics.views.welfare_page import source_note
from analytics.welfare.estimates import area_estimates, is_model_frame

# A hidden poor count hides the row's P0 to P2 (issue 6): the same cells as every other page.
PROTECTED = {"poor": "poor", "p0": "p0", "p1": "p1", "p2": "p2", "empower_families": "empower_families"}
EXAMPLE_WARNING = (
    "CONTOH: status kerawanan pada halaman ini adalah nilai contoh untuk demo, BUKAN data nyata Tim Terpadu "
    f"P4GN {REGION_NAME}. Administrator data dapat memasang berkas status dari tim (kolom kelurahan, status, "
    "tanggal, sumber) melalui pengaturan dasbor; hubungi administrator data."
)


@dataclass(frozen=True)
class AlternativeDevelopmentPage:
    example_warning: str | None
    problems: list[str]
    missing_kelurahan: list[str]
    title: str
    crossed: pd.DataFrame
    caption: str
    crossed_note: str | None
    dual_aim: pd.DataFrame
    status_source: str | None = None  # the one source of every row, said once above the table


def build(source: Source, selection: Selection, user: User | None, status: p4gn.StatusImport):
    """Everything the page shows: ``status`` is the team's table (:func:`read_status_table`)."""
    year, line = selection.year, selection.line
    fgt = source.get(area_estimates, year, by="kelurahan", line=line)
    seg = source.get(segments.segments, year, "kelurahan", line)
    crossed = p4gn.cross_with_poverty(status.table, fgt, seg)
    both = p4gn.dual_aim_kelurahan(crossed)
    crossed = only_inside(protect_areas(source, crossed, user, year, line, PROTECTED), selection.within)
    both = only_inside(protect_areas(source, both, user, year, line, PROTECTED), selection.within)
    pl = source.get(resolve_line, year, line)
    common = common_source(status.table) if len(status.table) else None
    return AlternativeDevelopmentPage(
        example_warning=EXAMPLE_WARNING if status.is_example else None,
        problems=list(status.problems),
        missing_kelurahan=list(status.missing_kelurahan),
        title=f"Status kerawanan dan kemiskinan {year}",
        crossed=status_table(crossed, model=is_model_frame(fgt), with_source=common is None),
        caption=f"{source_note(source, year)} Dasar: {line_text(pl)}. {BPS_SCALE_NOTE}. Sumber: "
        "analytics.alternative_development.cross_with_poverty (welfare.estimates.area_estimates, segments.segments).",
        crossed_note=f"{NOTE} P0, P1 dan P2 {UNIT} yang jumlah penduduk miskinnya disembunyikan juga ditampilkan x."
        if has_hidden(crossed, list(PROTECTED))
        else None,
        dual_aim=status_table(both, model=is_model_frame(fgt), with_source=common is None),
        status_source=None if common is None else f"Sumber status semua {UNIT}: {common}.",
    )


def common_source(frame: pd.DataFrame) -> str | None:
    """The source every row names, when they all name the same one (the demo's long "CONTOH…"
    text was repeated in every row); None when they differ or name none.

    >>> common_source(pd.DataFrame({"source": ["CONTOH demo", "CONTOH demo"]}))
    'CONTOH demo'
    >>> common_source(pd.DataFrame({"source": ["Tim A", "Tim B"]})) is None
    True
    """
    sources = frame["source"].dropna().unique()
    return str(sources[0]) if len(sources) == 1 and frame["source"].notna().all() else None


def status_table(frame: pd.DataFrame, model: bool = False, with_source: bool = True) -> pd.DataFrame:
    """The team's status beside each kelurahan's figures; a model's counts are estimates, shown
    to the nearest ten as on every page and in the pack. ``with_source``: the Sumber column
    (left out when every row names the same source, said once above the table)."""
    count = (lambda s: tables.counts(s.map(to_tens))) if model else tables.counts
    table = pd.DataFrame(
        {
            UNIT_TITLE: frame["nama"],
            # Plain words: emoji need fonts an office PC or a headless browser may lack.
            "Status": frame["status"].map(lambda s: label(P4GN_STATUS, s)),
            "Tanggal": frame["date"].map(lambda d: MISSING if d is None or pd.isna(d) else d.strftime("%d/%m/%Y")),
            "Sumber": frame["source"].fillna(MISSING),
            "Penduduk miskin": count(frame["poor"]),
            "P0": tables.shares(frame["p0"], percent),
            "P1 (×100)": tables.shares(frame["p1"], bps_scale),
            "P2 (×100)": tables.shares(frame["p2"], lambda v: bps_scale(v, 3)),
            "Keluarga miskin dapat diberdayakan": count(frame["empower_families"]),
        }
    )
    return table if with_source else table.drop(columns="Sumber")
