"""The agreement between the register's targeting and the field, as the page says it: one plain
sentence, the calibration table and what the figures mean (:mod:`analytics.verval.agreement`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.access.scope import User
from analytics.disclosure import Ratio, is_marker, suppress_linked
from analytics.formats import number, percent
from analytics.reference import REGION_KIND
from analytics.verval.agreement import MIN_BAND, MIN_CLASS, MIN_RECORDS, Agreement
from analytics.views import tables
from analytics.views.protection import NOTE, count_text, has_hidden, needs_protection
from analytics.views.selection import area_name

PREDICTORS = {
    "model": "peluang miskin menurut model SAE terbit pada garis yang dipilih",
    "observed": "pengeluaran tercatat di register (di bawah garis = peluang 1, di atas = 0)",
    "desil": "desil register (tahun ini tanpa model maupun pengeluaran tercatat)",
    "none": "ukuran register",
}
SAMPLE_NOTE = (
    "Keluarga yang dikunjungi dipilih dari daftar kerja (terutama yang diduga salah sasaran), bukan sampel acak: "
    f"angka ini menilai register pada keluarga yang diperiksa, bukan di seluruh {REGION_KIND}."
)
MEANING = (
    "AUC: peluang bahwa, dari satu keluarga yang ditemukan miskin dan satu yang tidak, register menempatkan yang "
    "miskin lebih tinggi (0,5 = sama dengan menebak, 1 = selalu benar; sekitar 0,8 ke atas baik, 0,7–0,8 cukup). "
    "Skor Brier: rata-rata kuadrat selisih peluang dengan temuan (1 miskin, 0 tidak); 0 = sempurna, menebak 50 % "
    "untuk semua keluarga memberi 0,25."
)


@dataclass(frozen=True)
class AgreementView:
    headline: str
    table: pd.DataFrame  # calibration per band; empty when there are too few families
    caption: str
    auc: float | None
    brier: float | None
    n: int


def _quality(auc: float) -> str:
    return "baik" if auc >= 0.8 else "cukup" if auc >= 0.7 else "lemah"


def _calibration(result: Agreement, user: User, hidden_total: bool = False) -> pd.DataFrame:
    """Bands under a total row (``kode`` '0', bands '0.1' …: the bands add up to it), protected
    for a pimpinan; a band's share of fewer than MIN_BAND families is not shown. ``hidden_total``:
    the targeting table hides the same families' count, so the total is hidden here too."""
    cal = result.calibration
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "band": ["Semua"],
                    "n": [cal["n"].sum()],
                    "found_poor": [cal["found_poor"].sum()],
                    "mean_predicted": [result.mean_predicted],
                }
            ),
            cal,
        ],
        ignore_index=True,
    )
    frame["kode"] = ["0", *[f"0.{i + 1}" for i in range(len(cal))]]
    frame["share"] = (frame["found_poor"] / frame["n"]).where(frame["n"] > 0)
    if needs_protection(user):
        frame = suppress_linked(
            frame,
            ["n"],
            implicit=["found_poor"],
            ratios=[Ratio("share", "found_poor", "n")],
            force=[("0", "n")] if hidden_total else (),
        )
    few = frame["n"].map(lambda v: not isinstance(v, str) and v < MIN_BAND)
    frame["share"] = frame["share"].where(~few, None)
    probabilistic = result.basis != "desil"
    out = {
        ("Rentang peluang" if probabilistic else "Desil register"): frame["band"],
        "Keluarga": tables.counts(frame["n"]),
    }
    if probabilistic:
        out["Rata-rata peluang register"] = tables.percents(
            frame["mean_predicted"].where(frame["n"].map(lambda v: isinstance(v, str) or v > 0)), 0
        )
    out["Ditemukan miskin"] = tables.percents(frame["share"], 0)
    return pd.DataFrame(out)


def _sentence(result: Agreement, table: pd.DataFrame, where: str, user: User) -> str:
    total = table.iloc[0]
    found = total["Ditemukan miskin"]
    # The total row's cells as the table shows them (protected for a pimpinan).
    text = (
        f"Dari **{total['Keluarga']}** keluarga di {where} yang ditemukan di rumah dengan catatan "
        f"disetujui, **{found}** ditemukan miskin menurut lapangan"
    )
    if result.mean_predicted is not None and not is_marker(found):
        text += f"; register memperkirakan rata-rata {percent(result.mean_predicted, 0)}"
    text += ". "
    if result.auc is None:
        text += (
            f"AUC tidak dihitung: perlu sedikitnya {MIN_CLASS} keluarga yang ditemukan miskin dan "
            f"{MIN_CLASS} yang tidak. "
        )
    else:
        pairs = round(result.auc * 100)
        text += (
            f"AUC **{number(result.auc, 2)}** ({_quality(result.auc)}): dari 100 pasangan satu keluarga miskin "
            f"dan satu tidak miskin menurut lapangan, register menempatkan yang miskin lebih tinggi pada sekitar "
            f"{pairs} pasangan. "
        )
    if result.brier is not None:
        text += f"Skor Brier **{number(result.brier, 2)}** (0 = sempurna; menebak 50 % memberi 0,25)."
    return text.strip()


def agreement_view(result: Agreement, area: str, user: User, hidden_total: bool = False) -> AgreementView:
    """The agreement of ``area``'s families (a pimpinan: the city) as a sentence and a table;
    ``hidden_total`` as in :func:`_calibration`."""
    where = area_name(area)
    predictor = PREDICTORS[result.basis]
    caption = (
        f"Dibandingkan: {predictor} dengan temuan lapangan. Miskin menurut lapangan: kelompok 'Miskin menurut "
        f"kriteria Kemensos' (DTSEN) atau fakir miskin (≥ 6 dari 8 indikator). {SAMPLE_NOTE}"
    )
    if not result.enough:
        many = "Belum ada" if result.n == 0 else f"Baru {count_text(result.n, user)}"
        headline = (
            f"{many} keluarga di {where} yang ditemukan di rumah dengan catatan disetujui; perlu sedikitnya "
            f"{MIN_RECORDS} untuk menilai kesesuaian register dengan temuan lapangan, jadi belum ada angka "
            "yang dapat ditampilkan."
        )
        return AgreementView(headline, pd.DataFrame(), caption, None, None, result.n)
    table = _calibration(result, user, hidden_total)
    caption += (
        f" {MEANING} Ditemukan miskin per rentang hanya bila rentang itu memuat sedikitnya {MIN_BAND} "
        "keluarga (–: lebih sedikit)."
    )
    if needs_protection(user):
        caption += f" Kesesuaian dihitung untuk seluruh {REGION_KIND}." + (f" {NOTE}" if has_hidden(table) else "")
    return AgreementView(_sentence(result, table, where, user), table, caption, result.auc, result.brier, result.n)
