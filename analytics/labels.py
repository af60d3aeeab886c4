"""The product's vocabulary at its edge: what a code means, in the Bahasa Indonesia a user reads.

Inside the code and the database everything is an English code (``official``, ``empower``,
``nik_excel_damaged``); pages, exports and command-line messages show the labels below.
A code without a label is shown as it is (a new reason code never disappears from a table).
"""

from __future__ import annotations

from collections.abc import Mapping

from analytics import formats
from analytics.reference import REGION_KIND, REGION_KIND_TITLE, UNIT_TITLE

#: The poverty line kinds: in code and URL parameters.
LINE_KINDS = {"official": "resmi", "extreme": "ekstrem", "amount": "pilihan"}
#: The line choice as the URL writes it (``?garis=resmi``) and the code it stands for.
LINE_FROM_URL = {"resmi": "official", "ekstrem": "extreme", "nilai": "amount"}
#: The sidebar's line choices, keyed as the URL writes them.
LINE_CHOICES = {"resmi": "Resmi (BPS)", "ekstrem": "Ekstrem", "nilai": "Nilai lain (Rp)"}
LINE_STATUS = {"official": "resmi", "estimated": "perkiraan", "given": "pilihan"}

BPS_SCALE_NOTE = "P1 dan P2 dalam skala BPS (×100)"

