"""Summaries the dashboard shows: headline figures of an area, rankings, trends, family heads.

Every function takes an open connection and returns a DataFrame of fractions (P1, P2 are
not multiplied by 100 here; the dashboard does that when it shows them).
An *area* is a Kemendagri code: '64.74' (the city), a kecamatan ('64.74.01') or a
kelurahan ('64.74.01.1001').
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from analytics import sql
from analytics.access.scope import AccessDenied, User, household_scope
from analytics.errors import DataError, InputError
from analytics.formats import to_tens
from analytics.poverty.lines import PovertyLine, available_years, resolve_line
from analytics.reference import REGION_CODE, UNIT
from analytics.welfare.estimates import area_estimates
from analytics.welfare.request import welfare_request
from analytics.welfare.source import welfare_source

__all__ = [
    "HEADLINE_INDICATORS",
    "Headline",
    "area_level",
    "area_table",
    "family_heads",
    "fgt_trend",
    "headline",
    "kelurahan_change",
    "model_refusal",
    "not_bps_figures",
    "previous_year",
]

HEADLINE_INDICATORS = ("p0", "p1", "p2", "poor", "extreme_poor")


@dataclass(frozen=True)
class Headline:
    """An area's headline figures (``table``) and what they refer to.

    ``table`` has one row per indicator (p0, p1, p2, poor, extreme_poor) with ``value``,
    ``previous``, ``change`` and ``bps``. ``suppressed`` is true when some cell is hidden
    for a role without household access (``<10`` or ``x``, see
    :func:`analytics.disclosure.protect_headline`).
    """

    table: pd.DataFrame
    year: int
    previous_year: int | None
    area: str
    nama: str
    level: str
    line: PovertyLine
    extreme_line: PovertyLine | None
    welfare: str = "observed"  # 'observed' | 'model' (see analytics.welfare.source)
    suppressed: bool = False
    #: Why the extremely poor are not counted (a model year too few survey households lie
    #: below the extreme line for); None when they are, or the year has no extreme line.
    extreme_refusal: str | None = None

    def with_table(self, table: pd.DataFrame, suppressed: bool) -> Headline:
        return replace(self, table=table, suppressed=suppressed)

    def as_shown(self) -> Headline:
        """The headline as every door prints it: a model estimates counts, it does not count
        people, so its poor and extremely poor persons (value, previous, change, interval) are
        given to the nearest ten; P0, P1, P2 and observed counts stay as they are."""
        if self.welfare != "model":
            return self
        table = self.table.copy()
        counted = table["indicator"].isin(["poor", "extreme_poor"])
        for column in ("value", "previous", "change", "lower", "upper", "lower_prev", "upper_prev"):
            if column in table:
                table[column] = table[column].astype(object)
                table.loc[counted, column] = [to_tens(v) for v in table.loc[counted, column]]
        return replace(self, table=table)


def area_level(kode: str | None) -> str:
    """'kota', 'kecamatan' or 'kelurahan' from the number of parts of a Kemendagri code.

    >>> area_level("64.74"), area_level("64.74.01"), area_level("64.74.01.1001")
    ('kota', 'kecamatan', 'kelurahan')
    """
    if kode is None or kode == REGION_CODE:
        return "kota"
    parts = str(kode).count(".") + 1
    if parts == 3:
        return "kecamatan"
    if parts == 4:
        return "kelurahan"
    raise InputError(f"kode wilayah tidak dikenal: {kode!r}")


def previous_year(con: duckdb.DuckDBPyConnection, year: int) -> int | None:
    """The latest year before ``year`` that has families, or None."""
    earlier = [y for y in available_years(con) if y < year]
    return max(earlier) if earlier else None


def _area_row(con, year: int, line, area: str) -> pd.Series | None:
    level = area_level(area)
    table = area_estimates(con, year, by=level, line=line)
    match = table[table["kode"] == (REGION_CODE if level == "kota" else area)]
    if match.empty:
        raise InputError(f"wilayah {area!r} tidak ada di gazetteer")
    row = match.iloc[0].copy()
    used = resolve_line(con, year, line)
    row["line_amount"] = used.amount
    row["line_status"] = used.status
    return row


def _previous_row(con, year: int | None, line, area: str) -> pd.Series | None:
    if year is None:
        return None
    try:
        return _area_row(con, year, line, area)
    except DataError:
        return None  # no money measure that year (or not for this line): no comparison


def _precision(row: pd.Series | None, indicator: str) -> dict:
    """The model interval of one headline indicator (the poor count's from P0's)."""
    measure = "p0" if indicator in ("poor", "extreme_poor") else indicator
    if row is None or f"lower_{measure}" not in row.index:
        return {"lower": np.nan, "upper": np.nan, "cv": np.nan, "reliability": None}
    scale = float(row["population"]) if indicator in ("poor", "extreme_poor") else 1.0
    return {
        "lower": float(row[f"lower_{measure}"]) * scale,
        "upper": float(row[f"upper_{measure}"]) * scale,
        "cv": float(row[f"cv_{measure}"]),
        "reliability": row[f"reliability_{measure}"],
    }


def _extreme_row(con, year: int, area: str) -> pd.Series | None:
    try:
        return _area_row(con, year, "extreme", area)
    except DataError:
        # Years without an extreme line (before P3KE), or a model that cannot answer for it
        # (_extreme_refusal says why), show no extreme count rather than fail.
        return None


def model_refusal(con, year: int, line="extreme") -> str | None:
    """The sentence of a model year that refuses ``line`` for lack of survey support (None
    when it answers, or the year is not a model year, or has no such line)."""
    try:
        request = welfare_request(con, year, line)
    except DataError:
        return None  # no such line that year
    if request.kind != "model":
        return None
    try:
        _ = request.line_kind
    except DataError as exc:
        return exc.message
    return None


def _reference_figures(con, year: int) -> dict[str, tuple]:
    """The city's published figures of ``year``: indicator -> (value, kind, source)."""
    rows = sql.frame(con, "reference/bps_year", {"year": year})
    if rows.empty:
        return {}
    r = rows.iloc[0]
    columns = {"p0": "p0", "p1": "p1", "p2": "p2", "poor": "poor_persons"}
    return {key: (r[c], r[f"{c}_kind"], r[f"{c}_source"]) for key, c in columns.items()}


