"""Turning analytics DataFrames into tables a user reads: Indonesian headers and formats.

Cells suppressed for a role without household access (``<10``, ``x``; see
:mod:`analytics.views.protection`) pass through every formatter unchanged.
:data:`COUNT_COLUMNS` and :data:`COUNT_METRICS` name the columns and metrics that show counts
of persons or families, so that a test can check that none of them shows a count from 1 to 9
to a pimpinan.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics.formats import bps_scale, number, percent, rupiah, to_tens
from analytics.labels import RELIABILITY, label
from analytics.reference import UNIT

#: Table headers whose cells are counts of persons or families (register figures). BPS
#: columns ("Miskin BPS") are published survey estimates and are not among them.
COUNT_COLUMNS = frozenset(
    {
        "Penduduk",
        "Penduduk miskin",
        "Miskin register",
        "Keluarga miskin dapat diberdayakan",
        "Tetap miskin",
        "Keluar dari kemiskinan",
        "Masuk kemiskinan",
        "Tetap tidak miskin",
    }
)
#: Headers that start so are counts too (they name a year: "Hanya ada 2024").
COUNT_COLUMN_PREFIXES = ("Hanya ada ",)
#: Metric labels whose value is a count of persons or families.
COUNT_METRICS = frozenset({"Penduduk miskin (jiwa)", "Miskin ekstrem (jiwa)"})
#: Shares that give back a hidden count (P0 × population): shown as ``x`` with it.
FGT_SHARE_COLUMNS = ("P0 (%)", "P1 (×100)", "P2 (×100)")
#: After the reliability class of an area without a surveyed household.
SYNTHETIC = " · sintetis"
#: Under a table with such areas.
SYNTHETIC_NOTE = (
    f"Sintetis: tidak ada rumah tangga survei di {UNIT} itu; estimasinya hanya dari ciri keluarga di "
    "register, tanpa efek wilayah, sehingga selangnya lebar."
)


def is_count_column(label: str) -> bool:
    """True when a table column with this header holds counts of persons or families.

    >>> is_count_column("Penduduk miskin"), is_count_column("Hanya ada 2024"), is_count_column("P0 (%)")
    (True, True, False)
    """
    return label in COUNT_COLUMNS or label.startswith(COUNT_COLUMN_PREFIXES)


def shares(series: pd.Series, fmt: Callable[[float], str]) -> pd.Series:
    """A ratio column in ``fmt``; suppressed cells pass through, missing ones are '–'."""
    return series.map(lambda v: v if isinstance(v, str) else "–" if pd.isna(v) else fmt(v))


def fgt_table(frame: pd.DataFrame, rank: bool = False) -> pd.DataFrame:
    """kode, nama, population, poor, p0, p1, p2 -> Indonesian columns, BPS scale for P1/P2.

    For a pimpinan the frame comes through ``protection.protect_areas``: a hidden poor
    count hides P0 (P0 × population would give it back) and P1, P2 of the row as ``x``.
    Model estimates (``lower_p0`` … present) add each figure's 90 % interval and the BPS
    reliability class of P2, and the poor count is an estimate (rounded to tens).
    """
    model = "lower_p0" in frame.columns
    shown = pd.DataFrame(
        {
            "Wilayah": frame["nama"],
            "Penduduk": counts(frame["population"]),
            "Penduduk miskin": counts(frame["poor"].map(to_tens)) if model else counts(frame["poor"]),
            "P0 (%)": shares(frame["p0"], percent),
            "P1 (×100)": shares(frame["p1"], bps_scale),
            "P2 (×100)": shares(frame["p2"], lambda v: bps_scale(v, 3)),
        }
    )
    if model:
        shown.insert(4, "P0 selang 90 %", intervals(frame, "p0", lambda v: number(v * 100, 2)))
        shown.insert(6, "P1 selang 90 %", intervals(frame, "p1", lambda v: number(v * 100, 2)))
        shown.insert(8, "P2 selang 90 %", intervals(frame, "p2", lambda v: number(v * 100, 3)))
        # The short class: the caption under each table gives the CV bounds (a long label cut the
        # ranking table at 1440 px).
        shown["Keandalan P2"] = reliability(frame, "p2")
    if rank:
        # A ranking by severity needs no population column (the kecamatan table has it): with it,
        # the model's ranking was cut at 1440 px.
        shown = shown.drop(columns="Penduduk")
        shown.insert(0, "Peringkat", frame["rank"].map(number))
        # What the table ranks by comes right after the name, so it is never scrolled away.
        first = ["Peringkat", "Wilayah", "P2 (×100)", "P2 selang 90 %", "Keandalan P2"]
        shown = shown[[c for c in first if c in shown.columns] + [c for c in shown.columns if c not in first]]
    return shown


def reliability(frame: pd.DataFrame, indicator: str) -> pd.Series:
    """The short reliability class of each model estimate; an area without a surveyed household
    is marked synthetic (its estimate rests on its families' characteristics alone, without an
    area effect), as most desa of a kabupaten are."""
    text = frame[f"reliability_{indicator}"].map(lambda v: label(RELIABILITY, v).split(" (")[0])
    if "n_sample" not in frame.columns:
        return text
    return text.where(frame["n_sample"].fillna(1).gt(0), text + SYNTHETIC)


def has_synthetic(frame: pd.DataFrame) -> bool:
    """True when some area of a model table has no surveyed household."""
    return "n_sample" in frame.columns and bool(frame["n_sample"].eq(0).any())


def intervals(frame: pd.DataFrame, indicator: str, fmt: Callable[[float], str]) -> pd.Series:
    """'a–b' of a model figure's 90 % interval; '–' where there is none."""
    lower, upper = frame[f"lower_{indicator}"], frame[f"upper_{indicator}"]
    return pd.Series(
        ["–" if pd.isna(lo) or pd.isna(hi) else f"{fmt(lo)}–{fmt(hi)}" for lo, hi in zip(lower, upper, strict=True)],
        index=frame.index,
    )


