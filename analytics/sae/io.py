"""Reading survey, population and area files for the SAE commands: csv (optionally .gz), xlsx, parquet.

CSV: comma or semicolon separated (Excel in an Indonesian locale writes semicolons), UTF-8;
types inferred by pandas. xlsx: the first sheet, header in row 1 (python-calamine).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pandas as pd

from analytics.errors import DataError, UserError

__all__ = ["read_table"]

SUFFIXES = (".csv", ".csv.gz", ".xlsx", ".xlsm", ".parquet")


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a data file into a DataFrame; unreadable or unsupported files raise :class:`DataError`."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"berkas tidak ditemukan: {path}")
    name = path.name.lower()
    try:
        if name.endswith((".csv", ".csv.gz")):
            frame = _read_csv(path)
        elif name.endswith((".xlsx", ".xlsm")):
            frame = _read_excel(path)
        elif name.endswith(".parquet"):
            frame = pd.read_parquet(path)
        else:
            raise DataError(f"{path.name}: jenis berkas tidak didukung (pakai csv, csv.gz, xlsx atau parquet)")
    except DataError:
        raise
    except Exception as exc:  # any reader failure means the file as a whole is unusable
        raise DataError(f"{path}: berkas tidak dapat dibaca ({type(exc).__name__}: {_first_line(exc)})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise DataError(f"{path}: berkas tidak berisi baris data")
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    gz = path.name.lower().endswith(".gz")
    with gzip.open(path, "rt", encoding="utf-8-sig") if gz else open(path, encoding="utf-8-sig") as handle:
        first = handle.readline()
    sep = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(path, compression="gzip" if gz else None, sep=sep, encoding="utf-8-sig")


def _read_excel(path: Path) -> pd.DataFrame:
    from python_calamine import CalamineWorkbook

    from analytics.ingest.bounds import check_workbook

    try:
        check_workbook(path)
    except UserError as exc:
        raise DataError(exc.message) from None
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    if not rows:
        raise DataError(f"{path}: lembar kerja pertama kosong")
    header, body = [str(h) for h in rows[0]], rows[1:]
    frame = pd.DataFrame([[None if v == "" else v for v in row] for row in body], columns=header)
    return frame.infer_objects()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
