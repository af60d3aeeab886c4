"""From the Dinas Sosial file's persons to its families, and from a family to a visit record.

Persons are grouped by ``no_keluarga`` (across the file, as the office's dashboard does; the
family lives in its first row's kelurahan). Per family: the indicators of the member who
meets most of them, so a family is fakir miskin when any member meets at least
:data:`~analytics.verval.visit.FAKIR_MISKIN_MIN` (the office's rule; a member's count is the
stated ``jumlah_indikator``); size; elderly (60+), working age (15–64), disabled, school age
(7–18) and school age not at school (a known ``status_pekerjaan`` other than ``SEKOLAH``), as
the generator and Regsosek count them (an unknown age counts in none); the first row's
dwelling and desil group (``status_keluarga``); assistance and needs (a family has it when any
of its rows says yes); whether a row of it is flagged. A valid No KK becomes its keyed
pseudonym here and is not kept; a family links only when it can be a visit (at most
:data:`~analytics.verval.visit.MAX_SIZE` persons, every dwelling value in the form's classes).

A linked family becomes a visit (:func:`visit_answers`): the survey does not ask the finding,
the group or the main income, so they are derived by fixed rules and the note says so, for the
analis who reviews it: the finding is *to correct* when the size or a dwelling class differs
from the register; the group is DTSEN for fakir miskin, *other help* (APBD) for desil 1–4 or a
stated need, else not poor; empower when a working-age member is not disabled (the
``family_segment`` rule), else assist.
"""

from __future__ import annotations

import pandas as pd

from analytics.access.pseudonym import pseudonymise_series
from analytics.reference import UNIT_TITLE
from analytics.verval.dinsos_file import ASSISTANCE, DESIL_GROUPS, DWELLING, NEEDS
from analytics.verval.visit import FAKIR_MISKIN_MIN, INDICATORS, MAX_NOTE, MAX_SIZE

ELDERLY_AGE, WORKING_AGES, SCHOOL_AGES = 60, (15, 64), (7, 18)
#: Assistance column -> the visit form's program (BLT is the register's cash transfer, BST).
PROGRAMS = {
    "bantuan_pkh": "PKH",
    "bantuan_sembako": "SEMBAKO",
    "bantuan_blt": "BST",
    "bantuan_pemda": "PEMDA",
    "bantuan_non_pemerintah": "NON_PEMERINTAH",
}
SUBSIDIES = {"subsidi_listrik": "listrik", "subsidi_lpg": "LPG"}
#: Main income from the members' work, most earners first, ties in this order.
INCOME_OF_WORK = {
    "upah": ("BURUH/KARYAWAN/PEGAWAI", "PNS/TNI/POLRI/BUMN/BUMD", "PEKERJA BEBAS NONPERTANIAN"),
    "usaha": (
        "BERUSAHA SENDIRI",
        "BERUSAHA DIBANTU BURUH",
        "BERUSAHA DIBANTU BURUH TIDAK TETAP/TIDAK DIBAYAR",
        "BERUSAHA DIBANTU BURUH TETAP/DIBAYAR",
    ),
    "tani_nelayan": ("PEKERJA BEBAS PERTANIAN",),
}
NEED_LABELS = {
    "butuh_pangan": "pangan",
    "butuh_sandang": "sandang",
    "butuh_kesehatan": "kesehatan",
    "butuh_pendidikan": "pendidikan",
    "butuh_dokumen": "dokumen kependudukan",
}
_FIRST = ["family_kode", "no_kk", "kecamatan", *DWELLING.values(), "daya_listrik", "status_keluarga"]


def _income(jobs: pd.Series, assisted: bool) -> str:
    counts = {income: int(jobs.isin(kinds).sum()) for income, kinds in INCOME_OF_WORK.items()}
    best = max(counts, key=counts.get)
    if counts[best] > 0:
        return best
    return "bantuan" if assisted else "tidak_ada"


def _marks(persons: pd.DataFrame) -> pd.DataFrame:
    """Per person: the family counts it enters (an unknown age enters none)."""
    age = pd.to_numeric(persons["umur"], errors="coerce")
    school = age.between(*SCHOOL_AGES)
    job = persons["status_pekerjaan"]
    return persons.assign(
        elderly=age >= ELDERLY_AGE,
        working_age=age.between(*WORKING_AGES),
        school_age=school,
        disabled=persons["jenis_disabilitas"].notna() & (persons["jenis_disabilitas"] != "TIDAK ADA"),
        out_of_school=school & job.notna() & (job != "SEKOLAH"),
        flagged=persons["flags"].map(bool),
        fm_person=persons["indicator_count"] >= FAKIR_MISKIN_MIN,
    )


