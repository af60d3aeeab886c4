"""The yearly review (Evaluasi Tahunan) as a Word document (python-docx) for the TKPK to edit.

A title page, then one chapter a page onwards: its generated sentences, its tables as real Word
tables (the text of :attr:`Table.display`, so a number reads as on the page), its chart
(:mod:`analytics.report.evaluation_charts`), its notes and a yellow marked place where the TKPK
writes its own analysis. A4 portrait with 2 cm margins; a wide table in a smaller font and, if
its words still do not fit, on a landscape page of its own. The file is the same byte for byte
for the same review and creation date.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from analytics import formats as fmt
from analytics.evaluation.chapter import TKPK_PLACEHOLDER, Chapter, Evaluation
from analytics.report.evaluation_charts import chart_png
from analytics.report.pdf import FONT, _is_text, _Pdf
from analytics.report.tables import SUPPRESSION_TITLE, Table

AUTHOR = "Dasbor Kemiskinan"
A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
#: A table with more columns than this goes on a landscape page, in :data:`WIDE_SIZE`.
WIDE_COLUMNS = 6
#: Font sizes of a table (points): a wide table's, and the smallest a table that does not fit gets.
TABLE_SIZE, WIDE_SIZE, SMALLEST = 10.0, 9.0, 7.0
NOTE_SIZE = Pt(8.5)
CELL_MARGIN = Cm(0.1)
#: How much wider than its text a table that fits may be drawn.
MOST_STRETCH = 1.5
CHART_WIDTH = Cm(16)
#: As the briefing pack's PDF: the header row and the rows of the area the review is about.
HEADER_FILL, MARKED_FILL = "F2DCDB", "D9E4F5"
SOURCES_TITLE = "Sumber data"


def evaluation_docx(ev: Evaluation) -> bytes:
    """The review as a .docx file."""
    doc = Document()
    _page(doc.sections[0], landscape=False)
    _properties(doc, ev)
    _footer(doc, ev.title)
    _title_page(doc, ev)
    for chapter in ev.chapters:
        _chapter(doc, chapter)
    doc.add_heading(SOURCES_TITLE, level=1)
    for source in ev.sources:
        doc.add_paragraph(source, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue(), ev.created)


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _properties(doc, ev: Evaluation) -> None:
    """Title, author and dates of the file; the text's language is Indonesian, so Word checks
    the TKPK's spelling in Indonesian rather than marking every word."""
    core = doc.core_properties
    core.title, core.author, core.last_modified_by = ev.title, AUTHOR, AUTHOR
    core.language, core.revision = "id-ID", 1
    core.created = core.modified = _dt.datetime.combine(ev.created, _dt.time())
    for lang in doc.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:val"), "id-ID")


def _footer(doc, title: str) -> None:
    """The title and the page number under every page (the later sections inherit it)."""
    doc.styles["Footer"].font.size = Pt(8)
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{title} · halaman ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"  # shown until Word or LibreOffice updates the field
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _title_page(doc, ev: Evaluation) -> None:
    doc.add_paragraph().paragraph_format.space_before = Cm(6)
    doc.add_paragraph(ev.title, style="Title")
    for line in (f"Wilayah: {ev.area_name}", f"Garis: {ev.line_text}", f"Dibuat {fmt.long_date(ev.created)}"):
        doc.add_paragraph().add_run(line).font.size = Pt(13)
    if ev.suppressed:
        doc.add_paragraph().add_run(SUPPRESSION_TITLE).bold = True


def _chapter(doc, chapter: Chapter) -> None:
    heading = doc.add_heading(f"Bab {chapter.number}. {chapter.title}", level=1)
    heading.paragraph_format.page_break_before = True
    if chapter.sentences:
        doc.add_paragraph(" ".join(chapter.sentences))
    for table in chapter.tables:
        _table_block(doc, table)
    if chapter.chart is not None:
        doc.add_picture(io.BytesIO(chart_png(chapter.chart)), width=CHART_WIDTH)
        picture = doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if chapter.chart.note:
            picture.paragraph_format.keep_with_next = True
            _small(doc, chapter.chart.note, italic=True)
    for note in chapter.notes:
        _small(doc, note)
    placeholder = doc.add_paragraph().add_run(TKPK_PLACEHOLDER)
    placeholder.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _small(doc, text: str, italic: bool = False) -> None:
    run = doc.add_paragraph().add_run(text)
    run.font.size, run.italic = NOTE_SIZE, italic


