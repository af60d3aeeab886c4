"""What every page says about where its poverty figures come from, and the page shown for a
year without any money measure of welfare (the *none* view).

Without expenditure (no survey model, no census of expenditure) the registers give a rank:
families by national desil from a proxy-means test. That page shows the rank honestly
(families and persons by desil, desil 1 and desil 1–4 shares per kelurahan, P3KE families),
beside BPS's official city P0, P1, P2, and says in one sentence why there is no kelurahan P1
or P2 and what data would allow it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import disclosure, sql
from analytics.access.scope import User
from analytics.disclosure import HIDDEN, is_marker
from analytics.formats import MISSING, bps_scale, number, percent
from analytics.labels import BPS_SCALE_NOTE, REFERENCE_KINDS, is_bps, label, marked
from analytics.model import published
from analytics.reference import REGION_CODE, REGION_KIND, UNIT, UNIT_TITLE
from analytics.views.protection import count_text, needs_protection
from analytics.views.selection import Selection, area_name, only_inside
from analytics.views.source import Source
from analytics.welfare.ranks import desil_distribution, desil_shares
from analytics.welfare.source import NO_WELFARE_SENTENCE, WelfareSource, welfare_source

__all__ = ["METHOD_NOTE", "RankPage", "source_note", "rank_page", "year_source"]

#: The method note, in plain Indonesian: what was estimated, from which data, how uncertain
#: it is and what it cannot say (README, briefing pack and SAE page use it).
METHOD_NOTE = (
    "Estimasi model (small-area estimation, SAE). Pengeluaran per kapita hanya diukur oleh survei Susenas BPS "
    "(beberapa ratus rumah tangga di satu kabupaten/kota), terlalu sedikit untuk menghitung kemiskinan per "
    f"{UNIT} secara langsung. Model menghubungkan pengeluaran rumah tangga survei dengan ciri-ciri yang juga "
    "tercatat untuk setiap keluarga di Regsosek (jumlah dan susunan anggota, pendidikan kepala keluarga, lantai, "
    "dinding, atap, air minum, jamban, listrik, bahan bakar memasak), lalu memperkirakan pengeluaran setiap "
    "keluarga berkali-kali (metode Empirical Best/Census EB, Molina dan Rao 2010, seperti paket R emdi dan "
    f"pedoman Bank Dunia 2022). Dari situ dihitung P0, P1 dan P2 per {UNIT}. Ketidakpastiannya diukur dengan "
    "bootstrap parametrik: setiap angka punya selang 90 % dan koefisien variasi (CV); sesuai kebiasaan BPS, CV ≤ "
    "25 % andal, 25–50 % dipakai dengan hati-hati, di atas 50 % tidak andal. Angka model bukan hasil pencacahan: "
    f"tidak menyebut siapa yang miskin, dan dua {UNIT} yang selangnya bertumpang tindih tidak dapat diurutkan "
    "dengan yakin. Peluang miskin setiap keluarga dipakai untuk memprioritaskan verifikasi lapangan, bukan untuk "
    "menetapkan penerima. Bila rekap daftar miskin ekstrem Dinas Sosial dimuat, jiwa dalam daftar itu dihitung di "
    "bawah garis kemiskinan ekstrem, tidak dimodelkan: survei beberapa ratus rumah tangga hampir tidak pernah "
    "memuat mereka."
)
SOURCE_NOTES = {
    "observed": "Sumber angka: pengeluaran per kapita yang tercatat untuk setiap keluarga.",
    "model": "Sumber angka: estimasi model (SAE) dari Susenas dan register keluarga (Regsosek; DTSEN sejak "
    "2025); angka berupa perkiraan dengan selang 90 % dan CV.",
    "none": "Tahun ini tanpa data pengeluaran: hanya peringkat desil register yang ditampilkan.",
}


def year_source(source: Source, year: int) -> WelfareSource:
    return source.get(welfare_source, year)


def source_note(source: Source, year: int) -> str:
    """One sentence for a page caption: where the year's P0 to P2 come from."""
    welfare = year_source(source, year)
    note = SOURCE_NOTES[welfare.kind]
    if welfare.is_model:
        run = source.get(published.run_row, welfare.run_id)
        note += f" Model yang diterbitkan analis memakai {number(run['n_survey'])} rumah tangga survei."
        if run.get("benchmark"):
            note += f" Dibenchmark: {run['benchmark']}."
    return note


