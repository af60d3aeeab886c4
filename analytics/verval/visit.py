"""What a verifikator records at a family's door, and the checks it must pass.

The eight indicators are the Kemensos criteria the city's own verval survey asks (head not
working; worried about not eating; food spending above non-food; no clothes bought in a
year; earth or plaster floor; non-permanent walls; no own toilet; 450 W or no electricity).
A family meeting six or more is *fakir miskin*, as that survey counts it, so the two agree.
Dwelling classes are Regsosek's own value lists, so a finding compares with the register.

:func:`check_visit` returns the cleaned visit and every problem as one Indonesian sentence
each, so a form can show them as the user types; :func:`clean_visit` raises them together.

>>> visit, problems = check_visit({"outcome": "meninggal"})
>>> problems, visit["fakir_miskin"]
([], False)
>>> fakir_miskin({f"ind_{i}": True for i in range(1, 7)})
True
"""

from __future__ import annotations

from analytics.errors import InputError

OUTCOMES = {
    "ditemukan": "Ditemukan",
    "tidak_ditemukan": "Tidak ditemukan",
    "pindah": "Pindah",
    "meninggal": "Meninggal (seluruh anggota / kepala keluarga tunggal)",
    "menolak": "Menolak diwawancarai",
}
INDICATORS = {
    "ind_1": "Kepala keluarga tidak bekerja / tidak punya penghasilan tetap",
    "ind_2": "Khawatir tidak dapat makan",
    "ind_3": "Pengeluaran pangan lebih besar dari nonpangan",
    "ind_4": "Tidak membeli pakaian dalam setahun",
    "ind_5": "Lantai tanah atau plesteran",
    "ind_6": "Dinding tidak permanen",
    "ind_7": "Tidak punya jamban sendiri",
    "ind_8": "Listrik 450 W atau tanpa listrik",
}
#: Six or more of the eight indicators: fakir miskin (Kemensos; the city's verval survey).
FAKIR_MISKIN_MIN = 6
DWELLING = {
    "floor": ("Lantai", ("KERAMIK/GRANIT/MARMER/UBIN/TEGEL/TERASO", "SEMEN", "KAYU/PAPAN", "BAMBU", "TANAH")),
    "wall": ("Dinding", ("TEMBOK", "KAYU/PAPAN", "BAMBU", "LAINNYA")),
    "roof": ("Atap", ("GENTENG", "ASBES/SENG", "KAYU/SIRAP", "BAMBU", "JERAMI/IJUK/RUMBIA/ DAUN-DAUNAN")),
    "water_source": (
        "Sumber air minum",
        (
            "LEDENG/PAM",
            "AIR KEMASAN/ISI ULANG",
            "SUMUR TERLINDUNG",
            "SUMUR TIDAK TERLINDUNG",
            "AIR HUJAN",
            "AIR PERMUKAAN (SUNGAI, DANAU, DLL)",
        ),
    ),
    "sanitation": ("Fasilitas BAB", ("MILIK SENDIRI", "UMUM/BERSAMA", "LAINNYA")),
    "lighting": ("Penerangan", ("LISTRIK PLN METERAN", "LISTRIK PLN NON METERAN", "BUKAN LISTRIK")),
    "cooking_fuel": ("Bahan bakar memasak", ("LISTRIK/GAS", "MINYAK TANAH", "ARANG/KAYU")),
}
MEMBERS = {
    "size": "Jumlah anggota keluarga",
    "n_working_age": "Anggota usia kerja",
    "n_disabled": "Anggota penyandang disabilitas",
    "n_elderly": "Anggota lansia",
    "n_out_of_school": "Anak usia sekolah tidak sekolah",
}
PROGRAMS = {
    "PKH": "PKH",
    "SEMBAKO": "Sembako/BPNT",
    "PBI": "PBI-JK",
    "BST": "BST",
    "BPUM": "BPUM",
    "PRAKERJA": "Prakerja",
    "KUR": "KUR",
    "PEMDA": "Bantuan pemda",
    "NON_PEMERINTAH": "Bantuan nonpemerintah",
}
INCOME = {
    "upah": "Buruh / karyawan",
    "usaha": "Usaha sendiri",
    "tani_nelayan": "Pertanian / perikanan",
    "kiriman": "Kiriman keluarga",
    "bantuan": "Bantuan",
    "tidak_ada": "Tidak ada",
}
FINDINGS = {"benar": "Data register benar", "dikoreksi": "Data register perlu dikoreksi"}
GROUPS = {
    "dtsen": "Miskin menurut kriteria Kemensos: usulkan ke DTSEN",
    "bantuan_lain": "Perlu bantuan lain (APBD, TJSL, BAZNAS)",
    "tidak_miskin": "Tidak miskin",
}
REFERRALS = {"apbd": "Program APBD", "tjsl": "TJSL / CSR perusahaan", "baznas": "BAZNAS"}
SUPPORT = {"berdayakan": "Diberdayakan", "bantu": "Dibantu"}
MAX_SIZE = 30
MAX_NOTE = 500


