"""Hasil verval lapangan: what the approved verval records change, for the Cakupan Program page.

Three parts, each a headline sentence and a table: targeting figures from approved field
findings beside the register's (:func:`targeting`), how well the register's probability of
being poor agrees with what the field found (:func:`agreement_view`), and the progress and
outcomes per kelurahan, and per RT of a chosen kelurahan (:func:`progress`).

A verifikator sees its own kelurahan only. A pimpinan sees the counts protected as every
aggregate elsewhere (:func:`protected_counts`: small counts and the cells that would give them
back all shown ``x``, over the city, kecamatan and kelurahan and both published lines at once),
no RT rows (nearly every RT count is below 10), and the agreement of the whole city only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.access.scope import User, household_scope
from analytics.disclosure import HIDDEN, Ratio, Sum, is_marker, suppress_linked
from analytics.errors import DataError
from analytics.formats import percent
from analytics.reference import REGION_CODE
from analytics.summary import area_level
from analytics.verval import agreement as agreement_module
from analytics.verval.outcomes import COUNTS, GROUP_COLUMNS, OUTCOME_COLUMNS, area_counts, outcome_families, rt_counts
from analytics.views import tables
from analytics.views.protection import NOTE, area_figures, count_text, needs_protection
from analytics.views.selection import Selection, area_name, inside
from analytics.views.source import Source
from analytics.views.verval_agreement import AgreementView, agreement_view
from analytics.views.welfare_page import year_source

FIELD_POOR_NOTE = (
    "Miskin menurut temuan lapangan: kelompok 'Miskin menurut kriteria Kemensos' (diusulkan ke DTSEN) atau memenuhi "
    "sedikitnya 6 dari 8 indikator Kemensos (fakir miskin). Tanpa program: tidak menerima satu pun dari tujuh program "
    "yang dicatat register (PKH, Sembako, PBI-JK, BST, BPUM, Prakerja, KUR) menurut temuan lapangan."
)
PROGRESS_COLUMNS = {
    "worklist": "Keluarga di daftar kerja",
    "visited": "Sudah dikunjungi",
    "visited_share": "Dikunjungi (%)",
    "approved": "Disetujui",
    "outside": "Catatan di luar daftar kerja",
}
OUTCOME_HEADERS = {
    "approved_all": "Semua catatan disetujui",
    "found": "Ditemukan",
    "not_found": "Tidak ditemukan",
    "moved": "Pindah",
    "died": "Meninggal",
    "refused": "Menolak",
    "dtsen": "Miskin kriteria Kemensos (DTSEN)",
    "other_help": "Perlu bantuan lain (APBD/TJSL/BAZNAS)",
    "not_poor": "Tidak miskin",
    "fakir_miskin": "Fakir miskin (≥ 6 indikator)",
    "to_correct": "Data register perlu dikoreksi",
}


@dataclass(frozen=True)
class ProgressView:
    """Per area (``by_area``: the area chosen first, then its kelurahan) and per RT of a chosen
    kelurahan (``by_rt``, empty for a pimpinan or without a kelurahan)."""

    progress: pd.DataFrame
    outcomes: pd.DataFrame
    rt_progress: pd.DataFrame
    rt_outcomes: pd.DataFrame
    caption: str


@dataclass(frozen=True)
class VervalOutcomes:
    headline: str
    targeting: pd.DataFrame  # Sumber, Keluarga, Ukuran
    targeting_caption: str
    agreement: AgreementView
    progress: ProgressView


def _families(con, db_path: str, stamp: str, year: int, line):
    # ``stamp`` (the verval store's modification) is only part of the memo key.
    return outcome_families(con, db_path, year, line)


#: Counts of the worklist, which depends on the line; every other count is the same on both lines.
LINE_COUNTS = ("worklist", "visited", "approved", "outside", "desil1_no_program")
PUBLISHED_LINES = ("official", "extreme")


def protected_counts(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """:func:`analytics.verval.outcomes.area_counts` of both published lines (with
    ``visited_share``), protected together: the counts the lines share are one cell, so a cell
    hidden on one line is hidden on the other; the approved records outside the worklist
    (``approved_all`` - ``approved``) are protected too; every hidden cell is ``x``, small ones
    too (beside ``<10`` an ``x`` is known to be 0 or at least 10)."""
    first = next(iter(tables.values()))
    wide = first[[c for c in first.columns if c not in (*LINE_COUNTS, "visited_share")]].copy()
    counts = [c for c in COUNTS if c not in LINE_COUNTS]
    sums = [Sum("approved_all", tuple(OUTCOME_COLUMNS.values())), Sum("found", tuple(GROUP_COLUMNS.values()))]
    ratios, implicit = [], []
    for line, table in tables.items():
        named = {c: f"{c}@{line}" for c in (*LINE_COUNTS, "visited_share")}
        wide = wide.join(table.set_index("kode")[list(named)].rename(columns=named), on="kode")
        wide[f"approved_outside@{line}"] = wide["approved_all"] - wide[named["approved"]]
        counts += [named[c] for c in LINE_COUNTS]
        implicit.append(f"approved_outside@{line}")
        sums.append(Sum("approved_all", (named["approved"], f"approved_outside@{line}")))
        ratios.append(Ratio(named["visited_share"], named["visited"], named["worklist"]))
    hidden = suppress_linked(wide, counts, implicit=implicit, sums=sums, ratios=ratios)
    shown = [*counts, *(f"visited_share@{line}" for line in tables)]
    hidden[shown] = hidden[shown].map(lambda v: HIDDEN if is_marker(v) else v)
    return {line: _one_line(hidden, line) for line in tables}


def _one_line(wide: pd.DataFrame, line: str) -> pd.DataFrame:
    named = {f"{c}@{line}": c for c in (*LINE_COUNTS, "visited_share")}
    own = wide.rename(columns=named)
    return own[[c for c in own.columns if "@" not in c]]


def _counts(source: Source, db_path: str, stamp: str, year: int, line) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = source.get(_families, db_path, stamp, year, line)
    table = area_counts(frame)
    table["visited_share"] = (table["visited"] / table["worklist"]).where(table["worklist"] > 0)
    return frame, table


def _area_table(source: Source, db_path: str, stamp: str, selection: Selection, user: User):
    frame, table = _counts(source, db_path, stamp, selection.year, selection.line)
    if not needs_protection(user):
        return frame, table
    # A pimpinan chooses only the published lines; both are protected as one release.
    tables = {}
    for line in PUBLISHED_LINES:
        try:
            tables[line] = (
                table if line == selection.line_kind else _counts(source, db_path, stamp, selection.year, line)[1]
            )
        except DataError:  # a line the year does not have is not shown either
            continue
    return frame, protected_counts(tables)[selection.line_kind]


def _area(selection: Selection, user: User) -> str:
    """The area the section speaks of: a verifikator's kelurahan, the city for a pimpinan's
    agreement aside, else the sidebar's choice."""
    if user is not None and user.role == "verifikator":
        return household_scope(user, selection.kelurahan)
    return selection.area


