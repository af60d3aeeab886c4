"""The code lists of the Dinas Sosial verval file (``data/dinsos_codes.toml``).

The office's export writes numeric codes (Regsosek 2022's, with some local lists); other
exports write labels. :func:`decode` accepts either and gives the label (and, for the
dwelling, the visit form's coarser class). A code is compared without leading zeros
(``02`` is ``2``), a label without case, spaces or dots.

>>> decode("jenis_lantai", "02")
Decoded(label='KERAMIK', klass='KERAMIK/GRANIT/MARMER/UBIN/TEGEL/TERASO', problem=None)
>>> decode("jenis_lantai", "Semen").klass, decode("fasilitas_bab", "4").label
('SEMEN', 'TIDAK ADA')
>>> decode("status_pekerjaan", "").problem is None, decode("jenis_kelamin", "").problem
(True, 'kosong')
>>> decode("butuh_pendidikan", "1,4").label, decode("butuh_pangan", "2").label, decode("jenis_atap", 3.0).label
(True, False, 'SENG')
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import NamedTuple

import pandas as pd

from analytics.paths import DATA_DIR

CODES_FILE = DATA_DIR / "dinsos_codes.toml"
_YES = {"YA", "Y", "1", "TRUE"}
_NO = {"TIDAK", "T", "2", "0", "FALSE"}


class Decoded(NamedTuple):
    label: object  # the label (text), True/False for yes/no and code lists, None when unknown
    klass: str | None  # the visit form's class (dwelling columns), else None
    problem: str | None  # "kosong" or the value as written when it is not in the list


def value_key(value) -> str:
    """A value as compared with a list: upper case, no spaces or dots.

    >>> value_key(" memenuhi kriteria "), value_key("1300 watt"), value_key(None)
    ('MEMENUHIKRITERIA', '1300WATT', '')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return re.sub(r"[\s.]", "", str(value).upper())


def _code(key: str) -> str | None:
    return str(int(key)) if key.isdigit() else None


@cache
def code_lists(file=CODES_FILE) -> dict[str, dict]:
    """A code file's lists, per column: kind, blank, codes, class, labels, regsosek (the
    Dinas Sosial's by default; DTSEN's is ``data/dtsen_codes.toml``, same layout)."""
    with open(file, "rb") as fh:
        return tomllib.load(fh)


@cache
def _index(column: str, file=CODES_FILE) -> dict[str, tuple[str, str | None]]:
    """Label key -> (label, class): the visit classes, the codes' labels, the other labels."""
    spec = code_lists(file)[column]
    codes, classes = spec.get("codes", {}), spec.get("class", {})
    index = {value_key(k): (k, k) for k in classes.values()}
    for code, label in codes.items():
        index[value_key(label)] = (label, classes.get(code))
    by_label = {label: classes.get(code) for code, label in codes.items()}
    for written, label in spec.get("labels", {}).items():
        index[value_key(written)] = (label, by_label.get(label))
    return index


def _yes_no(spec: dict, key: str, value) -> Decoded:
    if key in ("", *_NO):
        return Decoded(False, None, None)
    if key in _YES:
        return Decoded(True, None, None)
    if spec.get("kind") == "daftar" and re.fullmatch(r"\d+(,\d+)*", key):
        return Decoded(any(int(c) != 0 for c in key.split(",")), None, None)
    return Decoded(None, None, str(value).strip())


def decode(column: str, value, file=CODES_FILE) -> Decoded:
    """The label (or yes/no) of one cell of ``column`` of the code ``file`` (see the module doc)."""
    if isinstance(value, float) and value.is_integer():  # a number cell of a spreadsheet
        value = int(value)
    spec, key = code_lists(file)[column], value_key(value)
    if spec.get("kind") in ("ya_tidak", "daftar"):
        return _yes_no(spec, key, value)
    if key == "":
        return Decoded(None, None, None if spec.get("blank") == "boleh" else "kosong")
    code = _code(key)
    if code is not None and code in spec.get("codes", {}):
        return Decoded(spec["codes"][code], spec.get("class", {}).get(code), None)
    found = _index(column, file).get(key)
    if found is not None:
        return Decoded(*found, None)
    return Decoded(None, None, str(value).strip())


def codebook() -> pd.DataFrame:
    """Every code with its label, visit class and, where it differs, Regsosek 2022's label
    (columns kolom, kode, label, kelas_formulir, regsosek_2022)."""
    rows = []
    for column, spec in code_lists().items():
        regsosek = spec.get("regsosek", {})
        for code, label in spec.get("codes", {}).items():
            klass = spec.get("class", {}).get(code)
            rows.append([column, code, label, klass, regsosek.get(code)])
    return pd.DataFrame(rows, columns=["kolom", "kode", "label", "kelas_formulir", "regsosek_2022"])
