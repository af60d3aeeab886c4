"""Checks that a file holds what it claims: families, of this year, in rupiah, in degrees.

Row checks quarantine what is not a family (a total or subtotal row, a household larger than
the set bound) and rows of another year; file checks stop the import with the evidence when
a whole file is wrong (another year's file, expenditure in thousands of rupiah, too many rows
quarantined).
"""

from __future__ import annotations

import pandas as pd

from analytics import gazetteer
from analytics.errors import ImportFailed
from analytics.formats import number
from analytics.ingest.regions import bps_kecamatan_map, code_digits, dotted
from analytics.ingest.rules import ImportOptions, RowChecks
from analytics.labels import REASONS
from analytics.reference import REGION, load_bps_poverty

# Fewer quarantined rows than this never stop an import, whatever their share.
MIN_QUARANTINED_TO_STOP = 10
TOTAL_HINTS = ("jumlah", "total", "rekap")
# Words that mark a total row in any text cell (whole words, any case).
TOTAL_WORDS = r"(?i)(?:^|[^A-Z])(?:JUMLAH|TOTAL|SUB\s*-?\s*TOTAL|REKAP\w*|GRAND\s*TOTAL)(?:$|[^A-Z])"


def reject_total_rows(
    checks: RowChecks, text_columns: list[pd.Series], size: pd.Series | None = None, region: pd.Series | None = None
) -> None:
    """Quarantine rows that say they are totals, and rows whose size is the sum of the others
    of their kelurahan (or of the file): a subtotal without a label."""
    for values in text_columns:
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        text = values.astype("str")
        # A cheap test of every cell first, the word pattern only on the few that pass.
        marked = pd.Series(False, index=values.index)
        for hint in TOTAL_HINTS:
            marked |= text.str.contains(hint, case=False, regex=False).fillna(False)
        if marked.any():
            marked &= text.str.contains(TOTAL_WORDS, regex=True) & values.notna()
        if marked.any():
            checks.reject(marked, "total_row", values[marked].map(lambda v: f"'{v}'").reindex(values.index))
    if size is None:
        return
    totals = checks.context.size_totals
    if totals is None:
        totals = size_totals(size, region, checks.merged)
    groups = [pd.Series("kota", index=size.index)] + ([region.fillna("?")] if region is not None else [])
    for group in groups:
        total = group.map({k: v[0] for k, v in totals.items()}).fillna(0)
        count = group.map({k: v[1] for k, v in totals.items()}).fillna(0)
        is_sum = size.notna() & ~checks.rejected & (count >= 3) & (size > 1) & (2 * size == total)
        if is_sum.any():
            shown = size[is_sum].map(lambda v: f"jumlah anggota {v:g} = jumlah baris lain").reindex(size.index)
            checks.reject(is_sum, "total_row", shown)


def size_totals(size: pd.Series, region: pd.Series | None, merged: pd.Series) -> dict:
    """Sum of household sizes and rows with a size, for the city and per kelurahan: every row
    with a size counts (other checks' verdicts aside), exact duplicates excepted."""
    live = size.notna() & (size >= 1) & ~merged
    totals = {"kota": (float(size[live].sum()), int(live.sum()))}
    if region is not None:
        grouped = size[live].groupby(region[live].fillna("?")).agg(["sum", "size"])
        totals.update({k: (float(r["sum"]), int(r["size"])) for k, r in grouped.iterrows()})
    return totals


def reject_implausible_sizes(checks: RowChecks, size: pd.Series, raw_size: pd.Series, bound: int) -> None:
    checks.reject(size > bound, "household_size_implausible", raw_size)


def stated_years(raw: pd.DataFrame) -> pd.Series | None:
    if "data_year" not in raw:
        return None
    text = raw["data_year"].astype("str").str.strip().str.replace(r"\.0+$", "", regex=True)
    return pd.to_numeric(text, errors="coerce")


def refuse_other_year_file(raw: pd.DataFrame, year: int, label: str, column: str) -> None:
    """A file whose year column mostly names another year is another year's file."""
    stated = stated_years(raw)
    if stated is None or not stated.notna().any():
        return
    other = stated.notna() & (stated != year)
    if other.sum() * 2 > stated.notna().sum():
        found = stated[other].mode().iloc[0]
        raise ImportFailed(
            f"{label}: berkas ini berisi data tahun {found:.0f} (kolom {column}: {number(int(other.sum()))} "
            f"dari {number(int(stated.notna().sum()))} baris), tetapi ada di folder tahun {year}. Pindahkan ke "
            f"folder {found:.0f} atau ambil ekspor tahun {year}."
        )