@dataclass(frozen=True)
class RankMetric:
    label: str
    value: str
    caption: str


@dataclass(frozen=True)
class RankPage:
    """The *none* view of a year: BPS city figures, desil figures and why nothing more."""

    title: str
    sentence: str
    bps_metrics: list[RankMetric]
    rank_metrics: list[RankMetric]
    distribution: pd.DataFrame  # Desil, Keluarga, Penduduk (the area's families by desil, as text)
    chart: pd.DataFrame  # Desil and Keluarga as numbers (None where hidden) for the bar chart
    table: pd.DataFrame  # per kelurahan, Indonesian headers
    caption: str


#: What the desil figures are, said beside them and in the page's caption.
RANK_CAPTION = "Peringkat PMT (desil nasional), bukan angka kemiskinan"


def _bps_metrics(source: Source, year: int) -> list[RankMetric]:
    rows = sql.frame(source.cursor(), "reference/bps_year", {"year": year})
    row = rows.iloc[0] if not rows.empty else pd.Series(dtype=object)

    def metric(name, what, unit, fmt):
        value, kind = row.get(name), row.get(f"{name}_kind")
        if value is None or pd.isna(value):
            return RankMetric(f"{what} {REGION_KIND} (BPS{unit})", MISSING, f"BPS, tingkat {REGION_KIND}, {year}")
        if is_bps(kind):
            return RankMetric(f"{what} {REGION_KIND} (BPS{unit})", fmt(value), f"BPS, tingkat {REGION_KIND}, {year}")
        # A city-government statement is labelled as one, never as BPS's.
        caption = f"{label(REFERENCE_KINDS, kind)}, belum rilis BPS; sumber: {row.get(f'{name}_source')}"
        return RankMetric(
            f"{what} {REGION_KIND} ({label(REFERENCE_KINDS, kind)}{unit})", marked(fmt(value), kind), caption
        )

    return [
        metric("p0", "P0", "", percent),
        metric("p1", "P1", ", ×100", bps_scale),
        metric("p2", "P2", ", ×100", lambda v: bps_scale(v, 3)),
        metric("poor_persons", "Penduduk miskin", "", number),
    ]


def rank_page(source: Source, selection: Selection, user: User | None) -> RankPage:
    """The *none* view for the selection's year and area (aggregates only, no household)."""
    year = selection.year
    by_area = source.get(desil_shares, year, "kelurahan")
    area = source.get(desil_shares, year, "kota") if selection.area == REGION_CODE else None
    if area is None:
        level = "kecamatan" if selection.kelurahan is None else "kelurahan"
        area = source.get(desil_shares, year, level)
        area = area[area["kode"] == selection.area]
    row = area.iloc[0]
    protected = source.get(disclosure.protected_desil, year) if needs_protection(user) else None
    if protected is not None:  # every count and share from the one protected table of the year
        row = protected.set_index("kode").loc[selection.area]
        by_area = protected[protected["kode"].isin(by_area["kode"])]
    metrics = _rank_metrics(row, user)
    distribution = source.get(desil_distribution, year, selection.area)
    if protected is not None:
        distribution = _protected_distribution(distribution, row)
    distribution_counts = {c: [count_text(v, user) for v in distribution[c]] for c in ("families", "persons")}
    desil_names = distribution["desil"].map(lambda d: "tanpa desil" if pd.isna(d) else f"Desil {int(d)}")
    sentence = _no_welfare_sentence(source, year)
    shown = only_inside(by_area, selection.within, "kode")
    return RankPage(
        title=f"{area_name(selection.area)} {year}: peringkat kesejahteraan register",
        sentence=sentence,
        bps_metrics=_bps_metrics(source, year),
        rank_metrics=metrics,
        distribution=pd.DataFrame(
            {
                "Desil": desil_names,
                "Keluarga": distribution_counts["families"],
                "Penduduk": distribution_counts["persons"],
            }
        ),
        # A hidden count's bar is left out: its height would give the count back.
        chart=pd.DataFrame(
            {"Desil": desil_names, "Keluarga": [None if is_marker(v) else float(v) for v in distribution["families"]]}
        ),
        table=_rank_table(shown, user),
        caption=f"{RANK_CAPTION}. P0, P1 dan P2 hanya angka resmi BPS tingkat {REGION_KIND}. {BPS_SCALE_NOTE}. "
        "Sumber: analytics.welfare.ranks.desil_shares, desil_distribution.",
    )


