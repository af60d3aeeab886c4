"""The region's own CSV files of the yearly review (comparison series, targets, kab/kota series,
budgets), opened one way: every cell read as text (a code keeps its leading zeros, a bad number
is named rather than turned into NaN), the required columns checked, the cells stripped. Each
reader then checks its rows and names every bad one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analytics.errors import DataError


def read_region_file(path, columns: Sequence[str]) -> tuple[str, pd.DataFrame]:
    """(the file's name, its ``columns`` as stripped text); :class:`DataError` for a file that
    is not there or lacks columns."""
    name = Path(path).name
    if not Path(path).is_file():
        raise DataError(f"Berkas {path} tidak ditemukan.")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{name}: kolom {', '.join(missing)} tidak ada (harus: {', '.join(columns)}).")
    return name, frame[list(columns)].apply(lambda column: column.str.strip())