def headline(con: duckdb.DuckDBPyConnection, year: int, line="official", area: str = REGION_CODE) -> Headline:
    """P0, P1, P2, poor and extremely poor persons of an area, with last year and BPS beside.

    Returns
    -------
    Headline
        One row per indicator (p0, p1, p2, poor, extreme_poor) with ``value``,
        ``previous`` (the previous year with families, same kind of line; a custom amount
        stays the same amount), ``change`` and ``bps`` (the published city figure, only
        for the city and the official line; NaN otherwise) with ``bps_kind`` ('bps' for a
        BPS release, 'pemkot' for a city-government statement BPS has not released; None
        without a figure) and ``bps_source``; from a model run also ``lower``,
        ``upper`` (90 % interval), ``cv`` and ``reliability`` (NaN otherwise), and the previous
        year's ``lower_prev``, ``upper_prev`` when it was a model year. A previous year
        without a money measure gives no previous figures.

    Raises :class:`analytics.welfare.source.NoWelfareData` when ``year`` has no money measure.
    """
    current = _area_row(con, year, line, area)
    prev_year = previous_year(con, year)
    previous = _previous_row(con, prev_year, line, area)
    extreme_now = _extreme_row(con, year, area)
    extreme_prev = _extreme_row(con, prev_year, area) if prev_year is not None else None

    bps = _reference_figures(con, year) if area_level(area) == "kota" and line == "official" else {}

    def value(row, column):
        return np.nan if row is None else float(row[column])

    records = []
    for indicator in HEADLINE_INDICATORS:
        if indicator == "extreme_poor":
            now, before = value(extreme_now, "poor"), value(extreme_prev, "poor")
        else:
            now, before = value(current, indicator), value(previous, indicator)
        bps_value, bps_kind, bps_source = bps.get(indicator, (None, None, None))
        earlier = _precision(extreme_prev if indicator == "extreme_poor" else previous, indicator)
        published = bps_value is not None and not pd.isna(bps_value)
        records.append(
            {
                "indicator": indicator,
                "value": now,
                "previous": before,
                "change": now - before,
                "bps": float(bps_value) if published else np.nan,
                "bps_kind": bps_kind if published else None,
                "bps_source": bps_source if published else None,
                **_precision(extreme_now if indicator == "extreme_poor" else current, indicator),
                # The change's interval needs the previous year's too (analytics.welfare.change).
                "lower_prev": earlier["lower"],
                "upper_prev": earlier["upper"],
            }
        )
    return Headline(
        table=pd.DataFrame(records),
        year=year,
        previous_year=prev_year,
        area=area,
        nama=current["nama"],
        level=area_level(area),
        line=resolve_line(con, year, line),
        extreme_line=None if extreme_now is None else resolve_line(con, year, "extreme"),
        extreme_refusal=None if extreme_now is not None else model_refusal(con, year),
        welfare=welfare_source(con, year).kind,
    )


