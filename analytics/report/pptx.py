"""The pack as a PowerPoint deck (python-pptx): editable titles, text boxes and tables."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from analytics import formats as fmt
from analytics.labels import line_text
from analytics.reference import UNIT, UNIT_TITLE
from analytics.report import SLIDE_TITLES
from analytics.report.charts import SCHEMATIC_LABEL
from analytics.report.data import ReportData
from analytics.report.tables import (
    BPS_SCALE_NOTE,
    ESTIMATED_NOTE,
    SUPPRESSION_MAP_NOTE,
    SUPPRESSION_TITLE,
    Table,
)

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
ACCENT = RGBColor(0x8E, 0x24, 0x1B)
#: The rows of the pack's own area in a city-wide table.
MARKED = RGBColor(0xD9, 0xE4, 0xF5)


def _text_box(slide, left, top, width, height, paragraphs, size=14, bold_first=False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = text
        p.font.size = Pt(size)
        if bold_first and i == 0:
            p.font.bold = True
    return box


def _slide(prs, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, Inches(0.9)
    shape.text = title
    for p in shape.text_frame.paragraphs:
        p.font.size = Pt(28)
        p.font.bold = True
        p.font.color.rgb = ACCENT
    return slide


def _table(slide, table: Table, left, top, width, height, size=11, columns=None):
    display = table.display if columns is None else table.display[columns]
    n_rows, n_cols = len(display) + 1, len(display.columns)
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, height)
    grid = shape.table
    for c, name in enumerate(display.columns):
        grid.cell(0, c).text = str(name)
    for r, row in enumerate(display.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            grid.cell(r, c).text = str(value)
    for r in range(n_rows):
        grid.rows[r].height = Emu(int(height / n_rows))
        marked = r - 1 in table.marked_rows
        for c in range(n_cols):
            cell = grid.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            if marked:
                cell.fill.solid()
                cell.fill.fore_color.rgb = MARKED
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(size)
                p.font.bold = r == 0 or marked
    return shape


def _picture(slide, png: bytes, left, top, width=None, height=None):
    return slide.shapes.add_picture(io.BytesIO(png), left, top, width=width, height=height)


def _footer(slide, text: str):
    _text_box(slide, MARGIN, HEIGHT - Inches(0.55), WIDTH - 2 * MARGIN, Inches(0.4), [text], size=10)


def write_pptx(data: ReportData, images: dict) -> bytes:
    """Ten slides in the order of :data:`analytics.report.SLIDE_TITLES`."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for slides in (_title_and_figures, _map_and_trend, _tables, _text_slides):
        slides(prs, data, images)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _title_and_figures(prs, data: ReportData, images: dict) -> None:
    year, t = data.year, data.tables
    body_width = WIDTH - 2 * MARGIN
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = f"Ringkasan Kemiskinan {data.area_name} Tahun {year}"
    subtitle = slide.placeholders[1]
    subtitle.text = f"{data.audience} · dibuat {fmt.long_date(data.created)}"
    for shape in (slide.shapes.title, subtitle):
        shape.left, shape.width = MARGIN, body_width
    slide.shapes.title.top, slide.shapes.title.height = Inches(1.6), Inches(1.5)
    subtitle.top, subtitle.height = Inches(3.2), Inches(0.8)
    _text_box(
        slide,
        MARGIN,
        Inches(4.3),
        body_width,
        Inches(2.5),
        [
            "Sumber data:",
            *data.sources,
            f"Garis: {line_text(data.line, fmt.PRINT_MINUS)}",
            *([SUPPRESSION_TITLE] if data.suppressed else []),
        ],
        size=14,
        bold_first=True,
    )
    slide = _slide(prs, SLIDE_TITLES[1] + f" {year}{data.of_area}")
    _table(slide, t["headline"], MARGIN, Inches(1.3), body_width, Inches(3.0), size=16)
    notes = [BPS_SCALE_NOTE, t["headline"].note, f"Garis: {line_text(data.line, fmt.PRINT_MINUS)}."]
    if data.extreme_line is not None:
        extreme = f"Garis ekstrem: {fmt.rupiah(data.extreme_line, fmt.PRINT_MINUS)} per kapita per bulan"
        if data.extreme_line_status == "estimated":
            extreme += f". {ESTIMATED_NOTE}"
        notes.append(extreme + ".")
    _text_box(slide, MARGIN, Inches(4.6), body_width, Inches(2.2), notes, size=13)


