"""Writing exports as a Pemda receives them: CSV text, or xlsx with typed cells."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter


def public_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if not c.startswith("_")]


def write_csv(df: pd.DataFrame, path: Path) -> None:
    df[public_columns(df)].to_csv(path, index=False)


def write_xlsx(df: pd.DataFrame, path: Path, sheet: str) -> None:
    """xlsxwriter in constant-memory mode: the fastest writer measured here (about
    6 microseconds a cell). Dates go in as real date cells, numbers as numbers, so the
    file carries what Excel does to them (15 significant digits)."""
    cols = public_columns(df)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    # A fixed creation date keeps the file identical for the same seed.
    wb.set_properties({"created": dt.datetime(2025, 1, 1)})
    ws = wb.add_worksheet(sheet)
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, cols)
    values = df[cols].to_numpy(dtype=object)
    for i, row in enumerate(values, start=1):
        for j, v in enumerate(row):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            if isinstance(v, (pd.Timestamp, dt.datetime, np.datetime64)):
                ws.write_datetime(i, j, pd.Timestamp(v).to_pydatetime(), date_fmt)
            elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                ws.write_number(i, j, float(v))
            else:
                ws.write_string(i, j, str(v))
    wb.close()
