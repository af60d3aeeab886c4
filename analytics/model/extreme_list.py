"""The Dinas Sosial's recap of its verified extreme-poverty list: persons (and families) per kelurahan.

The city's list of extremely poor families (after verval) is the information a survey of 570
households cannot give: a few dozen families far below everyone else (Bontang, December
2024: 149 persons in 42 families, by kelurahan). The model counts its persons below the
year's extreme line instead of modelling them (:mod:`analytics.sae.counted`), so only the
recap per kelurahan is needed, never a name or a NIK.

A recap is a CSV or Excel sheet with a header row: the kelurahan by code (Kemendagri's, dotted
or not, or BPS's) or by name, the persons (``Jumlah Jiwa``) and optionally the families
(``Jumlah Keluarga``). :func:`read_recap` keeps every row it cannot use with its reason in
Indonesian (a total row, an unknown kelurahan, a code and a name of two different kelurahan, a
count that is not a whole number, more families than persons); a kelurahan not listed has
nobody. A kelurahan listed twice refuses the whole file: a duplicate and a list by family
cannot be told apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.errors import ImportFailed, InputError
from analytics.ingest.readers import read_export
from analytics.ingest.regions import kelurahan_codes
from analytics.reference import UNIT, load_kelurahan

__all__ = ["HEADERS", "Recap", "read_recap"]

#: Accepted headers (lower case, spaces for underscores) of each field.
HEADERS = {
    "kode": ("kode kelurahan", "kode desa/kelurahan", "kode desa", "kode wilayah", "kode kemendagri", "kode"),
    "nama": ("kelurahan", "desa/kelurahan", "nama kelurahan", "nama desa/kelurahan", "desa"),
    "jiwa": ("jumlah jiwa", "jiwa", "jumlah orang"),
    "keluarga": ("jumlah keluarga", "keluarga", "jumlah kk", "kk"),
}
_TOTAL = re.compile(r"^(jumlah|total|grand total)\b", re.IGNORECASE)
_WHOLE = re.compile(r"^\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.234: the Indonesian thousands separator
_FLOAT_TEXT = re.compile(r"^(\d+)(\.0|,0+)$")  # 12.0 or 12,00: a whole number written as a decimal


@dataclass(frozen=True, eq=False)
class Recap:
    """``table``: ``kode_kelurahan, families (nullable), persons``; ``rejects``: ``baris, isi,
    alasan`` (the file's row number, its cells as read, why it was not used)."""

    table: pd.DataFrame
    rejects: pd.DataFrame

    @property
    def persons(self) -> int:
        return int(self.table["persons"].sum())


def read_recap(path: str | Path) -> Recap:
    """Read a recap file; raise :class:`~analytics.errors.InputError` when its header lacks a
    kelurahan column or the persons column, or when no row can be used."""
    try:
        raw = read_export(Path(path))
    except ImportFailed as exc:
        raise InputError(str(exc)) from None
    columns = _columns(raw)
    rows, rejects = [], []
    seen: dict[str, int] = {}
    codes, mismatched = _codes(raw, columns)
    repeated = []
    for position, (_, cells) in enumerate(raw.iterrows()):
        reason, row = _row(cells, columns, codes.iloc[position], mismatched.iloc[position])
        if reason:
            shown = "; ".join(f"{k}={cells[k]}" for k in columns.values() if k and _present(cells[k]))
            rejects.append({"baris": int(cells["_row"]), "isi": shown, "alasan": reason})
        elif row and row["kode_kelurahan"] in seen:
            repeated.append(f"{row['kode_kelurahan']} (baris {seen[row['kode_kelurahan']]} dan {int(cells['_row'])})")
        elif row:
            seen[row["kode_kelurahan"]] = int(cells["_row"])
            rows.append(row)
    if repeated:
        # Two rows of one kelurahan: a duplicate (count once?) or a list by family (add up?). Guessing
        # either could count persons twice or lose them, so the file is refused whole.
        raise InputError(
            f"Rekap harus satu baris per {UNIT}; tercantum lebih dari sekali: {', '.join(repeated[:5])}. "
            "Untuk daftar per keluarga, jumlahkan jiwanya per kelurahan lebih dulu."
        )
    table = pd.DataFrame(rows, columns=["kode_kelurahan", "families", "persons"])
    table = table.astype({"families": "Int64", "persons": "int64"})
    if table.empty:
        raise InputError(f"Tidak ada baris rekap yang dapat dipakai. {_first_reasons(rejects)}")
    return Recap(table.sort_values("kode_kelurahan", ignore_index=True), pd.DataFrame(rejects, dtype=object))


def _columns(raw: pd.DataFrame) -> dict[str, str | None]:
    """The file's header of each field (None when absent)."""
    normal = {re.sub(r"[\s_]+", " ", str(c)).strip().lower(): c for c in raw.columns if c != "_row"}
    found = {field: next((normal[h] for h in names if h in normal), None) for field, names in HEADERS.items()}
    if found["kode"] is None and found["nama"] is None:
        raise InputError(f"Rekap tidak punya kolom {UNIT}: beri judul kolom 'Kode Kelurahan' atau 'Kelurahan'.")
    if found["jiwa"] is None:
        raise InputError("Rekap tidak punya kolom jumlah jiwa: beri judul kolom 'Jumlah Jiwa'.")
    return found


def _codes(raw: pd.DataFrame, columns: dict) -> pd.Series:
    """The Kemendagri code of each row, from its code cell or else its name (None: unknown), and
    whether its code and its name name two different kelurahan."""
    by_code = kelurahan_codes(raw[columns["kode"]])[0] if columns["kode"] else pd.Series(None, index=raw.index)
    if columns["nama"] is None:
        return by_code.reset_index(drop=True), pd.Series(False, index=range(len(raw)))
    names = _name_index()
    by_name = raw[columns["nama"]].map(lambda v: names.get(_normal(v)) if _present(v) else None)
    mismatched = by_code.notna() & by_name.notna() & (by_code != by_name)
    return by_code.where(by_code.notna(), by_name).reset_index(drop=True), mismatched.reset_index(drop=True)


def _name_index() -> dict[str, str]:
    areas = load_kelurahan()
    index = {}
    for code, name, variants in zip(areas["kode"], areas["nama"], areas["variants"], strict=True):
        for spelling in (name, *variants):
            index[_normal(spelling)] = code
    return index


def _row(cells: pd.Series, columns: dict, code: str | None, mismatched: bool) -> tuple[str | None, dict | None]:
    """(reason it is not used, None) or (None, the row); (None, None) for a blank row."""
    label = [cells[columns[k]] for k in ("kode", "nama") if columns[k]]
    values = [cells[c] for c in columns.values() if c]
    if not any(_present(v) for v in values):
        return None, None
    if any(_present(v) and _TOTAL.match(str(v).strip()) for v in label):
        return "baris jumlah: tidak dipakai (jumlah dihitung dari baris per kelurahan)", None
    if code is None or pd.isna(code):
        shown = next((str(v).strip() for v in label if _present(v)), "")
        return f"{UNIT} tidak dikenal: {shown!r}" if shown else f"{UNIT} kosong", None
    if mismatched:
        return f"kode dan nama {UNIT} menunjuk dua {UNIT} berbeda", None
    persons = _count(cells[columns["jiwa"]])
    if persons is None:
        return f"jumlah jiwa bukan bilangan bulat ≥ 0: {cells[columns['jiwa']]!r}", None
    families = _count(cells[columns["keluarga"]]) if columns["keluarga"] else None
    if columns["keluarga"] and _present(cells[columns["keluarga"]]) and families is None:
        return f"jumlah keluarga bukan bilangan bulat ≥ 0: {cells[columns['keluarga']]!r}", None
    if families is not None and families > persons:
        return "jumlah keluarga lebih banyak dari jumlah jiwa", None
    return None, {"kode_kelurahan": code, "families": families, "persons": persons}


def _count(value) -> int | None:
    if not _present(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() and value >= 0 else None
    text = str(value).strip()
    if _WHOLE.match(text) or _THOUSANDS.match(text):
        return int(text.replace(".", ""))
    decimal = _FLOAT_TEXT.match(text)
    return int(decimal.group(1)) if decimal else None


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""


def _normal(value) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(value).lower()).strip()


def _first_reasons(rejects: list[dict]) -> str:
    if not rejects:
        return "Berkas tidak berisi baris data."
    return "Alasan: " + "; ".join(f"baris {r['baris']}: {r['alasan']}" for r in rejects[:3])
