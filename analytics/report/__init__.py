"""Briefing pack for the mayor's office: PDF, PowerPoint and Excel for one year.

>>> REPORT_FORMATS
('pdf', 'pptx', 'xlsx')

``build_report(con, year, fmt, line, suppress=False)`` returns the file as bytes (the dashboard calls it on
a button click; the CLI ``python -m analytics report`` writes it to a file). Everything is
built on request from the read-only database; nothing is cached or downloaded. With
``kecamatan=`` or ``kelurahan=`` it is the pack of that area (:mod:`analytics.report.area`).
"""

from __future__ import annotations

import datetime as _dt

import duckdb

from analytics.errors import InputError
from analytics.reference import UNIT

__all__ = ["MIME_TYPES", "REPORT_FORMATS", "SLIDE_TITLES", "build_report", "file_name"]

REPORT_FORMATS = ("pdf", "pptx", "xlsx")
MIME_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Pages of the PDF and slides of the PPTX, in order (one page/slide each).
SLIDE_TITLES = (
    "Judul",
    "Angka utama",
    "Peta keparahan kemiskinan (P2)",
    "Tren P0, P1 dan P2",
    f"Peringkat {UNIT} menurut P2",
    f"Cakupan program per {UNIT}",
    "Cakupan per program",
    "Segmen keluarga miskin",
    "Ringkasan naratif",
    "Catatan metode",
)


def file_name(year: int, fmt: str, kecamatan: str | None = None, kelurahan: str | None = None) -> str:
    """Download file name of a pack (the city's, or that of the chosen area).

    >>> file_name(2024, "pdf"), file_name(2025, "xlsx", kelurahan="64.74.01.1006")
    ('ringkasan-kemiskinan-bontang-2024.pdf', 'ringkasan-kemiskinan-api-api-2025.xlsx')
    """
    from analytics.report.area import pack_area

    return f"ringkasan-kemiskinan-{pack_area(kecamatan, kelurahan).slug}-{year}.{fmt}"


def build_report(
    con: duckdb.DuckDBPyConnection,
    year: int,
    fmt: str,
    line="official",
    *,
    boundaries=None,
    today: _dt.date | None = None,
    suppress: bool = False,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
) -> bytes:
    """Build one year's briefing pack and return the file's bytes.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Integrated database (read-only is enough).
    year : int
        A year with families.
    fmt : {'pdf', 'pptx', 'xlsx'}
    line : {'official', 'extreme'} or float, default 'official'
    boundaries : geo.boundaries.KelurahanMap, optional
        Kelurahan polygons for the map (default ``geo.boundaries.kelurahan_map()``).
    today : datetime.date, optional
        Date on the title page (default today).
    suppress : bool, default False
        The pack for a role without household access (pimpinan): counts of 1 to 9 persons or
        families are shown as ``<10`` and the figures that would give them back as ``x``
        (:mod:`analytics.disclosure`); the title and method pages say so.
    kecamatan, kelurahan : str, optional
        Kemendagri codes of the sidebar's choice: the pack of that area (its figures, trend,
        segments and paragraph; city-wide tables with its rows marked). Neither: the city.

    Raises
    ------
    ValueError
        Unknown format, year or area, a line missing for the year (message in Bahasa Indonesia).
    """
    if fmt not in REPORT_FORMATS:
        raise InputError(f"format laporan harus pdf, pptx atau xlsx, bukan {fmt!r}")
    from analytics.report.data import collect

    data = collect(con, year, line, today=today, suppress=suppress, kecamatan=kecamatan, kelurahan=kelurahan)
    if fmt == "xlsx":
        from analytics.report.xlsx import write_xlsx

        return write_xlsx(data)
    from analytics.report.charts import map_png, trend_png

    if boundaries is None:
        from geo.boundaries import kelurahan_map

        boundaries = kelurahan_map()
    images = {
        "map": map_png(
            boundaries.frame,
            data.kelurahan_p2,
            data.year,
            schematic=boundaries.schematic,
            highlight=data.highlight,
            highlight_label=data.area_name,
        ),
        "trend": trend_png(data.trend),
        "schematic": boundaries.schematic,
    }
    if fmt == "pdf":
        from analytics.report.pdf import write_pdf

        return write_pdf(data, images)
    from analytics.report.pptx import write_pptx

    return write_pptx(data, images)
