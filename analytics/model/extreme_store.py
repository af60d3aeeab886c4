"""The extreme-poverty recap in the database: checked against the year, stored, read by the model.

A recap is stored for one year, replacing that year's previous recap whole, in a copy of the
database moved over it (:func:`analytics.model.publish.write_aside`): a refused or failed load
leaves the database as it was. It is refused whole when the year has no extreme line (its
persons are counted below that line) or when a kelurahan lists more persons than the year's
frame holds there. Runs made before a load keep the recap they used (their parameters
record it); the next run uses the new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import sql
from analytics.access import users
from analytics.access.scope import User
from analytics.errors import DataError, InputError
from analytics.formats import number
from analytics.ingest.database import append_frame
from analytics.model.extreme_list import Recap, read_recap
from analytics.model.publish import check_publisher, write_aside
from analytics.poverty.lines import check_year, resolve_line
from analytics.reference import UNIT, load_kelurahan
from analytics.sae.counted import CountedPoor

__all__ = [
    "AUDIT_ACTION",
    "RECAP_FOLDER",
    "StoredRecap",
    "check_carried",
    "counted_of_year",
    "import_recaps",
    "recap_of_year",
    "store_recap",
    "store_recap_as",
    "write_recap",
]

AUDIT_ACTION = "muat_daftar_ekstrem"
#: Where an import finds the recaps: ``<raw>/dinsos/rekap_miskin_ekstrem_<year>.csv`` (or .xlsx).
RECAP_FOLDER = "dinsos"
RECAP_NAME = re.compile(r"rekap_miskin_ekstrem_(\d{4})\.(csv|xlsx)", re.IGNORECASE)


@dataclass(frozen=True)
class StoredRecap:
    year: int
    kelurahan: int
    persons: int
    families: int | None
    extreme_line: float


def store_recap(db_path: Path, year: int, recap: Recap, *, source: str, content: bytes, loaded_by: str) -> StoredRecap:
    """Check ``recap`` against ``year`` of the database and store it as that year's recap."""
    stored = []
    write_aside(db_path, lambda con: stored.append(write_recap(con, year, recap, source, content, loaded_by)))
    return stored[0]


def write_recap(con, year: int, recap: Recap, source: str, content: bytes, loaded_by: str) -> StoredRecap:
    """Check and write the year's recap on an open, writable connection (an import's, or a copy's)."""
    year = check_year(con, year)
    line = _extreme_line(con, year)
    _check_against_frame(con, year, recap.table)
    rows = recap.table.assign(
        year=year,
        source=Path(source).name,
        sha256=hashlib.sha256(content).hexdigest(),
        loaded_at=dt.datetime.now().replace(microsecond=0),
        loaded_by=loaded_by,
    )
    sql.execute(con, "model/extreme_list_clear_year", {"year": year})
    append_frame(con, "extreme_list", rows)
    families = None if recap.table["families"].isna().any() else int(recap.table["families"].sum())
    return StoredRecap(year, len(recap.table), recap.persons, families, line)


def import_recaps(con, raw_dir: Path, loaded_by: str) -> tuple[set[int], list[str]]:
    """Load every ``<raw>/dinsos/rekap_miskin_ekstrem_<year>.csv|xlsx`` during an import: the
    years loaded, and a warning per row not used and per file refused (the import goes on, and a
    refused year keeps the recap the database had)."""
    folder = Path(raw_dir) / RECAP_FOLDER
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    by_year: dict[int, list[Path]] = {}
    warnings = []
    for path in files:
        match = RECAP_NAME.fullmatch(path.name)
        if match:
            by_year.setdefault(int(match.group(1)), []).append(path)
        else:
            warnings.append(f"{RECAP_FOLDER}/{path.name}: nama tidak dikenali (rekap_miskin_ekstrem_<tahun>.csv)")
    loaded = set()
    for year, paths in sorted(by_year.items()):
        if len(paths) > 1:
            names = " dan ".join(p.name for p in paths)
            warnings.append(f"{RECAP_FOLDER}: dua rekap tahun {year} ({names}); tidak ada yang dimuat{_KEPT}")
            continue
        warnings += _import_one(con, year, paths[0], loaded_by, loaded)
    return loaded, warnings


