"""The national gazetteer: every provinsi, kabupaten/kota, kecamatan and desa/kelurahan.

Read from ``data/reference/wilayah/wilayah.csv.gz`` (Kepmendagri 300.2.2-2138/2025; source,
edition and licence in the README beside it). Codes are Kemendagri's, dotted: ``64``
(provinsi), ``64.74`` (kabupaten/kota), ``64.74.01`` (kecamatan), ``64.74.01.1001``
(desa/kelurahan). The fourth part of a desa/kelurahan code says what it is: 1xxx a kelurahan,
2xxx a desa, 3xxx a desa adat (read as a desa).

>>> r = region("64.74")
>>> r.nama, r.jenis, r.nama_provinsi, r.unit
('Kota Bontang', 'kota', 'Kalimantan Timur', 'kelurahan')
>>> region("64.08").unit, len(areas("64.08"))
('desa/kelurahan', 141)
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analytics.errors import InputError
from analytics.paths import REFERENCE_DIR

GAZETTEER_FILE = REFERENCE_DIR / "wilayah" / "wilayah.csv.gz"
#: Level of a code by its number of dotted parts.
LEVELS = {1: "provinsi", 2: "kabkota", 3: "kecamatan", 4: "desa_kelurahan"}
#: What a desa/kelurahan is, by the first digit of its code's fourth part.
AREA_KINDS = {"1": "kelurahan", "2": "desa", "3": "desa"}


@cache
def national() -> pd.DataFrame:
    """Every area: ``kode``, ``nama``, ``level`` (see :data:`LEVELS`) and, for a
    desa/kelurahan, ``jenis`` ('desa' or 'kelurahan'; else empty)."""
    table = pd.read_csv(GAZETTEER_FILE, dtype=str, keep_default_na=False)
    parts = table["kode"].str.count(r"\.") + 1
    table["level"] = parts.map(LEVELS)
    fourth = table["kode"].str.split(".").str[3].str[:1]
    table["jenis"] = fourth.map(AREA_KINDS).where(table["level"] == "desa_kelurahan", "")
    return table


@cache
def _text() -> str:
    # The file's text, read once (about 3 MB): the lookups below scan it for one prefix, so the
    # region's few hundred rows are found without building the 91.599-row table at start-up.
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as f:
        return f.read()


@cache
def _under(prefix: str) -> tuple[tuple[str, str], ...]:
    """(kode, nama) of ``prefix`` itself and every area under it, in file (code) order."""
    pattern = re.compile(rf"^{re.escape(prefix)}(?:\.[0-9.]+)?,.*$", re.M)
    lines = [m.group(0) for m in pattern.finditer(_text())]
    return tuple((kode, nama) for kode, nama in csv.reader(lines))


def name(kode: str) -> str | None:
    """The official name of an area's code, or None when the gazetteer lacks it."""
    kode = str(kode)
    if not re.fullmatch(r"[0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?", kode):
        return None
    return dict(_under(kode)).get(kode)


@dataclass(frozen=True)
class Region:
    """A kabupaten or kota: the unit a Pemda reviews."""

    kode: str  # '64.74'
    nama: str  # 'Kota Bontang', 'Kabupaten Kutai Timur'
    jenis: str  # 'kota' or 'kabupaten'
    kode_provinsi: str  # '64'
    nama_provinsi: str  # 'Kalimantan Timur'
    n_desa: int
    n_kelurahan: int

    @property
    def unit(self) -> str:
        """What the region's smallest areas are called: 'kelurahan', 'desa' or 'desa/kelurahan'."""
        if self.n_desa and self.n_kelurahan:
            return "desa/kelurahan"
        return "desa" if self.n_desa else "kelurahan"

    @property
    def short_name(self) -> str:
        """The name without 'Kota ' or 'Kabupaten ': 'Bontang', 'Kutai Timur'."""
        return self.nama.split(" ", 1)[1]


@cache
def region(kode: str) -> Region:
    """The kabupaten/kota of a code ('64.74'); :class:`InputError` in Indonesian when the
    gazetteer has no such kabupaten/kota."""
    kode = str(kode).strip()
    nama = name(kode)
    if nama is None or kode.count(".") != 1:
        raise InputError(
            f"Kode kabupaten/kota {kode[:20]!r} tidak ada dalam daftar wilayah Kemendagri "
            "(bentuk: dua angka provinsi, titik, dua angka kabupaten/kota)."
        )
    jenis = "kota" if nama.startswith("Kota ") else "kabupaten"
    inside = areas(kode)["jenis"].value_counts()
    provinsi = kode.split(".")[0]
    return Region(
        kode=kode,
        nama=nama,
        jenis=jenis,
        kode_provinsi=provinsi,
        nama_provinsi=name(provinsi),
        n_desa=int(inside.get("desa", 0)),
        n_kelurahan=int(inside.get("kelurahan", 0)),
    )


def kecamatan(kode: str) -> pd.DataFrame:
    """The kecamatan of a kabupaten/kota: ``kode``, ``nama``, in code order."""
    rows = [(k, n) for k, n in _under(str(kode)) if k.count(".") == 2]
    return pd.DataFrame(rows, columns=["kode", "nama"])


_AREA_COLUMNS = ["kode", "nama", "jenis", "kode_kecamatan", "kecamatan"]


def areas(kode: str) -> pd.DataFrame:
    """The desa and kelurahan of a kabupaten/kota: ``kode``, ``nama``, ``jenis``,
    ``kode_kecamatan``, ``kecamatan``, in code order."""
    rows = _under(str(kode))
    names = dict(rows)
    found = [(k, n, AREA_KINDS.get(k[9:10], ""), k[:8], names.get(k[:8])) for k, n in rows if k.count(".") == 3]
    return pd.DataFrame(found, columns=_AREA_COLUMNS)


def region_of(codes: pd.Series) -> str | None:
    """The kabupaten/kota most of the given desa/kelurahan codes (dotted) lie in, or None
    when no code is a desa/kelurahan of the gazetteer.

    >>> region_of(pd.Series(["64.74.01.1001", "64.74.02.1003", "64.08.01.2001", None]))
    '64.74'
    """
    shaped = codes.dropna().astype(str)
    shaped = shaped[shaped.str.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")]
    counts = {}
    for region, inside in shaped.groupby(shaped.str[:5]):
        known = {kode for kode, _ in _under(region)}
        counts[region] = int(inside.isin(known).sum())
    best = max(counts, key=lambda region: (counts[region], region), default=None)
    return best if best is not None and counts[best] > 0 else None
