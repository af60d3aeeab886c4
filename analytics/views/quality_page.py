"""Kualitas Data: what was imported, how the registers overlap and link, what was rejected,
where sources disagree, and which records to verify in the field first."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import quality
from analytics.access.scope import User, can_see_quarantine
from analytics.formats import number
from analytics.labels import CONFLICT_FIELDS, COORDINATES, LINK_METHODS, REASONS, SOURCES, label
from analytics.reference import REGION_KIND, UNIT, UNIT_TITLE
from analytics.views import tables
from analytics.views.selection import Selection, kelurahan_names, only_inside
from analytics.views.source import Source

IMPORT_COLUMNS = {
    "year": "Tahun",
    "source": "Sumber",
    "file": "Berkas",
    "rows_read": "Dibaca",
    "loaded": "Dimuat",
    "duplicates_merged": "Duplikat",
    "quarantined": "Karantina",
}
QUARANTINE_COLUMNS = {
    "year": "tahun",
    "source": "sumber",
    "file": "berkas",
    "row_number": "baris",
    "reason_code": "alasan",
    "message": "pesan",
    "original": "nilai_asli",
}
VERIFICATION_NOTES = (
    f"Skor: miskin tanpa program 3, beda {UNIT} 2, beda desil 1, beda jumlah anggota 1, NIK kepala keluarga "
    f"rusak/kosong 1, koordinat kosong/di luar {REGION_KIND} 1.",
    "Hanya keluarga dengan pengeluaran per kapita di bawah 1,2 × garis kemiskinan.",
    "Sumber: analytics.quality.verification_priority. NIK lengkap tidak pernah diekspor dari dasbor.",
)
PRIORITY_RULE = (
    f"Skor: miskin tanpa program 3, beda {UNIT} 2, beda desil 1, beda jumlah anggota 1, NIK bermasalah 1, "
    "koordinat bermasalah 1; hanya keluarga di bawah 1,2 × garis (analytics.quality.verification_priority)."
)


@dataclass(frozen=True)
class ImportSummary:
    totals: list[tuple[str, str]]  # label, count
    per_file: pd.DataFrame


@dataclass(frozen=True)
class Registers:
    overlap: pd.DataFrame  # combination, families
    link_methods: pd.DataFrame


@dataclass(frozen=True)
class QuarantineExport:
    rows: pd.DataFrame
    button_label: str


@dataclass(frozen=True)
class Conflicts:
    counts: pd.DataFrame
    details: pd.DataFrame
    families: int
    caption: str


def scope_text(user: User | None) -> str:
    """' di <kelurahan>' for a verifikator (its lists hold its own kelurahan only), else ''."""
    return f" di {kelurahan_names()[user.kelurahan]}" if user is not None and user.kelurahan else ""


def imports(source: Source) -> ImportSummary:
    log = source.get(quality.import_log)
    totals = log[["rows_read", "loaded", "duplicates_merged", "quarantined"]].sum()
    labels = [
        ("Baris dibaca", "rows_read"),
        ("Dimuat", "loaded"),
        ("Duplikat digabung", "duplicates_merged"),
        ("Dikarantina", "quarantined"),
    ]
    per_file = log.assign(source=log["source"].map(lambda s: label(SOURCES, s))).rename(columns=IMPORT_COLUMNS)
    return ImportSummary([(text, number(totals[key])) for text, key in labels], per_file)


def registers(source: Source, year: int) -> Registers:
    methods = source.get(quality.link_methods, year)
    overlap = source.get(quality.register_overlap, year)
    return Registers(
        overlap=overlap.assign(families_text=overlap["families"].map(number)),
        link_methods=pd.DataFrame(
            {
                "Sumber": methods["source"].map(lambda s: label(SOURCES, s)),
                "Cara": methods["method"].map(lambda m: label(LINK_METHODS, m)),
                "Baris": tables.counts(methods["rows"]),
            }
        ),
    )


@dataclass(frozen=True)
class Frame:
    """Where the year's families come from, and what changed against the year before."""

    sentence: str
    change: pd.DataFrame  # per kelurahan: families now and before, kept, new, gone
    forms: pd.DataFrame  # DTSEN values per column and how they were written (empty otherwise)


def _frame_text(row) -> str:
    name = quality.FRAME_LABELS.get(row.frame_source, row.frame_source)
    if row.frame_source != "dtsen":
        return f"{row.year}: {name}, {number(row.families)} keluarga"
    version = row.version if isinstance(row.version, str) else "versi tidak tercantum"
    when = f", data {row.data_date}" if isinstance(row.data_date, str) else ""
    return f"{row.year}: {name} ({row.file}, {version}{when}), {number(row.families)} keluarga"


def frame(source: Source, year: int) -> Frame:
    sources = source.get(quality.frame_sources, year)
    change = source.get(quality.frame_change, year)
    forms = source.get(quality.value_forms, year)
    text = "Kerangka keluarga — " + "; ".join(_frame_text(r) for r in sources.itertuples()) + "."
    if (sources["year"] == year - 1).any():
        text += (
            f" Dibanding {year - 1}: {number(change['kept'].sum())} keluarga tetap, {number(change['added'].sum())} "
            f"baru, {number(change['dropped'].sum())} keluar dari kerangka (keluarga DTSEN memakai ID Regsosek "
            "No KK-nya bila ada)."
        )
    table = pd.DataFrame(
        {
            UNIT_TITLE: change["kelurahan"].fillna(change["kode_kelurahan"]),
            f"Keluarga {year}": tables.counts(change["families"]),
            f"Keluarga {year - 1}": tables.counts(change["families_before"]),
            "Tetap": tables.counts(change["kept"]),
            "Baru": tables.counts(change["added"]),
            "Keluar": tables.counts(change["dropped"]),
        }
    )
    return Frame(text, table, _forms_table(forms))