def fakir_miskin(visit: dict) -> bool:
    """True when six or more of the eight Kemensos indicators are met."""
    return indicator_count(visit) >= FAKIR_MISKIN_MIN


def indicator_count(visit: dict) -> int:
    return sum(bool(visit.get(key)) for key in INDICATORS)


def _choice(visit: dict, key: str, choices, label: str, problems: list[str]) -> str | None:
    value = visit.get(key)
    if value in (None, ""):
        problems.append(f"{label} wajib diisi.")
        return None
    if value not in choices:
        problems.append(f"{label}: nilai {value!r} tidak dikenal.")
        return None
    return value


def _members(visit: dict, problems: list[str]) -> dict:
    clean = {}
    for key, label in MEMBERS.items():
        value = visit.get(key)
        try:
            number = int(value)
        except (TypeError, ValueError):
            problems.append(f"{label} wajib diisi dengan angka.")
            continue
        if number != value and str(number) != str(value).strip():
            problems.append(f"{label} harus bilangan bulat.")
        elif number < 0:
            problems.append(f"{label} tidak boleh negatif.")
        clean[key] = number
    size = clean.get("size")
    if size is not None and not 1 <= size <= MAX_SIZE:
        problems.append(f"Jumlah anggota keluarga harus 1 sampai {MAX_SIZE}.")
    elif size is not None:
        for key in ("n_working_age", "n_disabled", "n_elderly", "n_out_of_school"):
            if clean.get(key, 0) > size:
                problems.append(f"{MEMBERS[key]} ({clean[key]}) melebihi jumlah anggota keluarga ({size}).")
    return clean


def _found(visit: dict, problems: list[str]) -> dict:
    clean = _members(visit, problems)
    for key, (label, classes) in DWELLING.items():
        clean[key] = _choice(visit, key, classes, label, problems)
    programs = list(visit.get("programs") or [])
    unknown = [p for p in programs if p not in PROGRAMS]
    if unknown:
        problems.append(f"Program tidak dikenal: {', '.join(map(str, unknown))}.")
    clean["programs"] = [p for p in PROGRAMS if p in programs]
    clean["income"] = _choice(visit, "income", INCOME, "Sumber penghasilan utama", problems)
    clean["finding"] = _choice(visit, "finding", FINDINGS, "Temuan", problems)
    clean["group"] = _choice(visit, "group", GROUPS, "Kelompok", problems)
    for key in INDICATORS:
        clean[key] = bool(visit.get(key))
    referrals = [r for r in REFERRALS if r in (visit.get("referrals") or [])]
    if clean["group"] == "bantuan_lain" and not referrals:
        problems.append("Pilih minimal satu rujukan (APBD, TJSL atau BAZNAS) untuk kelompok bantuan lain.")
    clean["referrals"] = referrals if clean["group"] == "bantuan_lain" else []
    if clean["group"] in ("dtsen", "bantuan_lain"):
        clean["support"] = _choice(visit, "support", SUPPORT, "Diberdayakan atau dibantu", problems)
    else:
        clean["support"] = None
    return clean


def check_visit(visit: dict) -> tuple[dict, list[str]]:
    """The cleaned visit and its problems (Indonesian, one sentence each; empty when valid).

    A family not found, moved, deceased or refusing has only its outcome and note; a family
    found has members, dwelling, programs, income, indicators, finding and group.
    """
    problems: list[str] = []
    outcome = _choice(visit, "outcome", OUTCOMES, "Hasil kunjungan", problems)
    clean: dict = {"outcome": outcome}
    if outcome == "ditemukan":
        clean.update(_found(visit, problems))
    note = str(visit.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        problems.append(f"Catatan paling panjang {MAX_NOTE} karakter (sekarang {len(note)}).")
    clean["note"] = note
    clean["indicator_count"] = indicator_count(clean)
    clean["fakir_miskin"] = fakir_miskin(clean)
    if clean["fakir_miskin"] and clean.get("group") == "tidak_miskin" and not note:
        problems.append(
            f"Keluarga ini memenuhi {clean['indicator_count']} dari 8 indikator (fakir miskin); "
            "kelompok 'Tidak miskin' hanya dengan alasan di catatan."
        )
    return clean, problems


def clean_visit(visit: dict) -> dict:
    """The cleaned visit, or :class:`InputError` naming every problem."""
    clean, problems = check_visit(visit)
    if problems:
        raise InputError(problems)
    return clean