def refuse_other_region_file(raw: pd.DataFrame, label: str, column: str) -> None:
    """A file whose desa/kelurahan codes mostly lie in another kabupaten/kota is that
    region's file: each region has its own database, set by ``KEMISKINAN_REGION``. A BPS code
    of the region's own kecamatan is the region's (DTSEN writes BPS codes), even where its
    digits spell another region's Kemendagri desa (BPS 1101022001, a desa of Simeulue, reads
    as Kemendagri 11.01.02.2001 in Aceh Selatan)."""
    if "region_code" not in raw:
        return
    digits = raw["region_code"].map(code_digits)
    digits = digits[(digits.str.len() == 10) & ~digits.str[:7].isin(set(bps_kecamatan_map()))]
    codes = digits.map(dotted)
    found = gazetteer.region_of(codes)
    if found is None or found == REGION.kode:
        return
    inside = int(codes.isin(set(gazetteer.areas(found)["kode"])).sum())
    if inside * 2 <= len(raw):
        return
    other = gazetteer.region(found)
    raise ImportFailed(
        f"{label}: berkas ini berisi {other.unit} {other.nama} ({found}; kolom {column}: {number(inside)} dari "
        f"{number(len(raw))} baris), sedangkan dasbor ini untuk {REGION.nama} ({REGION.kode}). Setiap wilayah "
        f"memakai basis data sendiri: setel KEMISKINAN_REGION={found} dan KEMISKINAN_DB ke berkas basis data "
        "wilayah itu, lalu impor lagi."
    )


def reject_other_year_rows(checks: RowChecks, raw: pd.DataFrame, year: int) -> None:
    stated = stated_years(raw)
    if stated is None:
        return
    other = stated.notna() & (stated != year)
    if other.any():
        checks.reject(other, "year_mismatch", stated[other].map(lambda v: f"{v:.0f}").reindex(stated.index))


def line_of_year(year: int) -> float | None:
    lines = load_bps_poverty().set_index("year")
    if year in lines.index and pd.notna(lines.loc[year, "poverty_line"]):
        return float(lines.loc[year, "poverty_line"])
    return None


def check_expenditure_scale(expenditure: pd.Series, year: int, label: str, column: str, factor: float) -> None:
    """Refuse expenditure whose median is far from the year's line: thousands of rupiah, or
    a lost decimal separator, would make every family poor (or none)."""
    values = expenditure.dropna()
    line = line_of_year(year)
    if values.empty or line is None:
        return
    median = float(values.median())
    if line / factor <= median <= line * factor:
        return
    guess = "dalam ribuan rupiah" if median < line / factor else "dengan pemisah desimal yang terbaca sebagai ribuan"
    raise ImportFailed(
        f"{label}: median {column} Rp {number(median, 2)} jauh dari garis kemiskinan {year} (Rp {number(line)}; "
        f"rasio {number(median / line, 4)}). Nilainya tampaknya {guess}; contoh: "
        f"{', '.join(number(v, 2) for v in values.head(3))}. Perbaiki satuan kolom ini (rupiah per kapita per "
        "bulan), lalu impor lagi."
    )


def check_quarantine_share(
    label: str, rows_read: int, quarantine: pd.DataFrame, options: ImportOptions, notes: list[str]
) -> None:
    """Refuse a file with more than the set share of its rows quarantined, naming the main
    reasons with an example each; with the recorded override, only note it."""
    if rows_read == 0 or quarantine.empty:
        return
    share = len(quarantine) / rows_read
    # A handful of bad rows in a small file (a survey of 50 households) is no sign of a bad file.
    if share <= options.max_quarantine_share or len(quarantine) <= MIN_QUARANTINED_TO_STOP:
        return
    top = quarantine.groupby("reason_code", sort=False).agg(
        rows=("row_number", "size"), row=("row_number", "first"), message=("message", "first")
    )
    top = top.sort_values("rows", ascending=False).head(3)
    evidence = "; ".join(
        f"{REASONS.get(code, code)}: {number(int(r.rows))} baris (mis. baris {r.row}: {r.message.rstrip('.')})"
        for code, r in top.iterrows()
    )
    text = (
        f"{label}: {number(len(quarantine))} dari {number(rows_read)} baris ({number(100 * share, 1)} %) "
        f"dikarantina, di atas batas {number(100 * options.max_quarantine_share, 1)} % — {evidence}"
    )
    if options.accept_quarantine:
        notes.append(f"{text}. Diterima karena batas karantina sengaja dilewati (dicatat).")
        return
    raise ImportFailed(
        f"{text}. Perbaiki ekspornya; bila baris-baris itu memang harus dikarantina, ulangi dengan "
        "--accept-quarantine (baris perintah) atau centang 'Terima walau karantina melebihi batas' (Impor Data)."
    )


def wrong_scale_coordinates(lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Coordinates that are no degrees at all (a lost decimal point: 117480042)."""
    return (lat.abs() > 90) | (lon.abs() > 180) | ((lat.abs() > 10) & (lon.abs() > 1000))


def scientific_ids(values: pd.Series) -> pd.Series:
    """Ids that Excel turned into scientific notation (``6,474E+11``): the digits are lost."""
    text = values.astype("str").str.strip()
    return values.notna() & text.str.fullmatch(r"\d(?:[.,]\d+)?[eE]\+?\d+").fillna(False)
