"""The gate of observed welfare: the only way a measure reaches the family expenditure column.

A measure computed from each family's expenditure (FGT over the frame, change by area,
Datt–Ravallion, transitions, sensitivity, subgroups) builds its input through
:func:`observed_input` or checks :func:`require_observed` first. On a year whose welfare is
a model or nothing, that column is empty (NULL) or absent from the model's frame, and a sum
over it would print zeros: here it stops with a sentence instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from analytics import sql
from analytics.errors import NeedsObservedWelfare, NoWelfareData
from analytics.poverty.lines import check_year
from analytics.welfare.source import NO_WELFARE_SENTENCE, welfare_source

__all__ = ["MODEL_REFUSALS", "observed_input", "observed_status", "require_observed"]

_MODEL_YEAR = "Tahun {years} memakai estimasi model (SAE): "
#: Why each measure cannot be computed on a model year (one Indonesian sentence each).
MODEL_REFUSALS = {
    "fgt": _MODEL_YEAR + "angka per wilayah dibaca dari estimasi model yang diterbitkan, "
    "bukan dihitung dari pengeluaran keluarga, yang tidak tercatat.",
    "transitions": _MODEL_YEAR + "model memberi setiap keluarga peluang miskin, bukan status miskin yang teramati, "
    "sehingga keluarga mana yang tetap miskin, keluar atau masuk kemiskinan tidak diketahui. Transisi keluarga "
    "memerlukan pengeluaran tercatat setiap keluarga pada kedua tahun.",
    "datt_ravallion": _MODEL_YEAR + "model yang diterbitkan menyimpan estimasi per wilayah dan peluang miskin per "
    "keluarga, bukan sebaran pengeluaran seluruh penduduk yang diperlukan untuk memisahkan pertumbuhan rata-rata "
    "dari perubahan ketimpangan (Datt–Ravallion). Sumbangan tiap wilayah terhadap perubahan P0, P1, P2 "
    "tetap dihitung dari estimasi model.",
}


def require_observed(con: duckdb.DuckDBPyConnection, years: Iterable[int], measure: str = "fgt") -> None:
    """Raise unless every year of ``years`` has observed expenditure for every family.

    A year without any money measure raises :class:`NoWelfareData` (the sentence every page
    shows); a model year raises :class:`NeedsObservedWelfare` with ``MODEL_REFUSALS[measure]``.
    """
    checked = [check_year(con, year) for year in years]
    kinds = {year: welfare_source(con, year).kind for year in checked}
    for year, kind in kinds.items():
        if kind == "none":
            raise NoWelfareData(f"Tahun {year}: {NO_WELFARE_SENTENCE}")
    model_years = [str(year) for year, kind in kinds.items() if kind == "model"]
    if model_years:
        raise NeedsObservedWelfare(MODEL_REFUSALS[measure].format(years=" dan ".join(model_years)))


def observed_input(
    con: duckdb.DuckDBPyConnection,
    years: Iterable[int],
    group_expr: str,
    weight_expr: str = "",
    *,
    two_years: bool = False,
) -> str:
    """SQL of the per-family input rows (grp, y, w; with year and z when ``two_years``),
    after :func:`require_observed` for ``years``. The expressions are fixed SQL or checked,
    quoted columns of ``family`` (see :func:`analytics.poverty.area.family_input`)."""
    require_observed(con, years)
    name = "welfare/observed_two_years" if two_years else "welfare/observed_input"
    return sql.text(name, group_expr=group_expr, weight_expr=weight_expr)


def observed_status(con: duckdb.DuckDBPyConnection, year_from: int, year_to: int) -> str:
    """SQL of each family's poverty status in both years (year, family_id, kode_kelurahan,
    kode_kecamatan, is_poor), after :func:`require_observed` for the transitions."""
    require_observed(con, (year_from, year_to), "transitions")
    return sql.text("welfare/observed_status_two_years")