def family_table(persons: pd.DataFrame, nik_key: bytes) -> pd.DataFrame:
    """One row per family (``no_keluarga``) of the placed persons (see the module doc);
    ``no_kk_key`` is the pseudonym of a valid No KK (None otherwise), the clear number is
    dropped; ``linkable`` says whether it can become a visit record."""
    marks = _marks(persons)
    groups = marks.groupby("family_key", sort=False)
    table = groups.agg(
        size=("_row", "size"),
        n_elderly=("elderly", "sum"),
        n_working_age=("working_age", "sum"),
        n_disabled=("disabled", "sum"),
        n_school_age=("school_age", "sum"),
        n_out_of_school=("out_of_school", "sum"),
        fm_persons=("fm_person", "sum"),
        flagged=("flagged", "any"),
        **{c: (c, "first") for c in _FIRST},
        **{c: (c, "any") for c in (*ASSISTANCE, *NEEDS)},
    ).reset_index()
    # The indicators of the member who meets most of them: fakir miskin when any member does.
    best = marks.sort_values("indicator_count", ascending=False, kind="stable").groupby("family_key", sort=False)
    best = best[[*INDICATORS, "indicator_count"]].first().reindex(table["family_key"])
    table[[*INDICATORS, "indicator_count"]] = best.to_numpy()
    table["fakir_miskin"] = table["indicator_count"] >= FAKIR_MISKIN_MIN
    assisted = table[list(PROGRAMS)].any(axis=1)
    jobs = dict(list(groups["status_pekerjaan"]))
    table["income"] = [_income(jobs[key], a) for key, a in zip(table["family_key"], assisted, strict=True)]
    table["linkable"] = (table["size"] <= MAX_SIZE) & table[list(DWELLING.values())].notna().all(axis=1)
    table["no_kk_key"] = pseudonymise_series(table["no_kk"], nik_key)
    table = table.rename(columns={"status_keluarga": "desil_group", "family_kode": "kode_kelurahan"})
    return table.drop(columns=["no_kk", "family_key"])


def _group(family: dict) -> tuple[str, list[str]]:
    if family["fakir_miskin"]:
        return "dtsen", []
    if (family["desil_group"] or 5) <= 4 or any(family[n] for n in NEEDS):
        return "bantuan_lain", ["apbd"]
    return "tidak_miskin", []


def _note(family: dict, source: str, kelurahan_differs: str | None) -> str:
    needs = [NEED_LABELS[n] for n in NEEDS if family[n]]
    subsidies = [label for column, label in SUBSIDIES.items() if family[column]]
    parts = [
        f"Dari berkas verval Dinas Sosial {source}.",
        "Temuan, kelompok dan penghasilan diturunkan otomatis dari isian survei; periksa sebelum disetujui.",
        f"Status keluarga: {DESIL_GROUPS.get(family['desil_group'], 'tidak diketahui')}.",
        f"Kebutuhan: {', '.join(needs) if needs else 'tidak ada'}.",
        f"Subsidi: {', '.join(subsidies) if subsidies else 'tidak ada'}.",
        f"Daya listrik: {family['daya_listrik'] or 'tanpa meteran'}.",
    ]
    if kelurahan_differs:
        parts.append(f"{UNIT_TITLE} menurut Dinas Sosial: {kelurahan_differs}.")
    return " ".join(parts)[:MAX_NOTE]


def finding(family: dict, register: dict) -> str:
    """``dikoreksi`` when the survey's size or a dwelling class differs from the register's."""
    fields = ["size", *DWELLING.values()]
    return "dikoreksi" if any(register.get(f) != family[f] for f in fields) else "benar"


def visit_answers(family: dict, register: dict, source: str, kelurahan_differs: str | None = None) -> dict:
    """The visit form's answers for a linked family (``register``: its register values)."""
    group, referrals = _group(family)
    answers = {
        "outcome": "ditemukan",
        "programs": [p for c, p in PROGRAMS.items() if family[c]],
        "income": family["income"],
        "finding": finding(family, register),
        "group": group,
        "referrals": referrals,
        "support": "berdayakan" if family["n_working_age"] - family["n_disabled"] > 0 else "bantu",
        "note": _note(family, source, kelurahan_differs),
        **{k: int(family[k]) for k in ("size", "n_working_age", "n_disabled", "n_elderly", "n_out_of_school")},
        **{f: family[f] for f in DWELLING.values()},
        **{k: bool(family[k]) for k in INDICATORS},
    }
    if group == "tidak_miskin":
        answers["support"] = None
    return answers
