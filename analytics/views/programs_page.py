"""Cakupan Program: whom the programs reach and miss, the two segments of poor families, the
families no program reaches (for field verification) and the transfer simulator."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import disclosure, simulation
from analytics import segments as segments_module
from analytics.access.scope import User
from analytics.disclosure import HIDDEN, is_marker
from analytics.formats import SCALE, bps_scale, delta_tone, number, percent, rupiah, signed
from analytics.labels import BPS_SCALE_NOTE, COORDINATES, ELIGIBILITY, PROGRAMS, SEGMENTS, YES_NO, label, line_text
from analytics.poverty.lines import resolve_line
from analytics.programs.coverage import coverage, uncovered_eligible
from analytics.reference import REGION_CODE, REGION_KIND, UNIT_TITLE
from analytics.summary import family_heads
from analytics.views import tables
from analytics.views.protection import (
    NOTE,
    area_figures,
    count_text,
    needs_protection,
    not_eligible_where_shown,
    protect_areas,
    protect_programs,
)
from analytics.views.selection import Selection, area_name, only_inside
from analytics.views.source import Source
from analytics.views.welfare_page import year_source
from analytics.welfare.source import NO_WELFARE_SENTENCE

RATES = ("coverage", "exclusion_error", "inclusion_error")
MODEL_COVERAGE_NOTE = (
    " Tahun ini tanpa pengeluaran tercatat: keluarga sasaran 'miskin' adalah perkiraan model (SAE), yaitu jumlah "
    "peluang miskin setiap keluarga, bukan hitungan keluarga yang diketahui miskin."
)
MODEL_HEADLINE_NOTE = (
    " Angka ini perkiraan model (jumlah peluang miskin keluarga); daftar keluarga di bawah memuat keluarga yang "
    "peluang miskinnya ≥ 50 %, sehingga jumlahnya lebih kecil."
)
MODEL_SEGMENT_NOTE = " Jumlah keluarga dan jiwa adalah perkiraan model (jumlah peluang miskin)."
MODEL_LIST_NOTE = (
    "Tanpa pengeluaran tercatat, daftar memuat keluarga yang menurut model lebih mungkin miskin daripada tidak "
    "(peluang ≥ 50 %), dari yang paling mungkin; peluang itu untuk memprioritaskan verifikasi, bukan untuk "
    "menetapkan penerima."
)
PROTECTED_NOTE = f" {NOTE} Persentase baris yang angkanya disembunyikan juga tidak ditampilkan (–)."


@dataclass(frozen=True)
class CoverageView:
    caption: str
    chart: pd.DataFrame  # program label, coverage and inclusion error in percent (None: hidden)
    by_program: pd.DataFrame
    by_kelurahan: pd.DataFrame
    note: str
    headline: str = ""  # the page's answer in one sentence (any program, the city)


@dataclass(frozen=True)
class SegmentsView:
    table: pd.DataFrame
    caption: str


@dataclass(frozen=True)
class UncoveredList:
    """Eligible families no program reaches, as the page lists them (masked NIK)."""

    shown: pd.DataFrame
    families: pd.DataFrame  # the rows behind it, with coordinates
    notes: list[str]
    export: pd.DataFrame  # the same list with numbers as numbers and coordinates, for Excel
    kinds: dict[str, str]  # number columns of ``export`` -> key of tables.LIST_KINDS
    title: str = "Keluarga sasaran tanpa program"  # what the count counts, and where

    @property
    def count(self) -> str:
        return number(len(self.shown))


@dataclass(frozen=True)
class SimulationView:
    metrics: list[tuple[str, str, str, str]]  # label, value after, delta text, its tone (delta_tone)
    caption: str


def eligibility_choices(user: User | None, welfare: str = "observed") -> list[str]:
    """A pimpinan's coverage figures are the protected ones of the briefing pack: poor
    families only (other breakdowns could be subtracted from each other). A year without a
    money measure has only the desil rule (nobody is known to be poor)."""
    if welfare == "none":
        return ["desil<=4"]
    return ["poor"] if needs_protection(user) else list(ELIGIBILITY)


def welfare_kind(source: Source, year: int) -> str:
    """'observed', 'model' or 'none': what the page can offer for the year."""
    return year_source(source, year).kind


def program_choices(user: User | None) -> list[str]:
    return ["any"] if needs_protection(user) else list(PROGRAMS)


def simulator_offered(user: User | None, welfare: str = "observed") -> bool:
    """Not for a protected role: runs that differ by one family would give that family's size back;
    not for a verifikator (a city-wide planning tool, not its kelurahan's work); not without a
    money measure (nothing to add a transfer to)."""
    verifikator = user is not None and user.role == "verifikator"
    return not needs_protection(user) and not verifikator and welfare != "none"


def coverage_view(source: Source, selection: Selection, eligible: str, program: str, user: User | None):
    year, line = selection.year, selection.line
    pl = source.get(resolve_line, year, line)
    by_program = source.get(coverage, year, "kota", "all", eligible, line)
    by_program = not_eligible_where_shown(protect_programs(source, by_program, user, year, line), user)
    by_kel = source.get(coverage, year, "kelurahan", program, eligible, line)
    by_kel = protect_areas(
        source, by_kel, user, year, line, ["eligible_families", "covered_eligible", "recipients", *RATES]
    )
    by_kel = only_inside(not_eligible_where_shown(by_kel, user), selection.within)
    names = by_program["program"].map(lambda p: label(PROGRAMS, p))
    model = year_source(source, year).is_model and eligible != "desil<=4"
    return CoverageView(
        caption=f"Keluarga dihitung per keluarga (bukan jiwa); {line_text(pl)}."
        + (MODEL_COVERAGE_NOTE if model else ""),
        chart=pd.DataFrame(
            {
                "program": names,
                "coverage": pd.to_numeric(by_program["coverage"], errors="coerce") * SCALE,
                "inclusion_error": pd.to_numeric(by_program["inclusion_error"], errors="coerce") * SCALE,
            }
        ),
        by_program=_coverage_table(by_program.assign(program=names), "Program", "program"),
        by_kelurahan=_coverage_table(by_kel, UNIT_TITLE, "nama"),
        note="Sumber: analytics.programs.coverage.coverage. Eksklusi = sasaran yang tidak menerima; "
        "inklusi = penerima yang bukan sasaran." + (PROTECTED_NOTE if needs_protection(user) else ""),
        headline=_coverage_headline(
            _area_any_row(source, selection, eligible, user, by_program), eligible, selection, user
        )
        + (MODEL_HEADLINE_NOTE if model and not needs_protection(user) else ""),
    )


def _area_any_row(source: Source, selection: Selection, eligible: str, user: User | None, by_program: pd.DataFrame):
    """The 'any program' row of the sidebar's area: the city's from ``by_program``, a kecamatan's
    or kelurahan's from the coverage of its level (protected as the tables below are)."""
    if selection.area == REGION_CODE:
        return by_program[by_program["program"] == "any"]
    year, line = selection.year, selection.line
    level = "kelurahan" if selection.kelurahan else "kecamatan"
    rows = source.get(coverage, year, level, "any", eligible, line)
    rows = protect_areas(
        source, rows, user, year, line, ["eligible_families", "covered_eligible", "recipients", *RATES]
    )
    return not_eligible_where_shown(rows, user).loc[lambda f: f["kode"] == selection.area]


def _coverage_headline(row: pd.DataFrame, eligible: str, selection: Selection, user: User | None) -> str:
    """'Tahun 2024, di Api-Api, program apa pun menjangkau 1.234 dari 2.000 keluarga miskin
    (61,7 %); 766 belum menerima.' for the sidebar's area (its 'any program' row)."""
    year = selection.year
    if row.empty:
        return ""
    row = row.iloc[0]
    who = ELIGIBILITY[eligible].lower().replace(" (", ", ").rstrip(")")
    covered, families = count_text(row["covered_eligible"], user), count_text(row["eligible_families"], user)
    share = row["coverage"] if is_marker(row["coverage"]) else percent(row["coverage"], 1)
    # Not reached = eligible − covered; hidden when either is (a shown difference of two shown
    # counts gives nothing away that they do not).
    hidden = is_marker(row["eligible_families"]) or is_marker(row["covered_eligible"])
    missing = HIDDEN if hidden else row["eligible_families"] - row["covered_eligible"]
    return (
        f"Tahun {year}, di {selection.area_name}, program apa pun menjangkau **{covered}** dari {families} "
        f"keluarga sasaran ({who}): "
        f"**{share}**; **{count_text(missing, user)}** keluarga sasaran belum menerima program apa pun."
    )


def _coverage_table(frame: pd.DataFrame, first: str, first_column: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            first: frame[first_column],
            "Keluarga sasaran": tables.counts(frame["eligible_families"]),
            "Sasaran terjangkau": tables.counts(frame["covered_eligible"]),
            "Cakupan": tables.percents(frame["coverage"]),
            "Kesalahan eksklusi": tables.percents(frame["exclusion_error"]),
            "Penerima": tables.counts(frame["recipients"]),
            "Penerima bukan sasaran": tables.counts(frame["recipients_not_eligible"]),
            "Kesalahan inklusi": tables.percents(frame["inclusion_error"]),
        }
    )