_FIGURE_NAMES = {"p0": "P0", "p1": "P1", "p2": "P2", "poor": "Penduduk miskin"}


def not_bps_figures(h: Headline) -> list[tuple[str, str, str]]:
    """(what, kind, source) of each published city figure in ``h`` that is not a BPS release,
    e.g. ``("P0 2025", "pemkot", "Pidato Wali Kota Bontang …")``, for
    :func:`analytics.labels.not_bps_note`."""
    table = h.table
    shown = table[table["bps"].notna() & (table["bps_kind"] != "bps")]
    return [(f"{_FIGURE_NAMES[r.indicator]} {h.year}", r.bps_kind, r.bps_source) for r in shown.itertuples()]


def area_table(
    con: duckdb.DuckDBPyConnection, year: int, by: str, line="official", within: str | None = None
) -> pd.DataFrame:
    """FGT of every kecamatan or kelurahan, limited to those inside ``within`` (a code).

    Sorted by P2 (severity), most severe first, with ``rank`` from 1 (from a model run the
    order of the point estimates: the page says where intervals overlap).
    """
    table = area_estimates(con, year, by=by, line=line)
    if within is not None and area_level(within) != "kota":
        table = table[table["kode"].str.startswith(within + ".") | (table["kode"] == within)]
    table = table.sort_values(["p2", "kode"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table


def kelurahan_change(
    con: duckdb.DuckDBPyConnection, year: int, line="official", within: str | None = None
) -> pd.DataFrame:
    """Each kelurahan's P0, P1, P2 and poor persons this year and the previous year.

    Columns kode, nama, p0, p1, p2, poor and the same with ``_prev``; the ``_prev``
    columns are NaN when there is no earlier year. From a model run also the 90 % intervals
    ``lower_p0``, ``upper_p0``, ``lower_p2``, ``upper_p2`` and ``lower_p0_prev``, ``upper_p0_prev``.
    """
    now = area_table(con, year, "kelurahan", line, within).drop(columns="rank")
    bounds = [c for c in ("lower_p0", "upper_p0", "lower_p2", "upper_p2") if c in now]
    prev_year = previous_year(con, year)
    columns = ["p0", "p1", "p2", "poor"]
    before = None
    if prev_year is not None:
        try:
            before = area_estimates(con, prev_year, by="kelurahan", line=line)
        except DataError:
            before = None  # no money measure in the previous year
    if before is None:
        for column in columns:
            now[f"{column}_prev"] = np.nan
    else:
        if bounds:  # a model year's change needs the previous year's interval too (analytics.welfare.change)
            interval = before.set_index("kode").reindex(columns=["lower_p0", "upper_p0"]).add_suffix("_prev")
            now, bounds = now.join(interval, on="kode"), [*bounds, *interval.columns]
        before = before[["kode", *columns]]
        now = now.merge(before.add_suffix("_prev").rename(columns={"kode_prev": "kode"}), on="kode", how="left")
    return now[["kode", "nama", *columns, *[f"{c}_prev" for c in columns], *bounds]]


_TREND_COLUMNS = [
    "year",
    "p0",
    "p1",
    "p2",
    "poor",
    "line_amount",
    "line_status",
    "welfare",
    "lower_p0",
    "upper_p0",
    "lower_p1",
    "upper_p1",
    "lower_p2",
    "upper_p2",
]


_BPS_COLUMNS = [
    *(f"bps_{m}{part}" for m in ("p0", "p1", "p2", "poor") for part in ("", "_kind", "_source")),
    "bps_line",
    "bps_line_status",
]


def fgt_trend(con: duckdb.DuckDBPyConnection, line="official", area: str = REGION_CODE) -> pd.DataFrame:
    """P0, P1, P2 and poor persons of an area in every year, with the BPS city series.

    Each year uses its own line of the chosen kind ('official'/'extreme'); a custom amount
    is applied unchanged to every year. The BPS columns (``bps_p0`` …, each with ``_kind``
    'bps' or 'pemkot' and ``_source``) are filled for the city only; years BPS published but
    the registers do not cover appear with empty register figures, so the published series is
    shown in full. ``welfare`` says where each year's figures come from ('observed' or 'model',
    with ``lower_``/``upper_`` 90 % intervals); a year without a money measure has no register
    figures.
    """
    rows = []
    for year in available_years(con):
        try:
            row = _area_row(con, year, line, area)
        except DataError:
            continue
        rows.append(
            {
                "year": year,
                "p0": float(row["p0"]),
                "p1": float(row["p1"]),
                "p2": float(row["p2"]),
                "poor": float(row["poor"]),
                "line_amount": float(row["line_amount"]),
                "line_status": row["line_status"],
                "welfare": welfare_source(con, year).kind,
                **{
                    f"{bound}_{m}": float(row.get(f"{bound}_{m}", np.nan))
                    for m in ("p0", "p1", "p2")
                    for bound in ("lower", "upper")
                },
            }
        )
    register = pd.DataFrame(rows, columns=_TREND_COLUMNS)
    if area_level(area) != "kota":
        for column in _BPS_COLUMNS:
            register[column] = np.nan
        return register
    names = {"p0": "bps_p0", "p1": "bps_p1", "p2": "bps_p2", "poor_persons": "bps_poor"}
    renames = {f"{c}{part}": f"{name}{part}" for c, name in names.items() for part in ("", "_kind", "_source")}
    bps = sql.frame(con, "reference/bps_series").rename(
        columns={**renames, "official_line": "bps_line", "official_status": "bps_line_status"}
    )
    merged = bps.merge(register, on="year", how="outer").sort_values("year").reset_index(drop=True)
    merged["bps_poor"] = merged["bps_poor"].astype("float64")
    return merged[[*_TREND_COLUMNS, *_BPS_COLUMNS]]


def family_heads(con: duckdb.DuckDBPyConnection, year: int, family_ids, *, user: User) -> pd.DataFrame:
    """Head's name and masked NIK (first 6 digits, then ``**********``) of each family.

    Columns family_id, head_name, nik_masked, name_source ('register' for P3KE/DTKS person
    rows, 'regsosek' for Regsosek's own head columns). A full NIK never leaves the query.
    Raises :class:`analytics.access.scope.AccessDenied` when ``user`` may not see one of
    the families (a pimpinan any; a verifikator one outside its kelurahan).
    """
    ids = [str(f) for f in family_ids]
    scope = household_scope(user, None)
    if scope is not None and ids:
        # Every family asked for must be one of the scope's (unknown ids count as outside).
        params = {"year": int(year), "family_ids": ids, "kode_kelurahan": scope}
        inside = sql.row(con, "programs/families_in_kelurahan", params)[0]
        outside = len(set(ids)) - inside
        if outside:
            raise AccessDenied(
                f"Akses ditolak: {outside} keluarga yang diminta berada di luar {UNIT} tugas Anda ({scope})."
            )
    if not ids:
        return pd.DataFrame(columns=["family_id", "head_name", "nik_masked", "name_source"])
    return sql.frame(con, "programs/family_heads", {"year": int(year), "family_ids": ids})