def _table_block(doc, table: Table) -> None:
    """The table's title, the table and its note. A table of more than :data:`WIDE_COLUMNS`
    columns is set in :data:`WIDE_SIZE`; one whose words still do not fit the portrait page gets
    a landscape page of its own (only then: a section break leaves the rest of a page empty)."""
    size = WIDE_SIZE if len(table.display.columns) > WIDE_COLUMNS else TABLE_SIZE
    least, _wanted = _needs(table.display, size, table.marked_rows)
    landscape = sum(least) > Emu(_text_width(doc.sections[-1])).mm
    if landscape:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    title = doc.add_paragraph()
    title.add_run(table.title).bold = True
    title.paragraph_format.keep_with_next = True
    _grid(doc, table, size)
    if table.note:
        _small(doc, table.note, italic=True)
    else:
        doc.add_paragraph()  # two tables in a row would otherwise join into one
    if landscape:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)


def _grid(doc, table: Table, size: float) -> None:
    display = table.display
    widths, size = _column_widths(display, _text_width(doc.sections[-1]), size, table.marked_rows)
    grid = doc.add_table(rows=len(display) + 1, cols=len(display.columns), style="Table Grid")
    grid.autofit = False  # fixed layout: Word and LibreOffice keep the widths set here
    _cell_margins(grid)
    right = [not all(_is_text(str(v)) for v in display[c]) for c in display.columns]
    rows = [[str(c) for c in display.columns]] + [[str(v) for v in r] for r in display.itertuples(index=False)]
    for r, (row, values) in enumerate(zip(grid.rows, rows)):
        marked = r - 1 in table.marked_rows
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if r and right[c]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(value)
            run.font.size, run.bold = Pt(size), r == 0 or marked
            if r == 0 or marked:
                _shade(cell, HEADER_FILL if r == 0 else MARKED_FILL)
    for column, width in zip(grid.columns, widths):
        column.width = width
    _repeat_header(grid.rows[0])


def _column_widths(display, text_width: int, size: float, marked: tuple[int, ...] = ()) -> tuple[list[Emu], float]:
    """Widths that break no word ("Peringka t"): each column at least its longest word and, as
    room allows, its widest cell; at a smaller font, down to :data:`SMALLEST`, when the words do
    not fit at ``size``. Returns the widths (spread over the page's text width) and the font size."""
    room = Emu(text_width).mm
    for points in [size] + [p for p in (8.0, SMALLEST) if p < size]:
        least, wanted = _needs(display, points, marked)
        if sum(wanted) <= room:  # wider, up to the page: not a three-column table across it
            stretch = min(room / sum(wanted), MOST_STRETCH)
            return [Mm(w * stretch) for w in wanted], points
        if sum(least) <= room:
            share = (room - sum(least)) / (sum(wanted) - sum(least))
            return [Mm(a + (b - a) * share) for a, b in zip(least, wanted)], points
    # Not even the words fit: narrower columns, and the longest words break.
    return [Mm(w * room / sum(least)) for w in least], points


def _needs(display, size: float, marked: tuple[int, ...]) -> tuple[list[float], list[float]]:
    """Per column, in mm: its longest word and its widest cell (at most a third of a portrait
    page), each with the cell's margins; the header and the marked rows in bold. Measured in
    DejaVu Sans, which LibreOffice draws Calibri with when Calibri is missing (wider than Calibri)."""
    pad = 2 * Emu(CELL_MARGIN).mm + 1.0
    least, wanted = [], []
    for column in display.columns:
        cells = [(str(column), True)] + [(str(v), i in marked) for i, v in enumerate(display[column])]
        words = [_width(w, size, bold) for text, bold in cells for w in text.split()]
        whole = max((_width(text, size, bold) for text, bold in cells[1:]), default=0.0)
        least.append(max(words, default=0.0) + pad)
        wanted.append(max(least[-1], min(whole, 55.0) + pad))
    return least, wanted


def _width(text: str, size: float, bold: bool) -> float:
    pdf = _measure()
    pdf.set_font(FONT, "B" if bold else "", size)
    return pdf.get_string_width(text)


@functools.cache
def _measure() -> _Pdf:
    """A PDF only to measure text with (it loads its fonts once)."""
    return _Pdf(0, "")


def _cell_margins(grid) -> None:
    """Narrower cell margins than Word's 0,19 cm: a wide table keeps its room for the text."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN / 635)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema puts the margins before it
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    """The header row again at the top of every page a long table runs onto."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _fixed_zip(content: bytes, day: _dt.date) -> bytes:
    """The file with every part stamped ``day`` (python-docx stamps the time of writing), so
    the same review gives the same bytes."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, stamp), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()
