"""Guards that stop a bad year before it replaces a good database, and say what looks wrong.

After every file is read and checked (the per-file guards — quarantine share, year column,
expenditure scale, destroyed key columns — run with the file), each source is compared with
its previous year and the registers with each other:

- a source with no row loaded is refused when the year before had rows (and a Regsosek
  without rows always), else it is a warning: an empty source is never silent;
- the population frame — Regsosek *families*, counted once per No KK, so a family listed
  twice under two ids does not hide a loss — below the set share of the previous year's is
  refused; a family listed twice is a warning;
- another source that falls below :data:`DROP_WARNING_SHARE` of its previous year is a warning;
- per kelurahan: P3KE or DTKS families where Regsosek has none (a sheet or area missing from
  the frame), or more P3KE families than Regsosek families, are warnings.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import ImportFailed
from analytics.formats import number
from analytics.ingest.detect import source_label

# A source other than the frame holding less than this share of its previous year's rows.
DROP_WARNING_SHARE = 0.7
# The sources a year's population frame comes from, the first present taking precedence.
FRAME_SOURCES = ("dtsen_keluarga", "regsosek")
READ = "dibaca"


def year_totals(parts: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Per source and year: rows read and loaded, the first file, and families (loaded rows
    less those repeating an earlier row's No KK; Regsosek only, else the rows loaded)."""
    read = parts[parts["status"].fillna(READ) == READ] if "status" in parts else parts
    per = read.groupby(["source", "year"], as_index=False).agg(
        rows_read=("rows_read", "sum"), loaded=("loaded", "sum"), file=("file", "first")
    )
    repeated = pd.Series(dtype=float)
    if not keys.empty:
        kk = keys[(keys["source"] == "regsosek") & (keys["key"] == "no_kk")]
        repeated = kk.groupby("year")["duplicates"].sum()
    per["repeated_kk"] = [int(repeated.get(y, 0)) if s == "regsosek" else 0 for s, y in zip(per["source"], per["year"])]
    per["families"] = per["loaded"] - per["repeated_kk"]
    return per


def check_years(parts: pd.DataFrame, keys: pd.DataFrame, min_frame_share: float) -> list[str]:
    """Refuse (every problem named) when a year falls short of the year before it; return
    the warnings of the comparison."""
    if parts.empty:
        return []
    per = _with_frame(year_totals(parts, keys))
    problems, warnings = [], []
    for source, rows in per.groupby("source"):
        rows = rows.sort_values("year").to_dict("records")
        for before, now in zip([None, *rows[:-1]], rows):
            refused, noted = _compare(source, before, now, min_frame_share)
            problems += refused
            warnings += noted
    if problems:
        raise ImportFailed(problems)
    return warnings


def _with_frame(per: pd.DataFrame) -> pd.DataFrame:
    """The totals with the frame as one source: each year's DTSEN keluarga where it has one,
    else its Regsosek (so a DTSEN year is held against the Regsosek year before it)."""
    frame = per[per["source"].isin(FRAME_SOURCES)].copy()
    frame["rank"] = frame["source"].map(FRAME_SOURCES.index)
    frame = frame.sort_values(["year", "rank"]).drop_duplicates("year").drop(columns="rank")
    frame["source"] = "regsosek"
    return pd.concat([per[~per["source"].isin(FRAME_SOURCES)], frame], ignore_index=True)


def _empty(source: str, before: dict | None, now: dict) -> tuple[list[str], list[str]]:
    label = source_label(source)
    what = (
        "kosong (tanpa baris data)"
        if now["rows_read"] == 0
        else f"tanpa satu baris pun yang dapat dimuat ({number(now['rows_read'])} baris dibaca, semua dikarantina)"
    )
    text = f"{now['file']}: berkas {label} tahun {now['year']} {what}"
    if before is not None and before["loaded"] > 0:
        had = f"padahal tahun {before['year']} berisi {number(before['loaded'])} baris"
        return [f"{text}, {had}. Periksa ekspornya."], []
    if source == "regsosek":
        return [f"{text}."], []
    return [], [f"{text}: {label} tahun {now['year']} kosong di database. Periksa ekspornya."]


def _compare(source: str, before: dict | None, now: dict, min_frame_share: float) -> tuple[list[str], list[str]]:
    if now["loaded"] == 0:
        return _empty(source, before, now)
    warnings = []
    if source == "regsosek" and now["repeated_kk"]:
        warnings.append(
            f"{now['file']}: {number(now['repeated_kk'])} keluarga Regsosek tahun {now['year']} memakai No KK "
            "keluarga lain dengan ID berbeda (tercatat dua kali?); kerangka dihitung sekali per No KK."
        )
    if before is None or before["loaded"] == 0:
        return [], warnings
    if source != "regsosek":
        share = now["loaded"] / before["loaded"]
        if share < DROP_WARNING_SHARE:
            warnings.append(
                f"{now['file']}: {source_label(source)} tahun {now['year']} hanya {number(now['loaded'])} baris, "
                f"{number(100 * share, 1)} % dari {number(before['loaded'])} baris tahun {before['year']}. "
                "Berkasnya terpotong atau hanya sebagian wilayah? Periksa ekspornya."
            )
        return [], warnings
    share = now["families"] / before["families"] if before["families"] else 1.0
    if share >= min_frame_share:
        return [], warnings
    twice = (
        f" ({number(now['loaded'])} baris, {number(now['repeated_kk'])} di antaranya No KK yang sudah tercatat)"
        if now["repeated_kk"]
        else ""
    )
    return [
        f"{now['file']}: kerangka keluarga tahun {now['year']} hanya {number(now['families'])} keluarga{twice}, "
        f"{number(100 * share, 1)} % dari {number(before['families'])} keluarga tahun {before['year']} (batas "
        f"{number(100 * min_frame_share, 0)} %, KEMISKINAN_IMPORT_MIN_FRAME_SHARE). Berkasnya terpotong atau "
        "hanya sebagian wilayah? Periksa ekspornya."
    ], warnings


def check_registers(counts: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """Warnings where the registers disagree about a kelurahan's families in a year."""
    warnings = []
    for year, rows in counts.groupby("year"):
        frame = "Regsosek"
        if "dtsen" in rows and rows["dtsen"].sum() > 0:
            # A DTSEN year: DTSEN is the frame the other registers are compared with.
            rows, frame = rows.assign(regsosek=rows["dtsen"]), "DTSEN"
        missing = rows[(rows["regsosek"] == 0) & ((rows["p3ke"] > 0) | (rows["dtks"] > 0))]
        if not missing.empty:
            listed = ", ".join(
                f"{names.get(r.kode_kelurahan, r.kode_kelurahan)} (P3KE {number(r.p3ke)}, DTKS {number(r.dtks)})"
                for r in missing.itertuples()
            )
            warnings.append(
                f"Tahun {year}: {frame} tidak memuat satu keluarga pun di {listed}, padahal register lain "
                f"memuatnya. Lembar atau wilayah hilang dari berkas {frame}? Periksa ekspornya."
            )
        more = rows[(rows["regsosek"] > 0) & (rows["p3ke"] > rows["regsosek"])]
        if not more.empty:
            listed = ", ".join(
                f"{names.get(r.kode_kelurahan, r.kode_kelurahan)} (P3KE {number(r.p3ke)}, {frame} {number(r.regsosek)})"
                for r in more.itertuples()
            )
            warnings.append(
                f"Tahun {year}: lebih banyak keluarga P3KE daripada keluarga {frame} di {listed}; P3KE hanya "
                f"memuat 40 % terbawah. {frame} tidak lengkap?"
            )
    return warnings