SEGMENTS = {"empower": "Diberdayakan", "assist": "Dibantu"}
SOURCES = {
    "regsosek": "Regsosek",
    "dtks": "DTKS",
    "p3ke": "P3KE",
    "p3ke_keluarga": "P3KE keluarga",
    "p3ke_individu": "P3KE individu",
    "susenas": "Susenas (survei)",
    "dtsen": "DTSEN",
    "dtsen_keluarga": "DTSEN keluarga",
    "dtsen_anggota": "DTSEN anggota",
    "siksng_desil": "SIKS-NG desil",
    "penerima_bansos": "Penerima bansos",
}
COORDINATES = {"ok": "ada", "missing": "kosong", "outside": f"di luar {REGION_KIND}"}
YES_NO = {True: "Ya", False: "Tidak"}
PROGRAMS = {
    "any": "Program apa pun",
    "PKH": "PKH",
    "SEMBAKO": "Sembako/BPNT",
    "PBI": "PBI-JK",
    "BST": "BST",
    "BPUM": "BPUM",
    "PRAKERJA": "Prakerja",
    "KUR": "KUR",
}
ELIGIBILITY = {"poor": "Miskin (di bawah garis terpilih)", "extreme": "Miskin ekstrem", "desil<=4": "Desil 1–4"}
TRANSFER_RULES = {
    "poorest": "Keluarga termiskin",
    "uncovered_poorest": "Termiskin yang belum menerima program",
    "desil<=1": "Desil 1",
    "desil<=2": "Desil 1–2",
}
#: How a DTKS or P3KE row was linked to its Regsosek family.
LINK_METHODS = {
    "no_kk": "No KK",
    "head_nik": "NIK kepala keluarga",
    "name_birth_date": "Nama + tanggal lahir",
    "head_nik_via_head": "Ikut kepala keluarga (NIK)",
    "name_birth_date_via_head": "Ikut kepala keluarga (nama + tgl lahir)",
    "no_kk_via_head": "Ikut kepala keluarga (No KK)",
    "head_nik_via_family": "Ikut keluarga P3KE (NIK kepala)",
    "name_birth_date_via_family": "Ikut keluarga P3KE (nama + tgl lahir)",
    "unlinked": "Tidak tertaut",
}
#: Fields on which a linked record disagrees with its Regsosek family.
CONFLICT_FIELDS = {"kelurahan": UNIT_TITLE, "desil": "Desil", "household_size": "Jumlah anggota keluarga"}
#: What an entry of the audit log records.
AUDIT_ACTIONS = {
    "masuk": "Masuk",
    "masuk_gagal": "Gagal masuk",
    "masuk_diblokir": "Masuk diblokir (terlalu banyak gagal)",
    "keluar": "Keluar",
    "lihat_rumah_tangga": "Melihat daftar rumah tangga",
    "unduh_rumah_tangga": "Mengunduh daftar rumah tangga",
    "tambah_pengguna": "Menambah pengguna",
    "hapus_pengguna": "Menghapus pengguna",
    "ubah_peran": "Mengubah peran",
    "ubah_kata_sandi": "Mengganti kata sandi",
    "akun_demo_dibuat": "Akun demo dibuat",
    "impor_uji": "Memeriksa impor",
    "impor_terapkan": "Menerapkan impor",
    "impor_batal": "Membatalkan impor",
    "unduh_log_audit": "Mengunduh log audit",
    "terbitkan_model": "Menerbitkan model SAE",
    "impor_gagal": "Impor gagal",
    "pemicu_audit_dipulihkan": "Pemicu log audit hilang dan dibuat ulang",
    "verval_catat": "Mencatat kunjungan verval",
    "verval_koreksi": "Mengoreksi catatan verval",
    "verval_setujui": "Menyetujui catatan verval",
    "verval_kembalikan": "Mengembalikan catatan verval",
    "verval_ekspor": "Mengekspor usulan/rujukan verval",
    "verval_impor": "Mengimpor catatan verval",
    "verval_impor_dinsos": "Mengimpor berkas verval Dinas Sosial",
}
#: Why an imported row was quarantined, and what was flagged on a row that was loaded.
REASONS = {
    "id_missing": "ID kosong",
    "id_duplicate_different": "ID ganda dengan isi berbeda",
    "region_unknown": "wilayah tidak dikenal",
    "household_size_invalid": "jumlah anggota keluarga tidak valid",
    "expenditure_missing": "pengeluaran kosong",
    "expenditure_not_a_number": "pengeluaran bukan angka",
    "expenditure_not_positive": "pengeluaran nol atau negatif",
    "date_unreadable": "tanggal tidak terbaca",
    "nik_excel_damaged": "NIK/No KK rusak oleh Excel",
    "nik_invalid": "NIK/No KK bukan 16 digit",
    "nik_missing": "NIK/No KK kosong",
    "nik_cleaned": "NIK/No KK dibersihkan",
    "nik_birth_date_mismatch": "tanggal lahir dalam NIK berbeda",
    "coordinates_missing": "koordinat kosong",
    "coordinates_outside": f"koordinat di luar {REGION_KIND}",
    "yes_no_unknown": "nilai ya/tidak tidak dikenal",
    "birth_date_missing": "tanggal lahir kosong",
    "nik_on_two_families": "NIK sama pada dua keluarga",
    "unlinked": "tidak tertaut ke kerangka keluarga",
    "census_block_missing": "blok sensus kosong",
    "weight_invalid": "bobot survei tidak valid",
    "survey_household_twice": "rumah tangga survei tercatat dua kali",
    "row_shape": "baris tidak sesuai judul kolom",
    "region_bps_code": "kode wilayah BPS tanpa padanan",
    "total_row": "baris jumlah/subtotal",
    "household_size_implausible": "jumlah anggota keluarga tidak wajar",
    "id_excel_damaged": "ID rusak oleh Excel",
    "year_mismatch": "tahun data berbeda dengan folder",
    "desil_unreadable": "desil tidak terbaca",
    "coordinates_scale": "koordinat bukan derajat",
    "kk_unusable": "No KK tidak dapat dipakai",
    "nik_unusable": "NIK tidak dapat dipakai",
    "program_unknown": "program tidak dikenal",
    "value_unknown": "kode DTSEN tidak dikenal",
}
#: BPS's reliability classes of a model estimate by its relative standard error (CV).
RELIABILITY = {
    "reliable": "andal (CV ≤ 25 %)",
    "caution": "hati-hati (CV 25–50 %)",
    "unreliable": "tidak andal (CV > 50 %)",
}
#: Where a year's welfare figures come from.
WELFARE_SOURCES = {
    "observed": "pengeluaran tercatat",
    "model": "estimasi model (SAE)",
    "none": "tanpa data pengeluaran",
}
#: Columns of an imported file the mapping did not know, or expected and did not find.
COLUMN_REPORT_KINDS = {"unknown": "tak dikenal", "missing_optional": "tidak ada"}
P4GN_STATUS = {"Bahaya": "BAHAYA", "Waspada": "Waspada", "Siaga": "Siaga", "Aman": "Aman"}