def segments_view(source: Source, selection: Selection, user: User | None) -> SegmentsView:
    year, line = selection.year, selection.line
    if year_source(source, year).kind == "none":
        return SegmentsView(
            pd.DataFrame(), f"Segmen keluarga miskin memerlukan ukuran pengeluaran. {NO_WELFARE_SENTENCE}"
        )
    by = "kelurahan" if selection.within or selection.kelurahan else "kota"
    seg = source.get(segments_module.segments, year, by, line)
    if selection.kelurahan:
        seg = seg[seg["kode"] == selection.kelurahan]
    else:
        seg = only_inside(seg, selection.within)
    if needs_protection(user):
        seg = _protect_segments(source, seg, year, line)
    table = pd.DataFrame(
        {
            "Wilayah": seg["nama"],
            "Segmen": seg["segment"].map(lambda s: label(SEGMENTS, s)),
            "Keluarga": tables.counts(seg["families"]),
            "Jiwa": tables.counts(seg["persons"]),
            "Sumbangan ke P1 (×100)": tables.shares(seg["gap_contribution"], bps_scale),
            "Bagian dari P1": tables.percents(seg["p1_share"]),
            "Sumbangan ke P2 (×100)": tables.shares(seg["p2_contribution"], lambda v: bps_scale(v, 3)),
        }
    )
    caption = (
        "Diberdayakan: keluarga miskin dengan anggota usia kerja yang tidak disabilitas (program peningkatan "
        f"pendapatan); dibantu: selebihnya (bantuan pengurang beban). {BPS_SCALE_NOTE}. Sumber: "
        "analytics.segments.segments."
        + (f" {NOTE}" if needs_protection(user) else "")
        + (MODEL_SEGMENT_NOTE if year_source(source, year).is_model else "")
    )
    return SegmentsView(table, caption)


