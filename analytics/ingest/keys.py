"""How sound each key column (NIK, No KK) of a file is, and when it is too damaged to load.

Measured on the rows a file reads (exact duplicates aside), chunk by chunk, and summed per column:

- ``filled``: cells with a value; ``valid``: cells that give 16 digits (as written or cleaned);
- ``excel_damaged``: cells Excel destroyed beyond repair (scientific notation ``6,47402E+15``,
  a number cell ending in 0); ``invalid``: other cells that are no 16 digits;
- ``region_ok``: 16-digit keys whose first four digits are a province (11–96) and a kabupaten
  or kota (01–79) — the region of first registration;
- ``birth_ok``: NIKs whose digits 7–12 are a date (DDMMYY, 40 added to the day for women);
- ``ending_zero``: 16-digit keys ending in 0. A serial ends in 0 about one time in ten; a
  column that went through a number type (Excel keeps 15 significant digits) ends in 0
  every time, although each cell still looks like 16 digits;
- ``duplicates``: loaded rows whose key an earlier loaded row of the file has (only for the
  columns that name one family or one person per row).

A column is *destroyed* when most of its keys are lost this way: the file is refused with
what to do (export the key columns again as text). A column with some damage is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.errors import ImportFailed
from analytics.formats import number
from analytics.ingest import normalize as nz

COUNTS = ("rows", "filled", "valid", "excel_damaged", "invalid", "region_ok", "birth_ok", "ending_zero", "duplicates")
# The columns of the import's key table (import_key).
KEY_COLUMNS = ["year", "source", "file", "column_name", "key", *COUNTS, "verdict"]
# Per source: the key columns whose value names one row (a second row with it is a duplicate).
UNIQUE_KEYS = {
    "regsosek": {"no_kk", "head_nik"},
    "p3ke_keluarga": {"head_nik"},
    "p3ke_individu": {"nik"},
    "dtks": {"nik"},
    "dtsen_keluarga": {"no_kk"},
    "dtsen_anggota": {"nik"},
}
NIK_COLUMNS = {"nik", "head_nik"}
# A column with fewer filled cells than this is not judged (a crafted file of a few rows).
MIN_FILLED_TO_JUDGE = 20
DESTROYED_SHARE = 0.5  # damaged or ending in 0: most of the column
WARN_DAMAGED_SHARE = 0.10
WARN_ENDING_ZERO_SHARE = 0.25
WARN_INVALID_PART_SHARE = 0.10  # 16-digit keys with an impossible region or birth-date part
WARN_DUPLICATE_ROWS = 1


@dataclass
class KeyStats:
    column: str  # internal name (no_kk, head_nik, nik)
    header: str  # the file's own header
    checks_birth: bool
    counts: dict

    def add(self, other: dict) -> None:
        for k in COUNTS:
            self.counts[k] = self.counts.get(k, 0) + int(other.get(k, 0))


def measure(
    cleaned: pd.Series, status: pd.Series, rows: tuple[pd.Series, pd.Series], column: str, seen: set | None
) -> dict:
    """Counts of one chunk's key column. ``rows``: the rows read less exact duplicates (the
    column's soundness), and the rows still loaded (duplicates); ``seen`` holds the keys of
    earlier loaded rows (None: duplicates are not counted for this column)."""
    read, loaded = rows
    status = status[read]
    keys = cleaned[read].dropna().astype(str)
    prefix = pd.to_numeric(keys.str[:2], errors="coerce")
    kab = pd.to_numeric(keys.str[2:4], errors="coerce")
    counts = {
        "rows": int(read.sum()),
        "filled": int((status != nz.NIK_EMPTY).sum()),
        "valid": len(keys),
        "excel_damaged": int((status == nz.NIK_EXCEL).sum()),
        "invalid": int((status == nz.NIK_INVALID).sum()),
        "region_ok": int((prefix.between(11, 96) & kab.between(1, 79)).sum()),
        "birth_ok": int(nz.nik_birth_dates(keys).notna().sum()) if column in NIK_COLUMNS else 0,
        "ending_zero": int(keys.str.endswith("0").sum()),
        "duplicates": 0,
    }
    if seen is not None:
        live = cleaned[loaded].dropna().astype(str)
        repeated = live.duplicated() | live.isin(seen)
        counts["duplicates"] = int(repeated.sum())
        seen.update(live[~repeated].tolist())
    return counts


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def verdict(stats: KeyStats) -> str:
    """``rusak`` (destroyed: the file is refused), ``peringatan`` or ``baik``."""
    c = stats.counts
    if c["filled"] < MIN_FILLED_TO_JUDGE:
        return "baik" if not c["excel_damaged"] else "peringatan"
    lost = c["excel_damaged"] + c["ending_zero"]
    if _share(lost, c["filled"]) >= DESTROYED_SHARE:
        return "rusak"
    warn = (
        _share(c["excel_damaged"], c["filled"]) > WARN_DAMAGED_SHARE
        or _share(c["ending_zero"], c["valid"]) > WARN_ENDING_ZERO_SHARE
        or _share(c["valid"] - c["region_ok"], c["valid"]) > WARN_INVALID_PART_SHARE
        or (stats.checks_birth and _share(c["valid"] - c["birth_ok"], c["valid"]) > WARN_INVALID_PART_SHARE)
        or c["duplicates"] >= WARN_DUPLICATE_ROWS
    )
    return "peringatan" if warn else "baik"


def _what(stats: KeyStats) -> str:
    return "NIK" if stats.column in NIK_COLUMNS else "No KK"


def destroyed_message(label: str, stats: KeyStats) -> str:
    c = stats.counts
    what = _what(stats)
    return (
        f"{label}, kolom {stats.header}: {what} rusak — dari {number(c['filled'])} sel terisi, "
        f"{number(c['excel_damaged'])} dalam notasi ilmiah atau angka (mis. 6,47402E+15) dan "
        f"{number(c['ending_zero'])} berakhiran 0 ({number(100 * _share(c['ending_zero'], c['valid']), 1)} % "
        f"dari yang 16 digit; wajarnya sekitar 10 %). Excel menyimpan {what} sebagai angka dan hanya "
        f"menyimpan 15 digit; digit ke-16 hilang dan tidak dapat dipulihkan, sehingga penautan antar-register "
        f"akan salah. Tahun ini tidak diimpor. Ekspor ulang berkas dari aplikasi sumbernya dengan kolom NIK dan "
        f"No KK sebagai teks (jangan dibuka lalu disimpan ulang di Excel; bila harus, format kolomnya sebagai "
        f"Text sebelum data ditempel), lalu impor lagi."
    )


def warning_message(label: str, stats: KeyStats) -> str:
    c = stats.counts
    parts = []
    if c["excel_damaged"]:
        parts.append(f"{number(c['excel_damaged'])} rusak oleh Excel")
    if c["invalid"]:
        parts.append(f"{number(c['invalid'])} bukan 16 digit")
    if _share(c["ending_zero"], c["valid"]) > WARN_ENDING_ZERO_SHARE:
        parts.append(f"{number(100 * _share(c['ending_zero'], c['valid']), 1)} % berakhiran 0 (wajarnya sekitar 10 %)")
    if c["valid"] - c["region_ok"]:
        parts.append(f"{number(c['valid'] - c['region_ok'])} berawalan kode wilayah yang tidak ada")
    if stats.checks_birth and c["valid"] - c["birth_ok"]:
        parts.append(f"{number(c['valid'] - c['birth_ok'])} tanpa tanggal lahir yang sah di digit 7–12")
    if c["duplicates"]:
        repeated = f"memakai {_what(stats)} yang sudah ada di baris lain (ID berbeda)"
        parts.append(f"{number(c['duplicates'])} baris {repeated}")
    return f"{label}, kolom {stats.header}: {'; '.join(parts) or 'perlu diperiksa'}."


def judge(label: str, stats: list[KeyStats], notes: list[str]) -> list[dict]:
    """Refuse the file when a key column is destroyed (every such column named); note the
    columns with some damage. Returns one row per column for the import's accounting."""
    verdicts = [verdict(s) for s in stats]
    destroyed = [destroyed_message(label, s) for s, v in zip(stats, verdicts) if v == "rusak"]
    if destroyed:
        raise ImportFailed(destroyed)
    notes += [warning_message(label, s) for s, v in zip(stats, verdicts) if v == "peringatan"]
    return [{"column_name": s.header, "key": s.column, **s.counts, "verdict": v} for s, v in zip(stats, verdicts)]


def record(checks, column: str, cleaned: pd.Series, status: pd.Series) -> None:
    """Add one chunk's measures of a key column to its file's (``checks.context``)."""
    context = checks.context
    unique = column in UNIQUE_KEYS.get(context.source, ())
    seen = context.key_seen.setdefault(column, set()) if unique else None
    stats = context.keys.get(column)
    if stats is None:
        stats = KeyStats(column, checks.headers.get(column, column), column in NIK_COLUMNS, {})
        context.keys[column] = stats
    stats.add(measure(cleaned, status, (~checks.merged, ~checks.rejected), column, seen))
