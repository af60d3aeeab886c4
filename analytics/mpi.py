r"""Multidimensional poverty (Alkire–Foster adjusted headcount ratio M0) over basic needs.

Method: Alkire, S. and Foster, J. (2011), "Counting and multidimensional poverty
measurement", *Journal of Public Economics* 95(7–8), 476–487, with the indicator
structure and cutoffs of the global MPI (UNDP and OPHI: Alkire and Santos 2010, OPHI
Working Paper 38; the 2018 revision, Alkire, Kanagaratnam and Suppa, OPHI MPI
Methodological Note 46) adapted to what the Indonesian registers record.

Each person *i* takes the deprivations ``d_ij`` of his or her family. The deprivation
score is ``c_i = sum_j w_j d_ij``; a person is multidimensionally poor when ``c_i >= k``
(default ``k = 1/3``, as in the global MPI). Over persons, with ``n`` the population and
``q`` the poor:

* ``H = q / n`` (incidence), ``A = sum_{poor} c_i / q`` (intensity), ``M0 = H * A``;
* censored headcount ratio of indicator *j*: ``h_j = (poor persons deprived in j) / n``;
* ``M0 = sum_j w_j h_j`` and the contribution of *j* is ``w_j h_j / M0`` (they add up to 1;
  empty where M0 = 0).

Indicators, deprivation cutoffs and weights (nested equal weights: each dimension 1/3,
split equally among its indicators; value lists are those of the P3KE family file and
Regsosek):

==================  ==================  ==========================================  ======
dimension           indicator           deprived when (family field = value)        weight
==================  ==================  ==========================================  ======
Education (1/3)     school_attendance   a school-age child is out of school          1/3
                                        (``n_out_of_school > 0``); global MPI
                                        "school attendance"
Health (1/3)        health_insurance    ``health_insurance = 'TIDAK MEMILIKI'``      1/3
                                        (no JKN of any kind). The registers hold no
                                        nutrition or child mortality, the global
                                        MPI's health indicators; JKN cover is the
                                        health need the city's mission names.
Living standards    water               ``water_source`` is 'SUMUR TIDAK             1/15
(1/3)                                   TERLINDUNG' or 'AIR PERMUKAAN (SUNGAI,
                                        DANAU, DLL)': unimproved source (global
                                        MPI, following the WHO/UNICEF JMP ladder;
                                        rain and bottled/refill water count as
                                        improved)
\                   sanitation          ``sanitation`` is 'UMUM/BERSAMA' (shared)    1/15
                                        or 'LAINNYA' (no own or shared facility);
                                        global MPI: unimproved or shared
\                   housing             floor 'TANAH' (natural), or wall 'BAMBU',    1/15
                                        or roof 'BAMBU' or 'JERAMI/IJUK/RUMBIA/
                                        DAUN-DAUNAN' (natural or rudimentary);
                                        global MPI 2018 housing indicator
\                   cooking_fuel        ``cooking_fuel = 'ARANG/KAYU'`` (solid       1/15
                                        fuel: wood, charcoal); kerosene is not
                                        solid and is not a deprivation
\                   electricity         ``lighting = 'BUKAN LISTRIK'`` (no           1/15
                                        electricity; non-PLN power counts as
                                        electricity)
==================  ==================  ==========================================  ======

On a DTSEN frame (from 2025) the health indicator cannot be observed (DTSEN records PBI,
not other JKN): it is left out and education and living standards weigh 1/2 each
(:data:`WEIGHTS_DTSEN_EXACT`); the pages say so for those years.

Because each indicator of education and health carries 1/3, with ``k = 1/3`` a family
with an out-of-school child, or without health insurance, is MPI-poor on that alone, as
is a family deprived in all five living standards. Values the table does not list
('LAINNYA' for water, fuel, roof and wall; 'KOSONG'; a missing field) are not
deprivations: nothing is counted that the register did not record (this can only
understate M0). Values are compared after folding to upper-case letters and digits.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import duckdb
import numpy as np
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty.lines import check_year
from analytics.programs._area import check_by, ratio, run_grouped, with_area_names

__all__ = [
    "DEPRIVED_VALUES",
    "INDICATORS",
    "MPI_COLUMNS",
    "CONTRIBUTION_COLUMNS",
    "WEIGHTS",
    "WEIGHTS_DTSEN_EXACT",
    "year_note",
    "year_weights",
    "alkire_foster",
    "alkire_foster_reference",
    "deprivation_matrix",
    "mpi_contributions",
]

DIMENSIONS = {
    "education": ("school_attendance",),
    "health": ("health_insurance",),
    "living_standards": ("water", "sanitation", "housing", "cooking_fuel", "electricity"),
}
INDICATORS = tuple(indicator for members in DIMENSIONS.values() for indicator in members)

#: Nested equal weights: 1/3 per dimension, split equally within it (exact fractions).
WEIGHTS_EXACT = {
    indicator: Fraction(1, len(DIMENSIONS)) / len(members) for members in DIMENSIONS.values() for indicator in members
}
WEIGHTS = {indicator: float(w) for indicator, w in WEIGHTS_EXACT.items()}
#: A DTSEN frame (from 2025) records PBI but not whether a family has JKN of another kind, so
#: "no JKN" cannot be observed: the health dimension is left out and education and living
#: standards take 1/2 each (reweighting over the dimensions observed, as OPHI does for a
#: missing indicator). M0 of a DTSEN year is then not strictly comparable with a Regsosek year.
WEIGHTS_DTSEN_EXACT = {
    indicator: Fraction(0) if indicator == "health_insurance" else w * Fraction(3, 2)
    for indicator, w in WEIGHTS_EXACT.items()
}


#: Said wherever M0 of a DTSEN year is shown.
DTSEN_NOTE = (
    "M0 tahun DTSEN tanpa dimensi kesehatan (DTSEN hanya mencatat PBI, bukan kepesertaan JKN lain); pendidikan dan "
    "standar hidup masing-masing berbobot 1/2, jadi M0 ini tidak sebanding langsung dengan tahun Regsosek."
)


def year_note(con, year: int) -> str:
    """:data:`DTSEN_NOTE` for a DTSEN year, else ''."""
    return DTSEN_NOTE if year_weights(con, year)["health_insurance"] == 0 else ""


def year_weights(con, year: int) -> dict[str, float]:
    """The indicator weights of ``year``: :data:`WEIGHTS`, or for a DTSEN frame the health
    dimension left out (:data:`WEIGHTS_DTSEN_EXACT`)."""
    source = sql.frame(con, "model/frame_source", {"year": year}).iloc[0, 0]
    exact = WEIGHTS_DTSEN_EXACT if source == "dtsen" else WEIGHTS_EXACT
    return {indicator: float(w) for indicator, w in exact.items()}


#: Deprived values per family field, as written in the registers (see the module table).
DEPRIVED_VALUES = {
    "water_source": ("SUMUR TIDAK TERLINDUNG", "AIR PERMUKAAN (SUNGAI, DANAU, DLL)"),
    "sanitation": ("UMUM/BERSAMA", "LAINNYA"),
    "floor": ("TANAH",),
    "wall": ("BAMBU",),
    "roof": ("BAMBU", "JERAMI/IJUK/RUMBIA/ DAUN-DAUNAN"),
    "cooking_fuel": ("ARANG/KAYU",),
    "lighting": ("BUKAN LISTRIK",),
    "health_insurance": ("TIDAK MEMILIKI",),
}

MPI_COLUMNS = ["kode", "nama", "population", "H", "A", "M0"]
CONTRIBUTION_COLUMNS = ["kode", "nama", "indicator", "censored_headcount", "contribution"]

# The SQL compares values folded like this, so spacing and punctuation variants match.
_FOLD = re.compile(r"[^A-Z0-9]")


def _fold(value: str) -> str:
    return _FOLD.sub("", value.upper())


def _check_k(k) -> float:
    if isinstance(k, bool) or not isinstance(k, int | float | np.integer | np.floating):
        raise InputError(f"batas k harus berupa angka dalam (0, 1], bukan {k!r}")
    value = float(k)
    if not math.isfinite(value) or not 0 < value <= 1:
        raise InputError(f"batas k harus berupa angka dalam (0, 1], bukan {k!r}")
    return value


def _query(con, year: int, by: str, k: float) -> pd.DataFrame:
    params = {"year": year, "k": k}
    params.update({f"w_{name}": weight for name, weight in year_weights(con, year).items()})
    sql_lists = {
        "water": "water_source",
        "sanitation": "sanitation",
        "floor": "floor",
        "wall": "wall",
        "roof": "roof",
        "cooking_fuel": "cooking_fuel",
        "electricity": "lighting",
        "health_insurance": "health_insurance",
    }
    for key, field in sql_lists.items():
        params[f"deprived_{key}"] = [_fold(v) for v in DEPRIVED_VALUES[field]]
    grouped = run_grouped(con, "measures/mpi", by, params)
    frame = with_area_names(con, by, grouped)
    for column in ["population", "poor", "sum_score", *(f"c_{j}" for j in INDICATORS)]:
        frame[column] = frame[column].fillna(0.0)
    return frame


def alkire_foster(
    con: duckdb.DuckDBPyConnection,
    year: int,
    by: str = "kota",
    k: float = 1 / 3,
) -> pd.DataFrame:
    """Incidence H, intensity A and adjusted headcount ratio M0 by area, over persons.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    year : int
    by : {'kota', 'kecamatan', 'kelurahan'}, default 'kota'
    k : float, default 1/3
        Poverty cutoff on the weighted deprivation score, in (0, 1].

    Returns
    -------
    pandas.DataFrame
        kode, nama, population (persons), H, A (empty where nobody is poor), M0.
        Fractions. Indicators and weights: module docstring.

    Examples
    --------
    >>> from analytics.poverty.testing import build_database
    >>> con = build_database(pd.DataFrame({
    ...     "year": [2023, 2023], "kode_kelurahan": ["64.74.01.1001"] * 2,
    ...     "size": [3, 1], "expenditure_pc": [1e6, 1e6],
    ...     "health_insurance": ["TIDAK MEMILIKI", "PBI JKN"], "floor": ["TANAH", "SEMEN"]}))
    >>> alkire_foster(con, 2023).round(6)
        kode          nama  population     H    A   M0
    0  64.74  Kota Bontang           4  0.75  0.4  0.3
    """
    by = check_by(by)
    year = check_year(con, year)
    k = _check_k(k)
    frame = _query(con, year, by, k)
    frame["H"] = ratio(frame["poor"], frame["population"])
    frame["A"] = ratio(frame["sum_score"], frame["poor"])
    frame["M0"] = ratio(frame["sum_score"], frame["population"])
    if (frame["population"] == frame["population"].round()).all():
        frame["population"] = frame["population"].astype("int64")
    frame = frame.sort_values("kode", kind="stable").reset_index(drop=True)[MPI_COLUMNS]
    return frame


def mpi_contributions(
    con: duckdb.DuckDBPyConnection,
    year: int,
    by: str = "kota",
    k: float = 1 / 3,
) -> pd.DataFrame:
    """Censored headcount ratio and relative contribution of each indicator, by area.

    Returns
    -------
    pandas.DataFrame
        kode, nama, indicator (in :data:`INDICATORS` order), censored_headcount (share of
        the area's persons who are poor and deprived in it), contribution
        (``w_j * censored_headcount / M0``; they add up to 1 per area, empty where M0 = 0).
    """
    by = check_by(by)
    year = check_year(con, year)
    k = _check_k(k)
    frame = _query(con, year, by, k)
    weights = year_weights(con, year)
    rows = []
    for indicator in INDICATORS:
        part = frame[["kode", "nama"]].copy()
        part["indicator"] = indicator
        part["censored_headcount"] = ratio(frame[f"c_{indicator}"], frame["population"])
        weighted = weights[indicator] * frame[f"c_{indicator}"].to_numpy()
        part["contribution"] = ratio(weighted, frame["sum_score"])
        part["_order"] = len(rows)
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    out = out.sort_values(["kode", "_order"], kind="stable").reset_index(drop=True)[CONTRIBUTION_COLUMNS]
    return out


def deprivation_matrix(families: pd.DataFrame) -> pd.DataFrame:
    """Deprivation indicators (bool, columns :data:`INDICATORS`) of family rows, in pandas.

    ``families`` holds the ``family`` columns used by the indicators. The plain-pandas
    counterpart of the SQL, for checks and for :func:`alkire_foster_reference`.
    """

    def deprived(column: str) -> pd.Series:
        folded = families[column].map(lambda v: _fold(v) if isinstance(v, str) else None)
        return folded.isin({_fold(v) for v in DEPRIVED_VALUES[column]})

    out = pd.DataFrame(index=families.index)
    out["school_attendance"] = families["n_out_of_school"].fillna(0).astype(float) > 0
    out["health_insurance"] = deprived("health_insurance")
    out["water"] = deprived("water_source")
    out["sanitation"] = deprived("sanitation")
    out["housing"] = deprived("floor") | deprived("wall") | deprived("roof")
    out["cooking_fuel"] = deprived("cooking_fuel")
    out["electricity"] = deprived("lighting")
    return out[list(INDICATORS)]


def alkire_foster_reference(deprivations, weights, k: float, population=None) -> dict:
    """Plain NumPy Alkire–Foster M0 for a 0/1 deprivation matrix.

    Parameters
    ----------
    deprivations : array_like, shape (n, d)
        ``g0``: 1 where person (or family) i is deprived in indicator j.
    weights : array_like, shape (d,)
        Indicator weights ``w_j`` (any positive scale; ``k`` is on the same scale).
    k : float
        Poverty cutoff: poor when ``sum_j w_j g0_ij >= k``.
    population : array_like, shape (n,), optional
        Persons each row stands for (ones by default).

    Returns
    -------
    dict
        ``H``, ``A`` (as a share of the total weight), ``M0`` (= H * A), ``poor``
        (bool array), ``censored_headcount`` and ``contribution`` (arrays over j).

    Examples
    --------
    Alkire and Foster (2011), section 3: four persons, four equally weighted dimensions,
    k = 2 dimensions: H = 1/2, A = 3/4, M0 = 3/8.

    >>> g0 = [[0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], [0, 1, 0, 0]]
    >>> r = alkire_foster_reference(g0, [1, 1, 1, 1], k=2)
    >>> r["H"], r["A"], r["M0"]
    (0.5, 0.75, 0.375)
    """
    g0 = np.asarray(deprivations, dtype=float)
    w = np.asarray(weights, dtype=float)
    if g0.ndim != 2 or g0.shape[1] != w.size:
        raise InputError("matriks deprivasi harus berukuran (n, d) dengan d = jumlah bobot")
    n_w = np.ones(g0.shape[0]) if population is None else np.asarray(population, dtype=float)
    total_weight = w.sum()
    score = g0 @ w
    poor = score >= k - 1e-9 * total_weight
    n = n_w.sum()
    q = n_w[poor].sum()
    censored = g0 * poor[:, None]
    censored_headcount = (n_w[:, None] * censored).sum(axis=0) / n
    m0 = float((n_w * score * poor).sum() / (n * total_weight))
    return {
        "H": float(q / n),
        "A": float((n_w * score * poor).sum() / (q * total_weight)) if q > 0 else float("nan"),
        "M0": m0,
        "poor": poor,
        "censored_headcount": censored_headcount,
        "contribution": (w / total_weight) * censored_headcount / m0 if m0 > 0 else np.full(w.size, np.nan),
    }