def _protect_segments(source: Source, seg: pd.DataFrame, year: int, line) -> pd.DataFrame:
    """The segments' counts from the one protected model, derived figures hidden with them."""
    return disclosure.protect_segments(seg, area_figures(source, year, line))


def uncovered_list(
    source: Source, selection: Selection, eligible: str, kelurahan: str | None, segment: str | None, user: User
) -> UncoveredList:
    """Eligible families without any program, with the head's name and masked NIK; the query
    refuses what is outside ``user``'s household scope."""
    families = source.get(
        uncovered_eligible,
        selection.year,
        eligible,
        selection.line,
        kode_kelurahan=kelurahan,
        segment=segment,
        user=user,
    )
    if selection.within is not None:
        families = families[families["kode_kecamatan"] == selection.within]
    heads = source.get(family_heads, selection.year, tuple(families["family_id"]), user=user)
    families = families.merge(heads, on="family_id", how="left")
    model = year_source(source, selection.year).is_model
    welfare_columns = {"Pengeluaran per kapita": families["expenditure_pc"], "Kesenjangan thd garis": families["gap"]}
    kinds = {"Jiwa": "int", "Pengeluaran per kapita": "rp", "Kesenjangan thd garis": "pct1", "Desil": "int"}
    if model:
        welfare_columns = {"Peluang miskin (model)": families["probability"]}
        kinds = {"Jiwa": "int", "Peluang miskin (model)": "pct0", "Desil": "int"}
    export = pd.DataFrame(
        {
            "ID keluarga": families["family_id"],
            "Nama kepala keluarga": families["head_name"].fillna("–"),
            "NIK (disamarkan)": families["nik_masked"].fillna("–"),
            UNIT_TITLE: families["kelurahan"],
            "Jiwa": families["size"],
            **welfare_columns,
            "Segmen": families["segment"].map(lambda s: label(SEGMENTS, s)),
            "Desil": families["desil"].astype("Float64"),
            "Di DTKS/DTSEN": families["in_dtks"].map(YES_NO),
            "Di P3KE": families["in_p3ke"].map(YES_NO),
            "Koordinat": families["coord_status"].map(lambda s: label(COORDINATES, s)),
        }
    )
    pl = source.get(resolve_line, selection.year, selection.line)
    notes = [
        f"Daftar keluarga sasaran ({ELIGIBILITY[eligible].lower()}) tahun {selection.year} "
        "yang tidak menerima program apa pun.",
        f"Dasar: {line_text(pl)}. Sumber: analytics.programs.coverage.uncovered_eligible.",
        "NIK disamarkan (6 digit pertama); NIK lengkap tidak pernah diekspor dari dasbor.",
        "Nama kepala keluarga dari P3KE/DTKS, atau dari Regsosek bila keluarga tidak ada di keduanya.",
    ]
    if model and eligible != "desil<=4":
        notes.insert(1, MODEL_LIST_NOTE)
    shown = tables.as_text(export, kinds)
    export = export.assign(Latitude=families["lat"].to_numpy(), Longitude=families["lon"].to_numpy())
    place = area_name(kelurahan or user.kelurahan or selection.within or REGION_CODE)
    who = "Keluarga berpeluang miskin ≥ 50 %" if model and eligible != "desil<=4" else "Keluarga sasaran"
    return UncoveredList(shown, families, notes, export, kinds, f"{who} tanpa program, {place}")


