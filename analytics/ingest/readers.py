"""Reading one export file (xlsx, csv or parquet) into a frame of raw values.

CSV cells stay text. xlsx cells keep their type (text, number, date), because a number
where a NIK should be is itself the evidence of Excel damage.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from analytics.errors import ImportFailed
from analytics.ingest.bounds import check_workbook

SUPPORTED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".csv", ".parquet")


def read_export(path: Path) -> pd.DataFrame:
    """Raw values with the file's own headers, plus `_row`: the spreadsheet row number
    (header = row 1), used in every message about the row."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls", ".xlsm"):
            frame = _read_excel(path)
        elif suffix == ".csv":
            frame = _read_csv(path)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path).astype(object)
        else:
            raise ImportFailed(f"{path.name}: jenis file tidak didukung (gunakan xlsx, csv atau parquet).")
    except ImportFailed:
        raise
    except Exception as exc:  # any reader error means the file is unreadable as a whole
        raise ImportFailed(f"{path}: file tidak dapat dibaca ({type(exc).__name__}: {exc}).") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame["_row"] = np.arange(len(frame)) + 2
    return frame


def _read_excel(path: Path) -> pd.DataFrame:
    check_workbook(path)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows:
        raise ImportFailed(f"{path}: lembar kerja pertama kosong.")
    header, body = rows[0], rows[1:]
    width = len(header)
    # calamine gives "" for empty cells; keep them as missing values.
    body = [[None if v == "" else v for v in (r + [None] * (width - len(r)))[:width]] for r in body]
    while body and all(v is None for v in body[-1]):
        body.pop()
    return pd.DataFrame(body, columns=[str(h) for h in header], dtype=object)


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with open(path, encoding=encoding) as fh:
                first = fh.readline()
            # Excel in an Indonesian locale saves CSV with semicolons.
            sep = ";" if first.count(";") > first.count(",") else ","
            return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding=encoding, sep=sep).astype(
                object
            )
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{path}: pengodean teks tidak dikenali (gunakan UTF-8).")
