"""Model SAE: the Dinas Sosial's extreme-poverty recap, and what a run did with it (analytics.sae.counted).

The recap's table per kelurahan; the sentence a run's results carry when it counted the list
(how many persons, at which line, and that their depth is a lower bound); a warning per
surveyed household below the extreme line, which the run counted through the list instead of
fitting (a mistyped expenditure lands there too, so its record is worth a look).
"""

from __future__ import annotations

import pandas as pd

from analytics.formats import number, percent, rupiah
from analytics.reference import UNIT, UNIT_TITLE
from analytics.views.selection import kelurahan_names

__all__ = [
    "COUNTED_HELP",
    "COUNTED_LABEL",
    "counted_note",
    "counted_survey_warnings",
    "recap_table",
    "recap_text",
    "recap_view",
    "rejects_table",
    "stored_text",
]

COUNTED_LABEL = "Hitung jiwa dalam rekap daftar miskin ekstrem Dinas Sosial di bawah garis ekstrem (disarankan)"
COUNTED_HELP = (
    "Survei beberapa ratus rumah tangga hampir tidak pernah memuat keluarga miskin ekstrem, dan bila memuat satu, "
    "satu rumah tangga itu membengkokkan seluruh model. Dengan rekap, jiwa dalam daftar dihitung tepat di garis "
    "ekstrem (batas bawah kedalamannya) dan rumah tangga survei di bawah garis itu tidak ikut penyesuaian model."
)


def recap_view(recap: pd.DataFrame, year: int) -> tuple[pd.DataFrame, str]:
    """The year's stored recap (:func:`analytics.model.extreme_store.recap_of_year`) as the page
    shows it: the table and the sentence above it."""
    return recap_table(recap, kelurahan_names()), recap_text(recap, year)


def recap_table(recap: pd.DataFrame, names) -> pd.DataFrame:
    """The recap as the page shows it (Indonesian headers, Indonesian numbers)."""
    names = pd.Series(names)
    if recap.empty:
        return pd.DataFrame()
    families = recap["families"].map(lambda v: "–" if pd.isna(v) else number(int(v)))
    return pd.DataFrame(
        {
            UNIT_TITLE: recap["kode_kelurahan"].map(lambda code: names.get(code, code)),
            "Keluarga": families.to_numpy(),
            "Jiwa": recap["persons"].map(number).to_numpy(),
        }
    )


def recap_text(recap: pd.DataFrame, year: int) -> str:
    """Whether the year has a recap, and where it came from."""
    if recap.empty:
        return (
            f"Belum ada rekap daftar miskin ekstrem Dinas Sosial untuk tahun {year}: model memperkirakan semua "
            "keluarga. "
            f"Muat rekapnya (CSV atau Excel: kolom {UNIT_TITLE} atau Kode Kelurahan, Jumlah Keluarga, Jumlah Jiwa) "
            "agar jiwa dalam daftar dihitung, bukan dimodelkan."
        )
    first = recap.iloc[0]
    return (
        f"Rekap daftar miskin ekstrem tahun {year}: {number(int(recap['persons'].sum()))} jiwa di {len(recap)} {UNIT} "
        f"(berkas {first['source']}, dimuat {pd.Timestamp(first['loaded_at']):%d-%m-%Y %H:%M} oleh "
        f"{first['loaded_by']})."
    )


def rejects_table(rejects: pd.DataFrame) -> pd.DataFrame:
    """The rows a recap load did not use, with their reasons, under the page's headers."""
    return rejects.rename(columns={"baris": "Baris", "isi": "Isi", "alasan": "Alasan"})


def stored_text(stored) -> str:
    """What a load stored (:class:`analytics.model.extreme_store.StoredRecap`), for the page."""
    families = "" if stored.families is None else f" ({number(stored.families)} keluarga)"
    return (
        f"Rekap tahun {stored.year} dimuat: {number(stored.persons)} jiwa{families} di {stored.kelurahan} {UNIT}. "
        f"Model berikutnya menghitung mereka di bawah garis kemiskinan ekstrem ({rupiah(stored.extreme_line)}); "
        "model yang sudah terbit tetap seperti adanya sampai model baru diterbitkan."
    )


def counted_note(parameters: dict) -> str:
    """What the run counted instead of modelling; empty when it counted nothing."""
    counted = parameters.get("counted")
    if not counted:
        return ""
    return (
        f"Komponen miskin ekstrem: {number(counted['persons'])} jiwa di {len(counted['areas'])} {UNIT} dari rekap "
        f"daftar miskin ekstrem Dinas Sosial dihitung di bawah garis kemiskinan ekstrem ({rupiah(counted['below'])}), "
        "tidak dimodelkan. Kedalaman (P1), keparahan (P2) dan Watts mereka dihitung tepat di garis itu (batas bawah: "
        "pengeluaran mereka di bawahnya). Namun angka kelurahan cenderung sedikit terlalu tinggi, karena model juga "
        "memperkirakan keluarga yang sama (rekap tidak menyebut keluarganya; pada simulasi demo sekitar +6 % P1 dan P2 "
        "di kelurahan termiskin)."
    )


def counted_survey_warnings(diag: dict, names) -> list[str]:
    """One warning per surveyed household the run counted through the list instead of fitting."""
    rows = diag.get("counted_survey") or []
    names = pd.Series(names)
    return [
        f"Rumah tangga survei {row['unit_id']} ({UNIT_TITLE.lower()} {names.get(row['area'], row['area'])}, "
        f"pengeluaran {percent(row['welfare_share'], 0)} dari garis) berada di bawah garis kemiskinan ekstrem: "
        "dihitung lewat rekap daftar miskin ekstrem, tidak ikut penyesuaian model. Bila keluarganya tidak ada "
        "dalam daftar, periksa isiannya di berkas survei (mungkin salah ketik)."
        for row in rows
    ]
