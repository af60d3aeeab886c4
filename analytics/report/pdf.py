"""The pack as an A4 PDF (fpdf2), with matplotlib's DejaVu Sans embedded (no font download)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from analytics import formats as fmt
from analytics.labels import line_text
from analytics.reference import UNIT
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

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
ACCENT = (142, 36, 27)
#: The rows of the pack's own area in a city-wide table.
MARKED = FontFace(emphasis="BOLD", fill_color=(217, 228, 245))


class _Pdf(FPDF):
    def __init__(self, year: int, area_name: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.year, self.area_name = year, area_name
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.set_title(f"Ringkasan Kemiskinan {area_name} Tahun {year}")
        self.set_lang("id")
        self.set_creator("analytics.report")

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"Ringkasan Kemiskinan {self.area_name} {self.year} · halaman {self.page_no()}", align="C")
        self.set_text_color(0)

    def heading(self, text: str):
        self.add_page()
        self.set_font(FONT, "B", 16)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 8, text)
        self.set_text_color(0)
        self.ln(3)

    def paragraph(self, text: str, size: float = 10, style: str = ""):
        self.set_font(FONT, style, size)
        self.multi_cell(0, size * 0.5, text, align="L")
        self.ln(1.5)

    def table_of(self, table: Table, size: float = 8, columns=None):
        display = table.display if columns is None else table.display[columns]
        self.set_font(FONT, "", size)
        numeric = [not all(_is_text(v) for v in display[c]) for c in display.columns]
        align = ["RIGHT" if n else "LEFT" for n in numeric]
        with self.table(
            col_widths=self.column_widths(display, size),
            text_align=align,
            line_height=size * 0.55,
            headings_style=FontFace(emphasis="BOLD", fill_color=(242, 220, 219)),
            first_row_as_headings=True,
        ) as grid:
            grid.row([str(c) for c in display.columns])
            for i, record in enumerate(display.itertuples(index=False)):
                grid.row([str(v) for v in record], style=MARKED if i in table.marked_rows else None)
        self.ln(2)

    def column_widths(self, display, size: float) -> tuple[float, ...]:
        """Each column as wide as its longest header word (bold) and its widest cell, so no word
        is broken ("Peringka t"); headers wrap between words. The widths are relative: fpdf
        spreads them over the page width."""
        padding = 2.5
        widths = []
        for column in display.columns:
            self.set_font(FONT, "B", size)
            header = max((self.get_string_width(word) for word in str(column).split()), default=0.0)
            self.set_font(FONT, "", size)
            cells = max((self.get_string_width(str(v)) for v in display[column]), default=0.0)
            widths.append(max(header, min(cells, self.epw / 3)) + padding)
        return tuple(widths)


def _is_text(value: str) -> bool:
    if value in ("", fmt.MISSING):
        return True
    try:
        fmt.parse_number(value.replace(" poin", "").replace("*", ""))
    except ValueError:
        return True
    return False


def write_pdf(data: ReportData, images: dict) -> bytes:
    """Ten pages in the order of :data:`analytics.report.SLIDE_TITLES`."""
    pdf = _Pdf(data.year, data.area_name)
    for pages in (_title_and_figures, _map_and_trend, _tables, _text_pages):
        pages(pdf, data, images)
    return bytes(pdf.output())


def _title_and_figures(pdf, data: ReportData, images: dict) -> None:
    year, t = data.year, data.tables
    pdf.add_page()
    pdf.ln(40)
    pdf.set_font(FONT, "B", 24)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 12, f"Ringkasan Kemiskinan {data.area_name} Tahun {year}", align="C")
    pdf.set_text_color(0)
    pdf.ln(4)
    pdf.paragraph(data.audience, 13)
    pdf.paragraph(f"Dibuat {fmt.long_date(data.created)}", 12)
    pdf.ln(10)
    pdf.paragraph("Sumber data:", 11, "B")
    for source in data.sources:
        pdf.paragraph(f"• {source}", 10)
    pdf.paragraph(f"Garis: {line_text(data.line, fmt.PRINT_MINUS)}", 10)
    if data.suppressed:
        pdf.paragraph(SUPPRESSION_TITLE, 10, "B")
    pdf.heading(SLIDE_TITLES[1] + f" {year}{data.of_area}")
    pdf.table_of(t["headline"], size=10)
    pdf.paragraph(BPS_SCALE_NOTE, 9)
    pdf.paragraph(t["headline"].note, 9)
    pdf.paragraph(f"Garis: {line_text(data.line, fmt.PRINT_MINUS)}.", 9)
    if data.extreme_line is not None:
        extreme = f"Garis ekstrem: {fmt.rupiah(data.extreme_line, fmt.PRINT_MINUS)} per kapita per bulan"
        if data.extreme_line_status == "estimated":
            extreme += f". {ESTIMATED_NOTE}"
        pdf.paragraph(extreme + ".", 9)


def _map_and_trend(pdf, data: ReportData, images: dict) -> None:
    year, t = data.year, data.tables
    pdf.heading(SLIDE_TITLES[2] + f", {year}")
    pdf.image(io.BytesIO(images["map"]), w=150, x=30)
    if images.get("schematic"):
        pdf.paragraph(
            f"Catatan: {SCHEMATIC_LABEL}; sel {UNIT} pada titik pusat dengan luas kira-kira, bukan batas resmi.",
            9,
            "I",
        )
    pdf.paragraph(f"Warna lebih gelap = keparahan lebih tinggi. Angka per {UNIT}: halaman peringkat.", 9)
    if data.highlight:
        pdf.paragraph(f"Garis biru tebal: {data.area_name}.", 9)
    if data.suppressed:
        pdf.paragraph(SUPPRESSION_MAP_NOTE, 9)
    pdf.heading(SLIDE_TITLES[3] + data.of_area)
    pdf.image(io.BytesIO(images["trend"]), w=180)
    pdf.ln(2)
    pdf.table_of(t["trend"], size=7)
    pdf.paragraph(t["trend"].note, 8)


def _tables(pdf, data: ReportData, images: dict) -> None:
    year, t = data.year, data.tables
    pdf.heading(SLIDE_TITLES[4] + f", {year}")
    pdf.table_of(t["ranking"], size=7, columns=list(t["ranking"].display.columns.drop("Kode")))
    pdf.paragraph(t["ranking"].note, 8)
    pdf.heading(SLIDE_TITLES[5] + f", {year}")
    # The mark column of an area's pack takes the room the codes had: names are enough there.
    shown = list(t["coverage_area"].display.columns.drop("Kode")) if data.highlight else None
    pdf.table_of(t["coverage_area"], size=7, columns=shown)
    pdf.paragraph(t["coverage_area"].note, 8)
    pdf.heading(SLIDE_TITLES[6] + f", {year}{data.of_city}")
    pdf.table_of(t["coverage_program"], size=9)
    pdf.paragraph(t["coverage_program"].note, 8)
    pdf.heading(SLIDE_TITLES[7] + f", {year}{data.of_area}")
    pdf.table_of(t["segments"], size=8)
    pdf.paragraph(t["segments"].note, 8)
    pdf.table_of(t["segments_area"], size=8, columns=list(t["segments_area"].display.columns.drop("Kode")))
    if data.highlight:  # the mark is explained (a city pack has none)
        pdf.paragraph(t["segments_area"].note, 8)


def _text_pages(pdf, data: ReportData, images: dict) -> None:
    pdf.heading(SLIDE_TITLES[8] + data.of_area)
    pdf.paragraph(data.narrative, 12)
    pdf.heading(SLIDE_TITLES[9])
    for line in data.method:
        pdf.paragraph(line, 10)
