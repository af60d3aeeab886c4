"""The import's accounting as a person reads it: one table per source, the same on the Impor
Data page and in the output of ``python -m analytics ingest``.

Per source: every file and sheet, read or left out, with its rows read, loaded, merged as
exact duplicates and quarantined (the difference must be 0); per year a total row compared
with the previous year's and, in families, with the Regsosek frame; and the soundness of
each key column (NIK, No KK). Beside them, the families per kelurahan in each register.
Labels and numbers in Bahasa Indonesia and Indonesian formats.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.formats import MISSING, number
from analytics.ingest.detect import SOURCE_LABELS, source_label
from analytics.ingest.guards import year_totals
from analytics.reference import UNIT_TITLE

ROW_COLUMNS = [
    "Tahun",
    "Berkas",
    "Lembar",
    "Status",
    "Dibaca",
    "Dimuat",
    "Digabung",
    "Dikarantina",
    "Selisih",
    "Keluarga",
    "Terhadap Regsosek",
    "Tahun sebelumnya",
    "Perubahan",
    "Peringatan",
]
KEY_TABLE_COLUMNS = [
    "Tahun",
    "Berkas",
    "Kolom",
    "Terisi",
    "16 digit",
    "Rusak oleh Excel",
    "Bukan 16 digit",
    "Awalan wilayah sah",
    "Tanggal lahir sah",
    "Berakhiran 0",
    "Ganda",
    "Penilaian",
]
VERDICTS = {"baik": "baik", "peringatan": "PERINGATAN", "rusak": "RUSAK"}


@dataclass(frozen=True)
class SourceAccount:
    source: str
    label: str
    rows: pd.DataFrame  # ROW_COLUMNS
    keys: pd.DataFrame  # KEY_TABLE_COLUMNS


def _share(part: int, whole: int) -> str:
    return f"{number(part)} ({number(100 * part / whole, 1)} %)" if whole else number(part)


def _families(totals: pd.DataFrame, registers: pd.DataFrame) -> dict[tuple[str, int], int]:
    """Families per (source, year): Regsosek per No KK, P3KE keluarga rows, DTKS households."""
    out = {}
    for r in totals.itertuples():
        if r.source == "regsosek":
            out[(r.source, r.year)] = int(r.families)
        elif r.source == "p3ke_keluarga":
            out[(r.source, r.year)] = int(r.loaded)
    if not registers.empty:
        for year, n in registers.groupby("year")["dtks"].sum().items():
            out[("dtks", int(year))] = int(n)
    return out


def _total_row(r, before, families: dict) -> dict:
    frame = families.get(("regsosek", r.year))
    own = families.get((r.source, r.year))
    change = MISSING
    if before is not None and before["loaded"]:
        change = f"{number(100 * (r.loaded - before['loaded']) / before['loaded'], 1)} %"
    return {
        "Tahun": str(r.year),
        "Berkas": "Jumlah",
        "Lembar": "",
        "Status": "",
        "Dibaca": number(r.rows_read),
        "Dimuat": number(r.loaded),
        "Digabung": "",
        "Dikarantina": "",
        "Selisih": "",
        "Keluarga": number(own) if own is not None else MISSING,
        "Terhadap Regsosek": f"{number(100 * own / frame, 1)} %" if own is not None and frame else MISSING,
        "Tahun sebelumnya": number(before["loaded"]) if before is not None else MISSING,
        "Perubahan": change,
        "Peringatan": "",
    }


def _part_row(p) -> dict:
    rest = p.rows_read - p.loaded - p.duplicates_merged - p.quarantined
    return {
        "Tahun": str(p.year),
        "Berkas": p.file,
        "Lembar": p.sheet if isinstance(p.sheet, str) else MISSING,
        "Status": p.status if isinstance(p.status, str) else "dibaca",
        "Dibaca": number(p.rows_read),
        "Dimuat": number(p.loaded),
        "Digabung": number(p.duplicates_merged),
        "Dikarantina": number(p.quarantined),
        "Selisih": number(rest),
        "Keluarga": "",
        "Terhadap Regsosek": "",
        "Tahun sebelumnya": "",
        "Perubahan": "",
        "Peringatan": p.warnings if isinstance(p.warnings, str) else "",
    }


def _rows_table(source: str, parts: pd.DataFrame, totals: pd.DataFrame, families: dict, years) -> pd.DataFrame:
    rows = []
    mine = totals[totals["source"] == source].sort_values("year").to_dict("records")
    previous = {now["year"]: before for before, now in zip([None, *mine[:-1]], mine)}
    for r in totals[totals["source"] == source].sort_values("year").itertuples():
        if years is not None and r.year not in years:
            continue
        rows += [_part_row(p) for p in parts[(parts["source"] == source) & (parts["year"] == r.year)].itertuples()]
        rows.append(_total_row(r, previous.get(r.year), families))
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def _keys_table(keys: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for k in keys.itertuples():
        nik = k.key in ("nik", "head_nik")
        rows.append(
            {
                "Tahun": str(k.year),
                "Berkas": k.file,
                "Kolom": k.column_name,
                "Terisi": _share(k.filled, k.rows),
                "16 digit": _share(k.valid, k.filled),
                "Rusak oleh Excel": _share(k.excel_damaged, k.filled),
                "Bukan 16 digit": _share(k.invalid, k.filled),
                "Awalan wilayah sah": _share(k.region_ok, k.valid),
                "Tanggal lahir sah": _share(k.birth_ok, k.valid) if nik else MISSING,
                "Berakhiran 0": _share(k.ending_zero, k.valid),
                "Ganda": number(k.duplicates) if (k.source, k.key) in _UNIQUE else MISSING,
                "Penilaian": VERDICTS.get(k.verdict, k.verdict),
            }
        )
    return pd.DataFrame(rows, columns=KEY_TABLE_COLUMNS)


_UNIQUE = {("regsosek", "no_kk"), ("regsosek", "head_nik"), ("p3ke_keluarga", "head_nik")}
_UNIQUE |= {("p3ke_individu", "nik"), ("dtks", "nik")}


def source_accounts(
    parts: pd.DataFrame, keys: pd.DataFrame, registers: pd.DataFrame, years=None
) -> list[SourceAccount]:
    """One account per source present, for ``years`` (None: every year; the previous year is
    compared whatever ``years`` holds)."""
    parts = parts.assign(status=parts["status"].fillna("dibaca")) if "status" in parts else parts
    totals = year_totals(parts, keys)
    families = _families(totals, registers)
    accounts = []
    for source in [s for s in SOURCE_LABELS if s in set(parts["source"])]:
        mine = keys[keys["source"] == source] if not keys.empty else keys
        if years is not None and not mine.empty:
            mine = mine[mine["year"].isin(years)]
        rows = _rows_table(source, parts, totals, families, years)
        if not rows.empty:
            accounts.append(SourceAccount(source, source_label(source), rows, _keys_table(mine)))
    return accounts


def register_table(registers: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Families per kelurahan in each register (one year's rows of ``import_register_count``);
    a DTSEN year is compared with its DTSEN families (the frame), else with Regsosek's."""
    dtsen = registers["dtsen"] if "dtsen" in registers else pd.Series(0, index=registers.index)
    frame_name = "DTSEN" if dtsen.sum() > 0 else "Regsosek"
    regsosek = dtsen if dtsen.sum() > 0 else registers["regsosek"]
    table = pd.DataFrame(
        {
            UNIT_TITLE: registers["kode_kelurahan"].map(lambda k: names.get(k, k)),
            f"{frame_name} (keluarga)": regsosek.map(number),
            "P3KE (keluarga)": registers["p3ke"].map(number),
            "DTKS (keluarga)": registers["dtks"].map(number),
            f"P3KE / {frame_name}": [
                f"{number(100 * p / r, 1)} %" if r else MISSING for p, r in zip(registers["p3ke"], regsosek)
            ],
            f"DTKS / {frame_name}": [
                f"{number(100 * d / r, 1)} %" if r else MISSING for d, r in zip(registers["dtks"], regsosek)
            ],
        }
    )
    return table
