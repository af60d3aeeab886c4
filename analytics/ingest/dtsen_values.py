"""DTSEN values as the family table holds them: numeric codes, Regsosek labels or P3KE's
coarser labels, each read to one class (``data/dtsen_codes.toml``).

The family table and the model's covariates use one list of classes (P3KE's, which Regsosek
exports, the survey and the demo share), so a DTSEN year feeds the same derivation as a
Regsosek year. How each cell was written is counted per column — code, Regsosek label,
coarse label, blank, unknown — and kept with the import, because a coarse label cannot be
split back into the Regsosek codes it merges.
"""

from __future__ import annotations

import pandas as pd

from analytics.paths import DATA_DIR
from analytics.verval.dinsos_codes import code_lists, decode, value_key

CODES_FILE = DATA_DIR / "dtsen_codes.toml"
# How a cell was written (import_value_form.form).
CODE, LABEL, COARSE, BLANK, UNKNOWN = "kode", "label Regsosek", "label kasar (P3KE)", "kosong", "tidak dikenal"
# Head's schooling classes that no diploma code gives (the frame's two lowest classes).
SCHOOLING_CLASSES = {value_key(v): v for v in ("TIDAK/BELUM SEKOLAH", "TDK TAMAT SD/SEDERAJAT")}


def _form(list_name: str, value) -> str:
    if isinstance(value, float) and value.is_integer():  # a number cell of a spreadsheet, as decode reads it
        value = int(value)
    key = value_key(value)
    if key == "":
        return BLANK
    spec = code_lists(CODES_FILE)[list_name]
    if key.isdigit() and str(int(key)) in spec.get("codes", {}):
        return CODE
    if key in {value_key(v) for v in spec.get("codes", {}).values()} | {value_key(k) for k in spec.get("labels", {})}:
        return LABEL
    if key in {value_key(v) for v in spec.get("class", {}).values()}:
        return COARSE
    return UNKNOWN


def classes(values: pd.Series, list_name: str) -> tuple[pd.Series, pd.Series]:
    """Each cell's class (None when blank or unknown) and how it was written."""
    raw = pd.Series(values.to_numpy(dtype=object), index=values.index)
    distinct = pd.unique(raw)
    found = {}
    for v in distinct:
        decoded = decode(list_name, v, CODES_FILE)
        klass = decoded.klass if decoded.klass is not None else decoded.label
        found[v] = (klass if decoded.problem is None else None, _form(list_name, v))
    pairs = raw.map(found)
    klass = pd.Series([p[0] for p in pairs], index=values.index, dtype=object)
    form = pd.Series([p[1] for p in pairs], index=values.index, dtype=object)
    return klass, form


def labels(values: pd.Series, list_name: str) -> pd.Series:
    """Each cell's Regsosek label (None when blank or unknown)."""
    raw = pd.Series(values.to_numpy(dtype=object), index=values.index)
    found = {v: decode(list_name, v, CODES_FILE) for v in pd.unique(raw)}
    return pd.Series([found[v].label if found[v].problem is None else None for v in raw], index=values.index)


def yes(values: pd.Series) -> pd.Series:
    """1 / Ya / TRUE as True; 2 / Tidak / blank as False; anything else as None."""
    raw = pd.Series(values.to_numpy(dtype=object), index=values.index)
    found = {v: decode("ya_tidak", v, CODES_FILE).label for v in pd.unique(raw)}
    return pd.Series([found[v] for v in raw], index=values.index, dtype=object)


def difficulty(values: pd.Series) -> pd.Series:
    """A Washington Group item: True for 1 (cannot at all) or 2 (a lot of difficulty)."""
    label = labels(values, "kesulitan")
    return label.isin(["SAMA SEKALI TIDAK BISA", "BANYAK KESULITAN"])


def schooling(diploma: pd.Series, school: pd.Series) -> pd.Series:
    """The schooling class of a person from the diploma held and school participation: no
    diploma is 'TIDAK/BELUM SEKOLAH' for one who never went to school, else 'TDK TAMAT
    SD/SEDERAJAT'; a class written out (P3KE's) is kept."""
    klass, _ = classes(diploma, "ijazah")
    written = diploma.map(lambda v: SCHOOLING_CLASSES.get(value_key(v)))
    never = labels(school, "partisipasi_sekolah") == "TIDAK/BELUM PERNAH SEKOLAH"
    none = klass == "TIDAK PUNYA IJAZAH"
    out = klass.where(~none, "TDK TAMAT SD/SEDERAJAT")
    out = out.where(~(never & (none | klass.isna())), "TIDAK/BELUM SEKOLAH")
    return written.where(written.notna(), out).astype(object)