#: How a downloadable list shows a number column on screen (Indonesian text) and in Excel (a
#: number with this format, so that it sorts and sums; Excel shows the reader's separators).
LIST_KINDS: dict[str, tuple[Callable, str]] = {
    "rp": (lambda v: rupiah(v), '"Rp "#,##0'),
    "pct0": (lambda v: percent(v, 0), "0%"),
    "pct1": (lambda v: percent(v, 1), "0.0%"),
    "int": (lambda v: number(v), "#,##0"),
}


@dataclass(frozen=True)
class Listing:
    """A list of families: numbers as numbers (``export``, for Excel) and their kinds."""

    export: pd.DataFrame
    kinds: dict[str, str]  # number columns -> key of LIST_KINDS

    @property
    def shown(self) -> pd.DataFrame:
        return as_text(self.export, self.kinds)


def as_text(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """``frame`` with its number columns (``kinds``: column -> key of :data:`LIST_KINDS`) as
    Indonesian text for the screen; missing values as '–'.

    >>> as_text(pd.DataFrame({"Rp": [1253174.6, None], "Ket": ["a", "b"]}), {"Rp": "rp"})["Rp"].tolist()
    ['Rp 1.253.175', '–']
    """
    out = frame.copy()
    for column, kind in kinds.items():
        render = LIST_KINDS[kind][0]
        out[column] = frame[column].map(lambda v, render=render: "–" if pd.isna(v) else render(v)).astype(object)
    return out


def money(series: pd.Series) -> pd.Series:
    return series.map(lambda v: "–" if pd.isna(v) else rupiah(v))


def counts(series: pd.Series) -> pd.Series:
    """Indonesian thousands; markers of suppressed cells (``<10``, ``x``) pass through."""
    return series.map(lambda v: v if isinstance(v, str) else "–" if pd.isna(v) else number(v))


def percents(series: pd.Series, decimals: int = 1) -> pd.Series:
    """Indonesian percentages; markers of suppressed cells pass through."""
    return series.map(lambda v: v if isinstance(v, str) else "–" if pd.isna(v) else percent(v, decimals))