def build(source: Source, db_path: str, stamp: str, selection: Selection, user: User) -> VervalOutcomes:
    """The section for ``selection`` and ``user`` (module doc)."""
    area = _area(selection, user)
    frame, table = _area_table(source, db_path, stamp, selection, user)
    row = table.set_index("kode").loc[area]
    target, target_caption = targeting(source, selection, area, row, user)
    protected = needs_protection(user)
    compared = frame if protected else frame[inside(frame["kode_kelurahan"], area)]
    kind = year_source(source, selection.year).kind
    # The families found at home are counted in both tables: hidden in one, hidden in the other.
    hidden_total = protected and is_marker(table.set_index("kode").loc[REGION_CODE, "found"])
    agreed = agreement_view(
        agreement_module.agreement(compared, kind), REGION_CODE if protected else area, user, hidden_total
    )
    return VervalOutcomes(
        _headline(selection.year, area, row, user), target, target_caption, agreed, progress(frame, table, area, user)
    )


def _headline(year: int, area: str, row: pd.Series, user: User) -> str:
    if row["worklist"] == 0 and row["approved_all"] == 0:
        return f"Tahun {year}, {area_name(area)} belum memiliki daftar kerja maupun catatan verval."
    share = row["visited_share"]
    share = share if is_marker(share) else "–" if pd.isna(share) else percent(share, 1)
    return (
        f"Tahun {year} di {area_name(area)}: **{count_text(row['visited'], user)}** dari "
        f"{count_text(row['worklist'], user)} keluarga di daftar kerja sudah dikunjungi ({share}); "
        f"**{count_text(row['approved_all'], user)}** catatan disetujui, dan lapangan mengonfirmasi "
        f"**{count_text(row['poor_no_program'], user)}** keluarga miskin tanpa program."
    )