_KEPT = " (rekap lama tahun itu, bila ada, tetap dipakai)"


def _import_one(con, year: int, path: Path, loaded_by: str, loaded: set) -> list[str]:
    try:
        recap = read_recap(path)
        write_recap(con, year, recap, path.name, path.read_bytes(), loaded_by)
    except (DataError, InputError) as exc:
        return [f"{RECAP_FOLDER}/{path.name} tidak dimuat{_KEPT}: {exc}"]
    loaded.add(year)
    return [f"{RECAP_FOLDER}/{path.name} baris {r.baris}: {r.alasan}" for r in recap.rejects.itertuples()]


def store_recap_as(db_path: Path, year: int, recap: Recap, user: User, *, source: str, content: bytes) -> StoredRecap:
    """:func:`store_recap` on behalf of ``user`` (an analis or admin), written to the audit log."""
    check_publisher(user, "memuat rekap daftar miskin ekstrem")
    stored = store_recap(db_path, year, recap, source=source, content=content, loaded_by=user.username)
    users.record(
        users.users_path_for(db_path),
        user.username,
        user.role,
        AUDIT_ACTION,
        tahun=stored.year,
        kelurahan=stored.kelurahan,
        jiwa=stored.persons,
        berkas=Path(source).name,
    )
    return stored


def recap_of_year(con, year: int) -> pd.DataFrame:
    """The year's stored recap (empty in a database without one, or imported before recaps)."""
    if not sql.table_columns(con, "extreme_list"):
        return pd.DataFrame(columns=["kode_kelurahan", "families", "persons", "source", "sha256", "loaded_at"])
    return sql.frame(con, "model/extreme_list_of_year", {"year": year})


def counted_of_year(con, year: int) -> CountedPoor | None:
    """The year's recap as the model's counted component (None without a recap)."""
    recap = recap_of_year(con, year)
    if recap.empty:
        return None
    try:
        _check_against_frame(con, year, recap)
    except DataError as exc:  # a recap carried over a re-import whose frame shrank
        raise DataError(
            f"{exc} Muat rekap baru untuk tahun ini, atau jalankan model tanpa menghitung rekap (hapus centang "
            "'Hitung jiwa dalam rekap…' atau sae run --without-extreme-recap)."
        ) from None
    persons = {str(k): int(v) for k, v in zip(recap["kode_kelurahan"], recap["persons"], strict=True)}
    return CountedPoor(persons, _extreme_line(con, year))


def check_carried(con, recaps: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The carried recaps that still fit the re-imported frames, and a warning per year dropped."""
    kept, warnings = [], []
    for year, recap in recaps.groupby("year"):
        try:
            _check_against_frame(con, int(year), recap)
        except DataError as exc:
            warnings.append(f"Rekap daftar miskin ekstrem tahun {year} tidak dibawa ke impor ini: {exc}")
            continue
        kept.append(recap)
    return (pd.concat(kept) if kept else recaps.iloc[:0]), warnings


def _extreme_line(con, year: int) -> float:
    try:
        return resolve_line(con, year, "extreme").amount
    except DataError:
        raise DataError(
            f"Tahun {year} tidak punya garis kemiskinan ekstrem: jiwa dalam daftar miskin ekstrem dihitung di bawah "
            "garis itu, jadi rekap tidak dapat dipakai untuk tahun ini."
        ) from None


def _check_against_frame(con, year: int, table: pd.DataFrame) -> None:
    frame = sql.frame(con, "model/frame_persons", {"year": year}).set_index("kode_kelurahan")["persons"]
    names = load_kelurahan().set_index("kode")["nama"]
    over = [
        f"{names.get(code, code)} ({number(persons)} jiwa, kerangka {number(int(frame.get(code, 0)))})"
        for code, persons in zip(table["kode_kelurahan"], table["persons"], strict=True)
        if persons > frame.get(code, 0)
    ]
    if over:
        raise DataError(
            f"Rekap tahun {year} mencantumkan lebih banyak jiwa daripada kerangka keluarga {UNIT} itu: "
            + "; ".join(over)
            + ". Periksa tahun dan kolom jumlah jiwa."
        )