def _map_and_trend(prs, data: ReportData, images: dict) -> None:
    year, t = data.year, data.tables
    body_width = WIDTH - 2 * MARGIN
    slide = _slide(prs, SLIDE_TITLES[2] + f", {year}")
    _picture(slide, images["map"], MARGIN, Inches(1.2), height=Inches(5.6))
    top5 = t["ranking"].display.head(5)
    lines = ["P2 tertinggi (×100):"] + [
        f"{r['Peringkat']}. {r[UNIT_TITLE]}: {r['P2 (×100)']}" for r in top5.to_dict("records")
    ]
    if data.highlight:  # where the area stands, and how the map shows it
        mine = t["ranking"].display.iloc[[i for i in t["ranking"].marked_rows if i >= 5]]
        if len(mine):
            lines.append(f"{data.area_name}:")
            lines += [f"{r['Peringkat']}. {r[UNIT_TITLE]}: {r['P2 (×100)']}" for r in mine.to_dict("records")]
        lines.append(f"Garis biru tebal: {data.area_name}.")
    if images.get("schematic"):
        lines.append(
            f"Catatan: {SCHEMATIC_LABEL}, sel {UNIT} pada titik pusat dengan luas kira-kira; bukan batas resmi."
        )
    lines.append("Warna lebih gelap = keparahan lebih tinggi.")
    if data.suppressed:
        lines.append(SUPPRESSION_MAP_NOTE)
    _text_box(slide, Inches(7.6), Inches(1.4), Inches(5.2), Inches(5.0), lines, size=14, bold_first=True)
    slide = _slide(prs, SLIDE_TITLES[3] + data.of_area)
    _picture(slide, images["trend"], MARGIN, Inches(1.1), height=Inches(3.2))
    _table(slide, t["trend"], MARGIN, Inches(4.4), body_width, Inches(2.2), size=8)
    _footer(slide, t["trend"].note)


def _tables(prs, data: ReportData, images: dict) -> None:
    year, t = data.year, data.tables
    body_width = WIDTH - 2 * MARGIN
    slide = _slide(prs, SLIDE_TITLES[4] + f", {year}")
    _table(
        slide,
        t["ranking"],
        MARGIN,
        Inches(1.2),
        body_width,
        Inches(5.4),
        size=10,
        columns=list(t["ranking"].display.columns.drop("Kode")),
    )
    _footer(slide, t["ranking"].note)
    slide = _slide(prs, SLIDE_TITLES[5] + f", {year}")
    _table(slide, t["coverage_area"], MARGIN, Inches(1.2), body_width, Inches(5.4), size=10)
    _footer(slide, t["coverage_area"].note)
    slide = _slide(prs, SLIDE_TITLES[6] + f", {year}{data.of_city}")
    _table(slide, t["coverage_program"], MARGIN, Inches(1.3), body_width, Inches(3.6), size=13)
    _text_box(
        slide,
        MARGIN,
        Inches(5.2),
        body_width,
        Inches(1.4),
        [t["coverage_program"].note, t["coverage_area"].note],
        size=12,
    )
    slide = _slide(prs, SLIDE_TITLES[7] + f", {year}{data.of_area}")
    _table(slide, t["segments"], MARGIN, Inches(1.2), body_width, Inches(1.2), size=13)
    _table(
        slide,
        t["segments_area"],
        MARGIN,
        Inches(2.6),
        Inches(8.2),
        Inches(4.2),
        size=9,
        columns=list(t["segments_area"].display.columns.drop("Kode")),
    )
    notes = [t["segments"].note] + ([t["segments_area"].note] if data.highlight else [])
    _text_box(slide, Inches(9.0), Inches(2.6), Inches(3.8), Inches(4.2), notes, size=12)


def _text_slides(prs, data: ReportData, images: dict) -> None:
    body_width = WIDTH - 2 * MARGIN
    slide = _slide(prs, SLIDE_TITLES[8] + data.of_area)
    _text_box(slide, MARGIN, Inches(1.3), body_width, Inches(5.5), [data.narrative], size=18)
    slide = _slide(prs, SLIDE_TITLES[9])
    _text_box(slide, MARGIN, Inches(1.2), body_width, Inches(5.9), data.method, size=12)