def _register_uncovered(source: Source, selection: Selection, area: str, user: User):
    """Poor families without a program by the register (observed count or model expectation) in
    ``area``; None for a year without a money measure or line."""
    from analytics.programs.coverage import coverage

    try:
        if needs_protection(user):
            figures = area_figures(source, selection.year, selection.line)
            return None if figures is None else figures.set_index("kode").loc[area, "uncovered"]
        cov = source.get(coverage, selection.year, area_level(area), "any", "poor", selection.line).set_index("kode")
        return cov.loc[area, "eligible_families"] - cov.loc[area, "covered_eligible"]
    except DataError:
        return None


def targeting(source: Source, selection: Selection, area: str, row: pd.Series, user: User):
    """The register's targeting figures and the approved field findings of ``area``."""
    kind = year_source(source, selection.year).kind
    field = "Lapangan (disetujui)"
    rows = []
    uncovered = _register_uncovered(source, selection, area, user)
    if uncovered is not None:
        basis = "Register (model SAE)" if kind == "model" else "Register (pengeluaran)"
        rows.append((basis, "Keluarga miskin tanpa program", uncovered))
    rows += [
        ("Register (desil)", "Keluarga desil 1 tanpa program", row["desil1_no_program"]),
        (field, "Keluarga miskin terkonfirmasi lapangan tanpa program", row["poor_no_program"]),
        (field, "Keluarga miskin terkonfirmasi lapangan belum di DTKS", row["poor_not_in_dtks"]),
        (field, "Penerima program yang ditemukan tidak miskin", row["not_poor_with_program"]),
        (field, "Keluarga ditemukan di rumah (dasar angka lapangan)", row["found"]),
    ]
    # The short source first and the figure next to it: on a phone the long label is what scrolls.
    table = pd.DataFrame(rows, columns=["Sumber", "Ukuran", "Keluarga"])[["Sumber", "Keluarga", "Ukuran"]]
    table["Keluarga"] = [count_text(v if isinstance(v, str) else round(float(v)), user) for v in table["Keluarga"]]
    caption = (
        f"Temuan lapangan hanya dari catatan verval tahun {selection.year} yang sudah disetujui Analis atau "
        f"Administrator; catatan yang masih diajukan atau dikembalikan tidak dihitung. {FIELD_POOR_NOTE} "
        "Angka register mencakup seluruh keluarga (model SAE: jumlah peluang miskin, sebuah perkiraan); angka "
        "lapangan hanya keluarga yang sudah dikunjungi."
    )
    if needs_protection(user):
        caption += f" {NOTE}"
    return table, caption


def progress(frame: pd.DataFrame, table: pd.DataFrame, area: str, user: User) -> ProgressView:
    """Progress and outcomes of ``area`` and its kelurahan (a verifikator: its own), and of the
    RTs of a chosen kelurahan for a role with household access."""
    kelurahan = table[table["kode"].str.count(r"\.") == 3]
    shown = table[table["kode"] == area]
    if area.count(".") < 3:
        shown = pd.concat([shown, kelurahan[inside(kelurahan["kode"], area)]])
    shown = shown.assign(Wilayah=shown["kode"].map(area_name))
    rt_progress = rt_outcomes = pd.DataFrame()
    if area.count(".") == 3 and not needs_protection(user):
        rts = rt_counts(frame, area)
        rts["visited_share"] = (rts["visited"] / rts["worklist"]).where(rts["worklist"] > 0)
        rts = rts.assign(Wilayah="RT " + rts["rt"])
        rt_progress, rt_outcomes = _progress_table(rts), _outcome_table(rts)
    caption = (
        "Daftar kerja: keluarga yang perlu dikunjungi (halaman Verval). Dikunjungi: ada catatan kunjungan "
        "(apa pun statusnya); hasil, kelompok dan temuan hanya dari catatan yang disetujui. Catatan di luar "
        "daftar kerja: keluarga yang dicatat (misalnya lewat impor) tanpa ada di daftar kerja tahun ini."
    )
    if needs_protection(user):
        caption += f" Rincian per RT hanya untuk peran dengan akses data keluarga. {NOTE}"
    return ProgressView(_progress_table(shown), _outcome_table(shown), rt_progress, rt_outcomes, caption)


def _progress_table(rows: pd.DataFrame) -> pd.DataFrame:
    out = {"Wilayah": rows["Wilayah"]}
    for column, header in PROGRESS_COLUMNS.items():
        out[header] = tables.percents(rows[column]) if column == "visited_share" else tables.counts(rows[column])
    return pd.DataFrame(out).reset_index(drop=True)


def _outcome_table(rows: pd.DataFrame) -> pd.DataFrame:
    out = {"Wilayah": rows["Wilayah"], **{h: tables.counts(rows[c]) for c, h in OUTCOME_HEADERS.items()}}
    return pd.DataFrame(out).reset_index(drop=True)