def _rank_metrics(row: pd.Series, user: User | None) -> list[RankMetric]:
    """The area's families, desil 1 and desil 1–4 families (with their shares) and P3KE families."""
    return [
        RankMetric(
            "Keluarga di Regsosek", count_text(row["families"], user), f"{count_text(row['persons'], user)} jiwa"
        ),
        RankMetric(
            "Keluarga desil 1",
            count_text(row["families_desil_1"], user),
            f"{_share(row['families_desil_1'], row['share_desil_1'], user)} keluarga berperingkat",
        ),
        RankMetric(
            "Keluarga desil 1–4",
            count_text(row["families_desil_1_4"], user),
            f"{_share(row['families_desil_1_4'], row['share_desil_1_4'], user)} keluarga berperingkat",
        ),
        RankMetric("Keluarga P3KE", count_text(row["families_p3ke"], user), RANK_CAPTION),
    ]


def _no_welfare_sentence(source: Source, year: int) -> str:
    """Why there is no P1 or P2 per kelurahan, and, when the year's survey is in, how to get them."""
    survey = year_source(source, year).survey_households
    sentence = NO_WELFARE_SENTENCE
    if survey:
        sentence += (
            f" Survei tahun {year} sudah diimpor ({number(survey)} rumah tangga): analis dapat menjalankan "
            "dan menerbitkan modelnya di halaman Model SAE."
        )
    return sentence


def _protected_distribution(distribution: pd.DataFrame, row: pd.Series) -> pd.DataFrame:
    """The area's families and persons per desil as ``row`` of the protected table has them."""
    out = distribution.copy()
    desil = [0 if pd.isna(d) else int(d) for d in out["desil"]]
    for what in ("families", "persons"):
        out[what] = pd.Series([row[disclosure.desil_column(what, d)] for d in desil], index=out.index, dtype=object)
    return out


def _share(count, share, user) -> str:
    """A share, hidden (``x``) beside a hidden count: with the total it would give it back."""
    if is_marker(share) or is_marker(count):
        return HIDDEN
    return MISSING if pd.isna(share) else percent(share, 1)


def _rank_table(frame: pd.DataFrame, user: User | None) -> pd.DataFrame:
    def counts(column):
        return [count_text(v, user) for v in frame[column]]

    def shares(count, share):
        return [_share(c, s, user) for c, s in zip(frame[count], frame[share], strict=True)]

    return pd.DataFrame(
        {
            UNIT_TITLE: frame["nama"].to_numpy(),
            "Keluarga": counts("families"),
            "Penduduk": counts("persons"),
            "Keluarga desil 1": counts("families_desil_1"),
            "Desil 1 (% keluarga)": shares("families_desil_1", "share_desil_1"),
            "Keluarga desil 1–4": counts("families_desil_1_4"),
            "Desil 1–4 (% keluarga)": shares("families_desil_1_4", "share_desil_1_4"),
            "Keluarga P3KE": counts("families_p3ke"),
        }
    )