#: How a DTSEN value was written (analytics.ingest.dtsen_values), in the order a reader wants.
FORM_HEADERS = {
    "kode": "Kode angka",
    "label Regsosek": "Label Regsosek",
    "label kasar (P3KE)": "Label kasar P3KE",
    "kosong": "Kosong",
    "tidak dikenal": "Tidak dikenal",
}


def _forms_table(forms: pd.DataFrame) -> pd.DataFrame:
    """Per DTSEN column, the cells in each written form (empty frame without DTSEN)."""
    if forms.empty:
        return pd.DataFrame()
    wide = forms.pivot_table(index="column_name", columns="form", values="rows", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[f for f in FORM_HEADERS if f in wide.columns])
    out = pd.DataFrame({"Kolom": [label(DWELLING_COLUMNS, c) for c in wide.index]})
    for form in wide.columns:
        out[FORM_HEADERS[form]] = tables.counts(wide[form].astype(int)).to_numpy()
    return out


DWELLING_COLUMNS = {
    "floor": "Jenis lantai",
    "wall": "Jenis dinding",
    "roof": "Jenis atap",
    "water_source": "Sumber air minum",
    "lighting": "Sumber penerangan",
    "power": "Daya listrik",
    "cooking_fuel": "Bahan bakar memasak",
    "sanitation": "Fasilitas BAB",
    "home_ownership": "Kepemilikan rumah",
}


def quarantine_reasons(source: Source) -> pd.DataFrame:
    reasons = source.get(quality.quarantine_by_reason)
    return pd.DataFrame(
        {
            "Sumber": reasons["source"].map(lambda s: label(SOURCES, s)),
            "Alasan": reasons["reason_code"].map(lambda r: label(REASONS, r)),
            "Baris": tables.counts(reasons["rows"]),
        }
    )


def quarantine_reason_codes(source: Source) -> dict[str, str]:
    """Reason code -> what the reason list shows, sorted by code."""
    reasons = source.get(quality.quarantine_by_reason)
    return {code: label(REASONS, code) for code in sorted(reasons["reason_code"].unique())}


def quarantine_export(source: Source, year: int, reason: str | None, user: User) -> QuarantineExport | None:
    """Quarantined rows (NIK masked) for roles that may read them; None for the others."""
    if not can_see_quarantine(user):
        return None
    rows = source.get(quality.quarantine_rows, year, reason, user=user).rename(columns=QUARANTINE_COLUMNS)
    label = f"Unduh CSV baris dikarantina {year} ({number(len(rows))} baris, NIK disamarkan)"
    return QuarantineExport(rows, label)


def conflicts(source: Source, year: int, user: User) -> Conflicts:
    found = source.get(quality.source_conflicts, year, user=user)
    counts = quality.conflict_counts(found)
    return Conflicts(
        counts=pd.DataFrame(
            {
                "Isian": counts["field"].map(lambda f: label(CONFLICT_FIELDS, f)),
                "Sumber": counts["source"].str.upper(),
                "Keluarga": tables.counts(counts["families"]),
            }
        ),
        details=pd.DataFrame(
            {
                "ID keluarga": found["family_id"],
                UNIT_TITLE: found["kelurahan"],
                "Isian": found["field"].map(lambda f: label(CONFLICT_FIELDS, f)),
                "Sumber": found["source"].str.upper(),
                "Regsosek": found["regsosek_value"],
                "Sumber lain": found["source_value"],
            }
        ),
        families=int(found["family_id"].nunique()),
        caption=f"Keluarga{scope_text(user)} yang tertaut tetapi {UNIT}, desil, atau jumlah anggotanya berbeda "
        "antara Regsosek dan DTKS/P3KE (analytics.quality.source_conflicts).",
    )


def verification_list(source: Source, selection: Selection, user: User) -> tables.Listing:
    """Families to verify first, as the page lists them (masked NIK), in the chosen area."""
    priority = source.get(quality.verification_priority, selection.year, selection.line, user=user)
    if selection.kelurahan:
        priority = priority[priority["kode_kelurahan"] == selection.kelurahan]
    else:
        priority = only_inside(priority, selection.within, "kode_kelurahan")
    yes = {True: "Ya", False: ""}
    welfare, kinds = {"Pengeluaran per kapita": priority["expenditure_pc"]}, {"Pengeluaran per kapita": "rp"}
    if priority["expenditure_pc"].isna().all():
        # No expenditure observed: the model's probability of being poor, or nothing (desil only).
        welfare, kinds = {"Peluang miskin (model)": priority["probability"]}, {"Peluang miskin (model)": "pct0"}
    return tables.Listing(
        pd.DataFrame(
            {
                "Skor": priority["score"],
                "ID keluarga": priority["family_id"],
                "Nama kepala keluarga": priority["head_name"].fillna("–"),
                "NIK (disamarkan)": priority["nik_masked"].fillna("–"),
                UNIT_TITLE: priority["kelurahan"],
                **welfare,
                "Miskin tanpa program": (priority["is_poor"] & ~priority["has_program"]).map(yes),
                f"Beda {UNIT}": priority["kelurahan_conflict"].map(yes),
                "Beda desil": priority["desil_conflict"].map(yes),
                "Beda jumlah anggota": priority["size_conflict"].map(yes),
                "NIK bermasalah": priority["nik_problem"].map(yes),
                "Koordinat": priority["coord_status"].map(lambda s: label(COORDINATES, s)),
            }
        ),
        kinds,
    )