def simulate(source: Source, selection: Selection, amount: float, target: str, size: int, rule: str):
    """The transfer simulator: ``target`` 'jumlah' reaches ``size`` families, 'anggaran' spends
    ``size`` rupiah per month."""
    result = source.get(
        simulation.simulate_transfer,
        selection.year,
        amount,
        size if target == "jumlah" else None,
        float(size) if target == "anggaran" else None,
        rule,
        selection.line,
    )
    table = result.table.set_index("measure")
    metrics = []
    for measure, name, fmt in (
        ("p0", "P0", percent),
        ("p1", "P1 (×100)", bps_scale),
        ("p2", "P2 (×100)", lambda v: bps_scale(v, 3)),
    ):
        row = table.loc[measure]
        delta = f"{signed(row['change'] * SCALE, 3)} dari {fmt(row['before'])}"
        metrics.append((f"{name} sesudah", fmt(row["after"]), delta, delta_tone(delta)))
    per_point = result.cost_per_p2_point
    caption = (
        f"{number(result.families_reached)} keluarga ({number(result.persons_reached)} jiwa) menerima "
        f"{rupiah(result.amount)} per bulan; biaya {rupiah(result.cost_per_month)} per bulan; "
        f"biaya per 0,01 poin P2: {rupiah(per_point) if pd.notna(per_point) else '–'}. "
        f"Sumber: analytics.simulation.simulate_transfer ({REGION_KIND})."
    )
    if result.method == "model":

        def bounds(m: str) -> str:
            low, high = (signed(table.loc[m, f"change_{b}"] * SCALE, 3) for b in ("lower", "upper"))
            return f"{low} s.d. {high}"

        names = (("p0", "P0 (poin persen)"), ("p1", "P1 (×100)"), ("p2", "P2 (×100)"))
        ranges = "; ".join(f"{name} {bounds(m)}" for m, name in names)
        caption += (
            " Tanpa pengeluaran tercatat, simulasi dijalankan pada 100 tarikan Monte Carlo dari model SAE terbit; "
            f"keluarga dijangkau dari yang paling mungkin miskin. Selang 90 % perubahan: {ranges}."
        )
    if result.counted_persons:
        caption += (
            f" {number(result.counted_persons)} jiwa dalam rekap daftar miskin ekstrem Dinas Sosial dihitung di garis "
            "ekstrem sebelum dan sesudah: rekap tidak menyebut keluarganya, jadi simulasi tidak dapat memberi mereka "
            "bantuan; bantuan yang menjangkau mereka menurunkan P1 dan P2 lebih banyak dari yang tampak di sini."
        )
    return SimulationView(metrics, caption)
