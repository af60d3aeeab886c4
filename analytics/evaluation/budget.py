"""Chapter 5's optional budget table: what each programme cost per family it reached.

The budget file (``KEMISKINAN_BUDGET_FILE``: ``program,year,rupiah,source``) is the region's own;
nothing is shipped. Per programme of the year: the budget, the recipient families and the poor
families among them (the programme table's own cells, protected alike), the cost per recipient
family and per poor family reached. The cost per point of P1 or P2 closed is not given: the
registers hold who receives a programme, not how many rupiah each family received, so what a
programme closed of the poverty gap cannot be computed (the transfer simulator of Cakupan Program
answers it for a planned transfer).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analytics.disclosure import HIDDEN, is_marker
from analytics.errors import DataError, InputError
from analytics.evaluation.files import read_region_file
from analytics.programs.coverage import normalize_program
from analytics.report.tables import Table, table

_COLUMNS = ("program", "year", "rupiah", "source")
HOW_TO = (
    "Biaya per keluarga belum ditampilkan: anggaran program belum disediakan oleh admin "
    "(panduan: Evaluasi Tahunan, berkas daerah)."
)


def read_budget(path) -> pd.DataFrame:
    """The budget file with programmes as the coverage tables name them ('PKH', 'SEMBAKO', ...);
    :class:`DataError` naming every bad row."""
    name, frame = read_region_file(path, _COLUMNS)
    problems, programs = [], []
    for i, row in frame.iterrows():
        where = f"{name} baris {i + 2}"
        try:
            programs.append(normalize_program(row["program"]))
        except InputError as exc:
            programs.append(None)
            problems.append(f"{where}: {exc.message}")
        if pd.isna(pd.to_numeric(row["year"], errors="coerce")):
            problems.append(f"{where}: year kosong atau bukan angka ({row['year']!r}).")
        if _rupiah(row["rupiah"]) is None:
            problems.append(f"{where}: rupiah harus jumlah bulat, mis. 12.500.000.000 ({row['rupiah']!r}).")
        if not row["source"]:
            problems.append(f"{where}: sumber anggaran (kolom source) kosong.")
    if problems:
        raise DataError(problems)
    return frame.assign(program=programs, rupiah=frame["rupiah"].map(_rupiah)).astype({"year": int})


_RUPIAH = re.compile(r"(?:Rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,-|,00)?")


def _rupiah(text: str) -> float | None:
    """A whole rupiah amount as a budget is written: '12500000000', '12.500.000.000',
    'Rp 12.500.000.000,-'; None for anything else (a decimal point is not guessed).

    >>> _rupiah("12.500.000.000"), _rupiah("Rp 2.000.000,-"), _rupiah("5e8"), _rupiah("1,5")
    (12500000000.0, 2000000.0, None, None)
    """
    found = _RUPIAH.fullmatch(text.strip())
    return float(found.group(1).replace(".", "")) if found else None


def cost_table(programs: pd.DataFrame, keys: pd.Series, budget: pd.DataFrame, year: int) -> Table:
    """``programs``: the programme table's frame (its counts as shown to the role); ``keys``: its
    rows' programme keys. :class:`DataError` when the budget has no programme of ``year``."""
    spent = budget[budget["year"] == year].groupby("program")["rupiah"].sum()
    rows = [i for i, key in enumerate(keys) if key in spent.index]
    if not rows:
        raise DataError(f"Berkas anggaran tidak memuat program tahun {year}.")
    shown = programs.iloc[rows].reset_index(drop=True)
    rupiah = np.array([spent[keys.iloc[i]] for i in rows])
    frame = pd.DataFrame(
        {
            "Program": shown["Program"],
            "Anggaran (Rp)": rupiah,
            "Penerima (keluarga)": shown["Penerima"],
            "Keluarga miskin penerima": shown["Keluarga miskin penerima"],
            "Biaya per keluarga penerima (Rp)": _per(rupiah, shown["Penerima"]),
            "Biaya per keluarga miskin terjangkau (Rp)": _per(rupiah, shown["Keluarga miskin penerima"]),
        }
    )
    kinds = {c: "rp" for c in frame.columns if "Rp" in c} | {
        "Penerima (keluarga)": "int",
        "Keluarga miskin penerima": "int",
    }
    sources = "; ".join(sorted(set(budget.loc[budget["year"] == year, "source"])))
    note = (
        "Biaya per keluarga = anggaran / keluarga. Biaya per poin P1 atau P2 tidak dihitung: register tidak memuat "
        f"besar bantuan yang diterima tiap keluarga. Sumber anggaran: {sources}."
    )
    return table("Anggaran", f"Anggaran dan biaya per keluarga, {year}", frame, kinds, note, ("Penerima (keluarga)",))


def _per(rupiah: np.ndarray, families: pd.Series) -> list:
    """Rupiah per family; hidden with a hidden count (it would give the count back), empty for none."""
    out = []
    for amount, count in zip(rupiah, families, strict=True):
        if is_marker(count):
            out.append(HIDDEN)
        elif pd.isna(count) or float(count) == 0:
            out.append(np.nan)
        else:
            out.append(float(amount) / float(count))
    return out