def label(mapping: Mapping, code) -> str:
    """The label of ``code`` in ``mapping``; the code itself when it has none, '–' when missing.

    >>> label(SEGMENTS, "empower"), label(SEGMENTS, "lainnya"), label(SEGMENTS, None)
    ('Diberdayakan', 'lainnya', '–')
    """
    if code is None or (not isinstance(code, str) and formats.is_missing(code)):
        return formats.MISSING
    return mapping.get(code, str(code))


def line_text(line, minus: str = "-") -> str:
    """The poverty line used, for captions and notes (``line``: a PovertyLine or its dict).

    >>> line_text({"amount": 832946.0, "kind": "official", "status": "estimated"})
    'garis kemiskinan resmi Rp 832.946 per kapita per bulan (perkiraan, belum dirilis BPS)'
    """
    line = line if isinstance(line, Mapping) else line.as_dict()
    kind = LINE_KINDS.get(line["kind"], "pilihan")
    text = f"garis kemiskinan {kind} {formats.rupiah(line['amount'], minus)} per kapita per bulan"
    if line.get("status") == "estimated":
        text += " (perkiraan, belum dirilis BPS)"
    return text


#: What a published reference figure is (data/reference/bps_poverty.csv, column kind).
REFERENCE_KINDS = {"bps": "BPS", "pemkot": "Pemkot", "estimate": "perkiraan"}
#: Beside a reference figure that is not a BPS release, with :func:`not_bps_note` under it.
NOT_BPS_MARK = "†"
#: How the paragraph introduces a reference share or count of each kind.
REFERENCE_SHARE = {
    "bps": "angka resmi BPS {}",
    "pemkot": "menurut pernyataan Pemerintah Kota (belum rilis BPS) sebesar {}",
}
REFERENCE_COUNT = {
    "bps": "sedangkan BPS mencatat {} jiwa",
    "pemkot": "sedangkan menurut pernyataan Pemerintah Kota (belum rilis BPS) tercatat {} jiwa",
}
_NOT_BPS_WHAT = {"pemkot": f"pernyataan Pemerintah {REGION_KIND_TITLE}", "estimate": "perkiraan"}


def is_bps(kind) -> bool:
    """True only for a BPS release: a missing or other kind is never called BPS's."""
    return kind == "bps"


def reference_text(template: Mapping, kind, value: str) -> str:
    """``value`` introduced as its kind says (REFERENCE_SHARE or REFERENCE_COUNT); a kind
    without a phrase is said not to be a BPS release.

    >>> reference_text(REFERENCE_SHARE, "pemkot", "3,21 %")
    'menurut pernyataan Pemerintah Kota (belum rilis BPS) sebesar 3,21 %'
    """
    return template.get(kind, "angka pembanding (bukan rilis BPS) {}").format(value)


def marked(text: str, kind) -> str:
    """``text`` with the NOT_BPS_MARK when its kind is not a BPS release."""
    return text if is_bps(kind) else f"{text} {NOT_BPS_MARK}"


def not_bps_note(entries) -> str | None:
    """The note under figures marked NOT_BPS_MARK; ``entries`` are (what, kind, source), e.g.
    ('P0 2025', 'pemkot', 'Pidato Wali Kota Bontang'). None when every figure is BPS's.

    >>> not_bps_note([("P0 2025", "pemkot", "Pidato Wali Kota Bontang")])
    '† Bukan rilis BPS: P0 2025 (pernyataan Pemerintah Kota; sumber: Pidato Wali Kota Bontang).'
    """
    parts = [
        f"{what} ({_NOT_BPS_WHAT.get(kind, 'tanpa keterangan jenis')}; sumber: {source or 'tidak disebut'})"
        for what, kind, source in entries
        if not is_bps(kind)
    ]
    return f"{NOT_BPS_MARK} Bukan rilis BPS: {'; '.join(parts)}." if parts else None
