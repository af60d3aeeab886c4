"""The area a pack speaks of: the city, or the kecamatan or kelurahan chosen in the sidebar (or
on the command line), and how the city-wide tables of its pack point at it.

>>> PackArea(kelurahan="64.74.01.1006").title_name, PackArea(kecamatan="64.74.02").slug
('Kelurahan Api-Api', 'kecamatan-bontang-selatan')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analytics.errors import InputError
from analytics.reference import EXAMPLE_KECAMATAN, EXAMPLE_KELURAHAN, REGION_CODE, REGION_SLUG, UNIT, slug
from analytics.report.tables import Table
from analytics.summary import area_level
from analytics.views.selection import Selection, area_name, inside, kecamatan_names, kecamatan_of, kelurahan_names

#: The column that points at the pack's own rows in a city-wide table, and its mark.
MARK_COLUMN = "Wilayah ini"
MARK = "►"


@dataclass(frozen=True)
class PackArea:
    """The sidebar's kecamatan and kelurahan (both None: the city)."""

    kecamatan: str | None = None
    kelurahan: str | None = None

    @property
    def code(self) -> str:
        return self.kelurahan or self.kecamatan or REGION_CODE

    @property
    def is_city(self) -> bool:
        return self.code == REGION_CODE

    @property
    def level(self) -> str:
        """'kota', 'kecamatan' or 'kelurahan' (as :mod:`analytics.segments` names them)."""
        return area_level(self.code)

    @property
    def title_name(self) -> str:
        """'Kota Bontang', 'Kecamatan Bontang Selatan' or 'Kelurahan Api-Api'."""
        name = area_name(self.code)
        return f"Kelurahan {name}" if self.kelurahan else name

    @property
    def slug(self) -> str:
        """The area in a file name: 'bontang' for the city, else its name in lower case."""
        return REGION_SLUG if self.is_city else slug(area_name(self.code))

    def selection(self, year: int, line) -> Selection:
        """The sidebar choice this pack was asked for (the page's paragraph reads the same)."""
        return Selection(year, line, kecamatan=self.kecamatan, kelurahan=self.kelurahan)

    def holds(self, codes: pd.Series) -> pd.Series:
        """Which kelurahan (or kecamatan) ``codes`` lie in the area; never the city's own row."""
        return inside(codes, self.code) & (codes != REGION_CODE)

    @property
    def mark_note(self) -> str:
        what = self.title_name if self.kelurahan else f"{UNIT} di {self.title_name}"
        return f"{MARK} pada kolom '{MARK_COLUMN}': {what}."


def pack_area(kecamatan: str | None = None, kelurahan: str | None = None) -> PackArea:
    """The area of a pack, its codes checked (InputError in Bahasa Indonesia otherwise).

    >>> pack_area(kelurahan="64.74.01.1006").kecamatan is None
    True
    >>> pack_area("64.74.02", "64.74.01.1006")
    Traceback (most recent call last):
    ...
    analytics.errors.InputError: Kelurahan Api-Api tidak terletak di Kecamatan Bontang Selatan.
    """
    kecamatan, kelurahan = kecamatan or None, kelurahan or None
    if kecamatan is not None and kecamatan not in kecamatan_names():
        raise InputError(f"Kode kecamatan {str(kecamatan)[:20]!r} tidak dikenal (contoh: {EXAMPLE_KECAMATAN}).")
    if kelurahan is not None and kelurahan not in kelurahan_names():
        raise InputError(f"Kode {UNIT} {str(kelurahan)[:20]!r} tidak dikenal (contoh: {EXAMPLE_KELURAHAN}).")
    if kecamatan is not None and kelurahan is not None and kecamatan_of(kelurahan) != kecamatan:
        raise InputError(f"Kelurahan {area_name(kelurahan)} tidak terletak di {area_name(kecamatan)}.")
    return PackArea(kecamatan, kelurahan)


def mark(table: Table, area: PackArea, column: str = "Kode") -> Table:
    """``table`` with a first column marking the area's rows (and those rows listed, to be drawn
    bold); the note says what the mark means. The rows keep their order: a ranking stays a ranking."""
    mine = area.holds(table.frame[column].astype(str)).to_numpy()
    marks = np.where(mine, MARK, "")
    frame, display = table.frame.copy(), table.display.copy()
    frame.insert(0, MARK_COLUMN, marks)
    display.insert(0, MARK_COLUMN, marks)
    note = f"{area.mark_note} {table.note}".strip()
    rows = tuple(int(i) for i in np.flatnonzero(mine))
    return replace(table, frame=frame, display=display, note=note, marked_rows=rows)
