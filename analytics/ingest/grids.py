"""The cells of every sheet of a workbook, whatever kind of workbook it really is.

xlsx, xlsm, legacy xls and ods are read by calamine; an HTML table and Excel 2003 XML
(SpreadsheetML), which web applications and old Excel save under the name ``.xls``, are read
here from their markup. Each sheet is a :class:`Grid`: its name, whether it is hidden, its
rows of cell values from row 1 and column A, and its merged ranges (0-based, inclusive).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from analytics.ingest.bounds import check_workbook


@dataclass
class Grid:
    name: str
    rows: list[list]
    hidden: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    named: bool = True  # a sheet name a person gave (an HTML table has none)


def read_grids(path: Path, fmt: str) -> list[Grid]:
    check_workbook(path)  # a hostile workbook is refused before any parser sees it
    if fmt == "html":
        return _html_grids(path)
    if fmt == "xml2003":
        return _xml2003_grids(path)
    return _calamine_grids(path)


def _calamine_grids(path: Path) -> list[Grid]:
    with open(path, "rb") as handle:
        # By content, not by the name: an xlsx saved as ".xls" is still an xlsx.
        workbook = CalamineWorkbook.from_filelike(handle)
        return _sheets(workbook)


def _sheets(workbook: CalamineWorkbook) -> list[Grid]:
    grids = []
    for meta in workbook.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        try:
            merged = list(sheet.merged_cell_ranges or [])
        except Exception:  # merged ranges are not known for every format
            merged = []
        grids.append(Grid(meta.name, rows, meta.visible != SheetVisibleEnum.Visible, merged))
    return grids


def _html_grids(path: Path) -> list[Grid]:
    import lxml.html

    raw = path.read_bytes()
    document = lxml.html.document_fromstring(raw)
    grids = []
    for n, table in enumerate(document.iter("table"), start=1):
        rows = []
        for tr in table.iter("tr"):
            cells = []
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                text = " ".join(cell.text_content().split())
                span = int(cell.get("colspan", "1") or 1) if str(cell.get("colspan", "1")).isdigit() else 1
                cells.extend([text] + [""] * (span - 1))
            rows.append(cells)
        grids.append(Grid(f"tabel {n}", rows, named=False))
    return grids


_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_X = "urn:schemas-microsoft-com:office:excel"


def _xml_value(data: ET.Element | None):
    if data is None or data.text is None:
        return ""
    kind = data.get(f"{{{_SS}}}Type", "String")
    if kind == "Number":
        number = float(data.text)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(data.text.rstrip("Z"))
        except ValueError:
            return data.text
    return data.text


def _xml2003_grids(path: Path) -> list[Grid]:
    root = ET.parse(path).getroot()
    grids = []
    for sheet in root.iter(f"{{{_SS}}}Worksheet"):
        rows, merged = [], []
        table = sheet.find(f"{{{_SS}}}Table")
        r = -1
        for row in table.iter(f"{{{_SS}}}Row") if table is not None else ():
            r = int(row.get(f"{{{_SS}}}Index", r + 2)) - 1
            while len(rows) < r:
                rows.append([])
            cells, c = [], -1
            for cell in row.iter(f"{{{_SS}}}Cell"):
                c = int(cell.get(f"{{{_SS}}}Index", c + 2)) - 1
                cells.extend([""] * (c - len(cells)))
                cells.append(_xml_value(cell.find(f"{{{_SS}}}Data")))
                down = int(cell.get(f"{{{_SS}}}MergeDown", "0"))
                if down:
                    merged.append(((r, c), (r + down, c)))
            rows.append(cells)
        visible = sheet.find(f"{{{_X}}}WorksheetOptions/{{{_X}}}Visible")
        hidden = visible is not None and (visible.text or "").strip() in ("SheetHidden", "SheetVeryHidden")
        grids.append(Grid(sheet.get(f"{{{_SS}}}Name", f"lembar {len(grids) + 1}"), rows, hidden, merged))
    return grids
