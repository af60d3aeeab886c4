"""Downloads: Excel workbooks and CSV files with Indonesian headers.

Callers pass tables that already hold masked NIK only; nothing here unmasks or adds data.
"""

import io

import pandas as pd

from analytics import csvsafe
from analytics.views.tables import LIST_KINDS


def excel_bytes(
    sheets: dict[str, pd.DataFrame], notes: list[str] | None = None, kinds: dict[str, dict[str, str]] | None = None
) -> bytes:
    """An .xlsx workbook (xlsxwriter) with one sheet per table and an optional notes sheet.

    ``kinds`` gives per sheet the number columns and their kind (``tables.LIST_KINDS``): they
    are written as numbers with an Excel number format, so that they sort and sum. Headers are
    frozen."""
    buffer = io.BytesIO()
    # Register text such as "=HYPERLINK(…)" stays text: no formulas or links from the data.
    options = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            formats = (kinds or {}).get(name, {})
            for i, column in enumerate(frame.columns):
                width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200))) if len(frame) else 12
                number_format = None
                if column in formats:
                    number_format = writer.book.add_format({"num_format": LIST_KINDS[formats[column]][1]})
                sheet.set_column(i, i, min(width + 2, 60), number_format)
            sheet.freeze_panes(1, 0)
        if notes:
            pd.DataFrame({"Keterangan": notes}).to_excel(writer, sheet_name="Keterangan", index=False)
            writer.sheets["Keterangan"].set_column(0, 0, 120)
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the text with the right characters.

    A text cell that Excel would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return) gets a leading ``'``, so it opens as text (OWASP CSV injection).
    """
    return csvsafe.csv_bytes(frame)


FORMULA_STARTS = csvsafe.FORMULA_STARTS
