"""What a user chose in the sidebar, and the area rules every page shares.

An *area* is a Kemendagri code: the city (``64.74``), a kecamatan (``64.74.01``) or a
kelurahan (``64.74.01.1001``). Filtering a table to the areas inside another is done here
and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analytics.errors import InputError
from analytics.formats import rupiah
from analytics.reference import REGION_CODE, REGION_NAME, load_kecamatan, load_kelurahan

#: A line typed by the user (rupiah per capita per month) must lie in this range: Bontang's
#: official line is about Rp 800.000; an amount far outside is a typing mistake, not a line.
LINE_AMOUNT_MIN = 50_000
LINE_AMOUNT_MAX = 10_000_000
_DIGITS = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class Selection:
    """The sidebar's choice; ``line`` is what analytics functions take ('official',
    'extreme' or an amount in rupiah)."""

    year: int
    line: str | float = "official"
    kecamatan: str | None = None
    kelurahan: str | None = None

    @property
    def area(self) -> str:
        """The most specific area chosen: kelurahan, else kecamatan, else the city."""
        return self.kelurahan or self.kecamatan or REGION_CODE

    @property
    def area_name(self) -> str:
        return area_name(self.area)

    @property
    def within(self) -> str | None:
        """The kecamatan limiting kelurahan lists (None: the whole city)."""
        return self.kecamatan

    @property
    def is_amount(self) -> bool:
        """True when the line is an amount the user typed (not a published line)."""
        return not isinstance(self.line, str)

    @property
    def line_kind(self) -> str:
        """'official' or 'extreme' for comparisons across years (an amount falls back to official)."""
        return "extreme" if self.line == "extreme" else "official"


def area_name(kode: str) -> str:
    """Display name of an area code.

    >>> area_name("64.74"), area_name("64.74.02"), area_name("64.74.01.1006")
    ('Kota Bontang', 'Kecamatan Bontang Selatan', 'Api-Api')
    """
    if kode == REGION_CODE:
        return REGION_NAME
    kel = load_kelurahan().set_index("kode")["nama"]
    if kode in kel:
        return kel[kode]
    return "Kecamatan " + load_kecamatan().set_index("kode")["nama"][kode]


def kelurahan_names() -> dict[str, str]:
    """Kelurahan code -> name, in gazetteer order."""
    gazetteer = load_kelurahan()
    return dict(zip(gazetteer["kode"], gazetteer["nama"], strict=True))


def kecamatan_names() -> dict[str, str]:
    gazetteer = load_kecamatan()
    return dict(zip(gazetteer["kode"], gazetteer["nama"], strict=True))


def kecamatan_of(kelurahan: str) -> str:
    return load_kelurahan().set_index("kode").loc[kelurahan, "kode_kecamatan"]


def inside(codes: pd.Series, area: str | None) -> pd.Series:
    """Which of ``codes`` lie inside ``area`` (itself included); all of them for None or the city.

    >>> inside(pd.Series(["64.74.01.1001", "64.74.02.1001", "64.74.01"]), "64.74.01").tolist()
    [True, False, True]
    """
    if area is None or area == REGION_CODE:
        return pd.Series(True, index=codes.index)
    return codes.str.startswith(area + ".") | (codes == area)


def only_inside(frame: pd.DataFrame, area: str | None, column: str = "kode") -> pd.DataFrame:
    """The rows of ``frame`` whose ``column`` lies inside ``area``."""
    return frame[inside(frame[column], area)]


def parse_line_amount(text: str) -> int:
    """A line amount as written in a URL or typed: ASCII digits only, within the plausible range.

    >>> parse_line_amount("900000")
    900000
    >>> parse_line_amount("²")
    Traceback (most recent call last):
    ...
    analytics.errors.InputError: Nilai garis harus berupa angka rupiah (hanya digit 0-9), bukan '²'.
    """
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        raise InputError(f"Nilai garis harus berupa angka rupiah (hanya digit 0-9), bukan {str(text)[:20]!r}.")
    return check_line_amount(int(text))


def check_line_amount(amount) -> int:
    """``amount`` as an int when it lies in [LINE_AMOUNT_MIN, LINE_AMOUNT_MAX]; else InputError."""
    if not LINE_AMOUNT_MIN <= amount <= LINE_AMOUNT_MAX:
        raise InputError(
            f"Nilai garis {rupiah(min(amount, 10**12))} di luar rentang yang masuk akal "
            f"({rupiah(LINE_AMOUNT_MIN)} sampai {rupiah(LINE_AMOUNT_MAX)} per kapita per bulan)."
        )
    return int(amount)


def parse_year(text: str, years: list[int]) -> int:
    """A year as written in a URL: four ASCII digits, one of ``years``; else InputError.

    >>> parse_year("2024", [2023, 2024])
    2024
    """
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}", text) or int(text) not in years:
        raise InputError(f"Tahun {str(text)[:20]!r} tidak tersedia.")
    return int(text)
