"""The tables behind every chart and table of the pack, one sheet each (xlsxwriter)."""

from __future__ import annotations

import io
import numbers

import pandas as pd

from analytics.report.data import ReportData
from analytics.report.tables import Table

#: Excel number formats of the table column kinds (analytics.report.tables.KINDS): the cells stay
#: numbers that sort and sum; Excel shows them with the reader's own separators.
NUMBER_FORMATS = {
    "int": "#,##0",
    "pct": "0.00",
    "share": "0.0",
    "dec1": "0.0",
    "bps2": "0.00",
    "bps3": "0.000",
    "bps4": "0.0000",
    "rp": '"Rp "#,##0',
}

#: Sheet order in the workbook (keys of ``ReportData.tables``), then 'Metode'.
SHEET_ORDER = (
    "headline",
    "map",
    "trend",
    "ranking",
    "coverage_area",
    "coverage_program",
    "segments",
    "segments_area",
)


def write_xlsx(data: ReportData) -> bytes:
    """Workbook with one sheet per table (full precision; display scale named in the headers)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        book = writer.book
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2DCDB"})
        for key in SHEET_ORDER:
            table = data.tables[key]
            frame = table.frame
            frame.to_excel(writer, sheet_name=table.sheet, index=False, startrow=1)
            sheet = writer.sheets[table.sheet]
            sheet.write(0, 0, table.title, book.add_format({"bold": True, "font_size": 12}))
            formats = {kind: book.add_format({"num_format": code}) for kind, code in NUMBER_FORMATS.items()}
            for col, name in enumerate(frame.columns):
                sheet.write(1, col, name, header)
                width = max(12, min(40, len(str(name)) + 2))
                if frame[name].dtype == object:
                    # Missing cells have no length (pandas 3 keeps them missing in astype(str)).
                    longest = frame[name].astype(str).str.len().fillna(0).max()
                    width = max(width, min(40, int(0 if pd.isna(longest) else longest) + 2))
                sheet.set_column(col, col, width, formats.get(table.kinds.get(name)))
            _row_formats(sheet, table, formats)
            sheet.freeze_panes(2, 0)
        meta = pd.DataFrame({"Keterangan": _method_lines(data)})
        meta.to_excel(writer, sheet_name="Metode", index=False, startrow=1)
        sheet = writer.sheets["Metode"]
        sheet.write(0, 0, "Catatan metode dan sumber data", book.add_format({"bold": True, "font_size": 12}))
        sheet.write(1, 0, "Keterangan", header)
        sheet.set_column(0, 0, 120)
    return buffer.getvalue()


def _row_formats(sheet, table: Table, formats: dict) -> None:
    """A table whose rows differ in unit (the headline: %, ×100, persons) formats cell by cell."""
    for row, kind in enumerate(table.row_kinds):
        for col, name in enumerate(table.frame.columns):
            value = table.frame.at[row, name]
            if isinstance(value, numbers.Real) and not isinstance(value, bool) and pd.notna(value):
                sheet.write_number(row + 2, col, float(value), formats[kind])


def _method_lines(data: ReportData) -> list[str]:
    notes = [f"{data.tables[k].sheet}: {data.tables[k].note}" for k in SHEET_ORDER if data.tables[k].note]
    return [
        f"Ringkasan kemiskinan {data.area_name} tahun {data.year}",
        f"Dibuat {data.created.isoformat()}",
        *data.sources,
        "",
        *data.method,
        "",
        "Catatan per lembar:",
        *notes,
        "",
        "Narasi:",
        data.narrative,
    ]
