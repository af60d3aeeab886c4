"""A paragraph in Bahasa Indonesia describing a year, ready to paste into a briefing.

Pure functions of the DataFrames from :mod:`analytics.summary`; no database, no Streamlit.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.disclosure import SUPPRESSION_NOTE
from analytics.formats import number as id_number
from analytics.formats import readable_decimals
from analytics.labels import REFERENCE_COUNT, REFERENCE_SHARE, line_text, reference_text
from analytics.reference import UNIT
from analytics.summary import Headline
from analytics.welfare.change import change_interval, change_uncertain

__all__ = ["describe_year", "id_number"]

MODEL_SENTENCE = (
    "P0, P1 dan P2 adalah estimasi model small-area (Susenas dan register keluarga) dengan selang 90 %; angka "
    f"per {UNIT} tidak dihitung dari pengeluaran setiap keluarga (lihat catatan metode)."
)
# A kelurahan's P0 must move at least this much (fraction; 0,1 poin persen) to be named as
# rising or falling: smaller moves are within the noise of a register year to year.
MIN_NOTABLE_CHANGE = 0.001


def _missing(value) -> bool:
    if isinstance(value, str):  # a suppressed figure ("<10", "x") is shown, not missing
        return False
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def _hidden(*values) -> bool:
    """True when any value is the text of a suppressed figure (``<10`` or ``x``)."""
    return any(isinstance(v, str) for v in values)


def _persons(value) -> str:
    """A count of persons, or its suppressed text: '7.114 jiwa', '<10 jiwa', 'x jiwa'."""
    return f"{value if isinstance(value, str) else id_number(value)} jiwa"


_decimals = readable_decimals


def _pct(fraction, decimals: int = 2) -> str:
    value = fraction * 100
    return f"{id_number(value, _decimals(value, decimals))} %"


def _points(fraction_change, decimals: int = 2) -> str:
    value = abs(fraction_change) * 100
    return f"{id_number(value, _decimals(value, decimals))} poin persen"


def _bps(fraction, decimals: int = 2) -> str:
    value = fraction * 100
    return id_number(value, _decimals(value, decimals))


def _names(frame: pd.DataFrame, limit: int = 3) -> str:
    names = list(frame["nama"].head(limit))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def describe_year(headline: Headline, kelurahan: pd.DataFrame | None = None) -> str:
    """Describe the year of ``headline`` (from ``summary.headline``) in one paragraph.

    Parameters
    ----------
    headline : analytics.summary.Headline
        Its table's rows p0, p1, p2, poor, extreme_poor with value, previous, change, bps
        and bps_kind (a figure is called BPS's only when its kind is 'bps');
        the year, previous year, area name and line. A value, previous or change
        may be the text of a suppressed figure (``<10``, ``x``, from
        :func:`analytics.disclosure.protect_headline`): counts are then written
        as that text, hidden P0 to P2 and changes are left out, and the paragraph ends
        with the suppression note.
    kelurahan : pandas.DataFrame, optional
        From ``summary.kelurahan_change``: kode, nama, p0, p2, p0_prev, … . Used to name
        the most severe kelurahan and those where P0 rose or fell most.

    Returns
    -------
    str
        Plain text (no markup), Indonesian number formats, P1/P2 on the BPS scale.

    Examples
    --------
    >>> from analytics.poverty.lines import PovertyLine
    >>> table = pd.DataFrame({
    ...     "indicator": ["p0", "p1", "p2", "poor", "extreme_poor"],
    ...     "value": [0.0374, 0.0035, 0.00051, 7114.0, 151.0],
    ...     "previous": [0.0411, 0.0039, 0.0005, 7729.0, 94.0],
    ...     "change": [-0.0037, -0.0004, 0.00001, -615.0, 57.0],
    ...     "bps": [0.0374, float("nan"), float("nan"), 7110.0, float("nan")],
    ...     "bps_kind": ["bps", None, None, "bps", None],
    ... })
    >>> h = Headline(table, 2024, 2023, "64.74", "Kota Bontang", "kota",
    ...              PovertyLine(801945.0, "official", "official", 2024), None)
    >>> describe_year(h).split(";")[0].split("sebesar ")[1]
    '3,74 %, turun 0,37 poin persen dari 4,11 % pada tahun 2023'
    """
    rows = headline.table.set_index("indicator")
    model = headline.welfare == "model"
    sentences = [
        _level_sentence(rows.loc["p0"], headline),
        _depth_sentence(rows.loc["p1"], rows.loc["p2"], headline.previous_year, headline.line.kind == "extreme"),
        _count_sentence(
            rows.loc["poor"],
            rows.loc["extreme_poor"],
            headline.previous_year,
            model,
            extreme_line=headline.line.kind == "extreme",
        ),
        *(_model_kelurahan_sentences(kelurahan) if model else _kelurahan_sentences(kelurahan)),
        f"Perhitungan memakai {line_text(headline.line)}.",
        MODEL_SENTENCE if model else "",
    ]
    indicators = ("p0", "p1", "p2", "poor", "extreme_poor")
    shown = [rows.loc[i, c] for i in indicators for c in ("value", "previous", "change")]
    if _hidden(*shown):
        sentences.append(SUPPRESSION_NOTE)
    return " ".join(s for s in sentences if s)


def _interval(row: pd.Series, fmt) -> str:
    """' (selang 90 %: a–b)' for a model figure, else ''."""
    if "lower" not in row.index or _missing(row["lower"]) or _missing(row["upper"]):
        return ""
    return f" (selang 90 %: {fmt(row['lower'])}–{fmt(row['upper'])})"


def _level_sentence(p0: pd.Series, headline: Headline) -> str:
    prev_year = headline.previous_year
    source = "menurut estimasi model (SAE)" if headline.welfare == "model" else "menurut data register"
    extreme = headline.line.kind == "extreme"
    what = "tingkat kemiskinan ekstrem" if extreme else "tingkat kemiskinan"
    # As the page's metrics: the extreme line's small shares with one decimal more.
    decimals = 3 if extreme else 2

    def pct(value) -> str:
        return _pct(value, decimals)

    first = f"Pada tahun {headline.year}, {what} (P0) {headline.nama} {source} "
    if _hidden(p0["value"]):
        first += "tidak ditampilkan (pengendalian pengungkapan statistik)"
    else:
        first += f"sebesar {pct(p0['value'])}{_interval(p0, pct)}"
        if prev_year is not None and not _missing(p0["previous"]) and not _hidden(p0["previous"], p0["change"]):
            if abs(p0["change"]) < 1e-12:
                first += f", sama dengan tahun {prev_year}"
            else:
                direction = "turun" if p0["change"] < 0 else "naik"
                change = _points(p0["change"], decimals)
                first += f", {direction} {change} dari {pct(p0['previous'])} pada tahun {prev_year}"
                if change_uncertain(p0):
                    first += " (perubahan ini masih dalam ketidakpastian estimasi)"
    if not _missing(p0["bps"]):
        # 'angka resmi BPS' only for a BPS release; a Pemkot statement is said to be one.
        first += "; " + reference_text(REFERENCE_SHARE, p0.get("bps_kind"), pct(p0["bps"]))
    return first + "."


def _depth_sentence(p1: pd.Series, p2: pd.Series, prev_year: int | None, extreme: bool = False) -> str | None:
    if _hidden(p1["value"], p2["value"]):
        return None
    depth = (
        f"Indeks kedalaman kemiskinan (P1) {_bps(p1['value'], 3 if extreme else 2)} dan indeks keparahan (P2) "
        f"{_bps(p2['value'], 4 if extreme else 3)} (skala BPS, ×100)"
    )
    trends, uncertain = [], 0
    for label, row in (("P1", p1), ("P2", p2)):
        if _hidden(row["previous"], row["change"]):
            continue
        if not _missing(row["previous"]) and abs(row["change"]) >= 5e-6:
            trends.append(f"{label} {'turun' if row['change'] < 0 else 'naik'}")
            uncertain += change_uncertain(row)
    if trends:
        depth += f"; dibanding {prev_year}, " + " dan ".join(trends)
        # As for P0 and as the page's grey deltas: a change inside the interval is not a sure one.
        if uncertain == len(trends):
            depth += " (masih dalam ketidakpastian estimasi)"
        elif uncertain:
            depth += " (sebagian masih dalam ketidakpastian estimasi)"
    return depth + "."


def _count_sentence(
    poor: pd.Series, extreme: pd.Series, prev_year: int | None, model: bool = False, extreme_line: bool = False
) -> str:
    """The count of poor persons; on the extreme line they are the extremely poor, named once
    (the extreme count beside them would repeat the same figure)."""
    who = "Penduduk miskin ekstrem" if extreme_line else "Penduduk miskin"
    if model:
        count = f"{who} diperkirakan {_persons(round(poor['value'], -1))}{_interval(poor, _rounded_persons)}"
    else:
        count = f"{who} tercatat {_persons(poor['value'])}"
    if not _missing(poor["previous"]) and not _hidden(poor["change"]):
        diff = round(poor["change"], -1) if model else poor["change"]
        if diff != 0:
            count += f" ({'berkurang' if diff < 0 else 'bertambah'} {id_number(abs(diff))} jiwa)"
    if not _missing(poor["bps"]):
        count += ", " + reference_text(REFERENCE_COUNT, poor.get("bps_kind"), id_number(poor["bps"]))
    if extreme_line:
        return count + "."
    if not _missing(extreme["value"]) and model:
        count += f"; penduduk miskin ekstrem diperkirakan {_persons(round(extreme['value'], -1))}"
    elif not _missing(extreme["value"]):
        count += f"; penduduk miskin ekstrem {_persons(extreme['value'])}"
        if not _missing(extreme["previous"]):
            count += f" (tahun {prev_year}: {_persons(extreme['previous'])})"
    return count + "."


def _rounded_persons(value) -> str:
    return id_number(round(value, -1))


def _model_kelurahan_sentences(kelurahan: pd.DataFrame | None) -> list[str]:
    """Under a model, only what the intervals support: the kelurahan whose P2 interval overlaps
    the highest one are named together as the group the highest may be in (their order is not
    known), and P0 is said to have moved only where its change's interval (both years'
    errors, :mod:`analytics.welfare.change`) leaves out 0."""
    if kelurahan is None or len(kelurahan) <= 1 or "lower_p2" not in kelurahan:
        return []
    ranked = kelurahan.dropna(subset=["p2"]).sort_values(["p2", "kode"], ascending=[False, True])
    if ranked.empty:
        return []
    top = ranked.iloc[0]
    overlapping = ranked[ranked["upper_p2"] >= top["lower_p2"]]
    if len(overlapping) <= 3:
        sentences = [
            f"Keparahan tertinggi diperkirakan di {_names(overlapping)}"
            + (" (selangnya bertumpang tindih, urutannya tidak pasti)." if len(overlapping) > 1 else ".")
        ]
    else:
        sentences = [
            f"Estimasi keparahan tertinggi di {top['nama']}, tetapi selangnya bertumpang tindih dengan "
            f"{len(overlapping) - 1} {UNIT} lain, sehingga urutan keparahan belum dapat dipastikan."
        ]
    if "p0_prev" in kelurahan and kelurahan["p0_prev"].notna().any():
        low, high = change_interval(
            kelurahan["p0"],
            kelurahan["p0_prev"],
            kelurahan["lower_p0"],
            kelurahan["upper_p0"],
            kelurahan.get("lower_p0_prev", float("nan")),
            kelurahan.get("upper_p0_prev", float("nan")),
        )
        moved = kelurahan[(low > 0) | (high < 0)]
        fell = moved[moved["p0"] < moved["p0_prev"]]
        rose = moved[moved["p0"] > moved["p0_prev"]]
        if not fell.empty:
            sentences.append(f"P0 turun melampaui selang ketidakpastiannya di {_names(fell)}.")
        if not rose.empty:
            sentences.append(f"P0 naik melampaui selang ketidakpastiannya di {_names(rose)}.")
    return sentences


def _kelurahan_sentences(kelurahan: pd.DataFrame | None) -> list[str]:
    if kelurahan is None or kelurahan.empty or len(kelurahan) <= 1:
        return []
    sentences = []
    ranked = kelurahan.dropna(subset=["p2"]).sort_values(["p2", "kode"], ascending=[False, True])
    if not ranked.empty:
        sentences.append(f"Keparahan tertinggi terdapat di {_names(ranked)}.")
    if "p0_prev" in kelurahan and kelurahan["p0_prev"].notna().any():
        delta = (kelurahan["p0"] - kelurahan["p0_prev"]).rename("delta")
        moved = kelurahan.assign(delta=delta).dropna(subset=["delta"])
        fell = moved[moved["delta"] <= -MIN_NOTABLE_CHANGE].sort_values(["delta", "kode"])
        rose = moved[moved["delta"] >= MIN_NOTABLE_CHANGE].sort_values(["delta", "kode"], ascending=[False, True])
        parts = []
        if not fell.empty:
            parts.append(f"P0 turun paling banyak di {_names(fell)}")
        if not rose.empty:
            parts.append(f"naik di {_names(rose)}")
        if parts:
            sentences.append(("; sebaliknya ".join(parts) if len(parts) == 2 else parts[0]) + ".")
    return sentences
