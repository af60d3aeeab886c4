"""One plain verdict on a model run for the analyst (issue 27, point 10): can its kelurahan
estimates be published, and with what caveat, read from the diagnostics the page shows.

Three checks, each a sentence:

* precision: how many kelurahan have a P0 the BPS rule calls reliable (CV ≤ 25 %), usable with
  caution (25–50 %) or unreliable (> 50 %);
* agreement with the survey: the direct (Hájek) estimate of a sampled kelurahan rests on a few
  households, so a model outside the direct's 90 % interval is expected now and then, but a
  direct estimate above (or below) the model in nearly every kelurahan is not chance: the model
  is then biased for those kelurahan, and the city figure to quote stays BPS's;
* whether BPS's city figure can be matched (benchmarking);
* whether one surveyed household alone moves the region's P0 by a tenth (analytics.sae.influence):
  the figure then rests on that household's record, which the analyst checks first.

The verdict is "dapat diterbitkan", "dapat diterbitkan dengan catatan" or "belum layak
diterbitkan".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from analytics.formats import number, percent
from analytics.reference import REGION_KIND, UNIT, UNIT_TITLE
from analytics.sae.influence import INFLUENTIAL_SHARE

#: z of a two-sided 90 % interval.
Z90 = 1.6449
#: A sign test below this p-value calls the direct estimates systematically on one side.
SIGN_P = 0.05
#: Shares of kelurahan (of all) with an unreliable P0 that make a run unpublishable / a caveat.
UNRELIABLE_BLOCK, UNRELIABLE_CAVEAT = 0.5, 0.0


@dataclass(frozen=True)
class Verdict:
    level: str  # 'publish' | 'caveat' | 'hold'
    headline: str
    reasons: list[str]

    @property
    def text(self) -> str:
        return " ".join([self.headline, *self.reasons])


HEADLINES = {
    "publish": f"Putusan: estimasi per {UNIT} dapat diterbitkan.",
    "caveat": f"Putusan: estimasi per {UNIT} dapat diterbitkan dengan catatan di bawah.",
    "hold": f"Putusan: estimasi per {UNIT} belum layak diterbitkan.",
}


def precision_sentence(reliability: pd.Series) -> tuple[str, float]:
    """'Ketepatan P0: 12 dari 15 kelurahan andal ...' and the share of kelurahan whose P0 is unreliable.

    >>> precision_sentence(pd.Series(["reliable", "reliable", "caution", "unreliable"]))[0]
    'Ketepatan P0: 2 dari 4 kelurahan andal (CV ≤ 25 %), 1 hati-hati (25–50 %), 1 tidak andal (> 50 %).'
    """
    counts = reliability.value_counts()
    total = int(len(reliability))
    reliable, caution, unreliable = (int(counts.get(k, 0)) for k in ("reliable", "caution", "unreliable"))
    text = (
        f"Ketepatan P0: {reliable} dari {total} {UNIT} andal (CV ≤ 25 %), {caution} hati-hati (25–50 %), "
        f"{unreliable} tidak andal (> 50 %)."
    )
    return text, (unreliable / total if total else 0.0)


def agreement_sentences(direct: pd.DataFrame) -> tuple[list[str], bool]:
    """Sentences on the model beside the direct estimates (columns model, direct, cv_direct of
    the sampled kelurahan, official line, P0) and whether they disagree systematically."""
    # A run without any direct estimate stores an empty list: a frame without columns.
    rows = direct.dropna(subset=["model", "direct"]) if len(direct) else direct
    n = int(len(rows))
    if n == 0:
        return [f"Tidak ada {UNIT} tersampel dengan estimasi langsung untuk dibandingkan."], False
    above = int((rows["direct"] > rows["model"]).sum())
    below = int((rows["direct"] < rows["model"]).sum())
    half_width = Z90 * rows["cv_direct"].fillna(math.inf) * rows["direct"].abs()
    inside = int(((rows["model"] - rows["direct"]).abs() <= half_width).sum())
    sign_p = stats.binomtest(max(above, below), above + below, 0.5).pvalue if above + below else 1.0
    systematic = above + below >= 5 and sign_p < SIGN_P
    gap = float((rows["direct"] - rows["model"]).mean())
    out = [
        f"Model berada di dalam selang 90 % estimasi langsung survei di {inside} dari {n} {UNIT} yang dapat "
        "dibandingkan; "
        f"estimasi langsung bersandar pada sedikit rumah tangga per {UNIT}, jadi selisih satu-dua {UNIT} "
        "wajar."
    ]
    if systematic:
        side = "lebih tinggi" if above > below else "lebih rendah"
        out.append(
            f"Namun estimasi langsung {side} daripada model di {max(above, below)} dari {n} {UNIT} (rata-rata "
            f"selisih {number(abs(gap) * 100, 2)} poin persen): itu bukan kebetulan (uji tanda p = "
            f"{number(sign_p, 3)}). Model kemungkinan menaksir P0 terlalu "
            f"{'rendah' if above > below else 'tinggi'}: periksa kovariat atau jalankan dengan benchmarking ke "
            f"angka {REGION_KIND} BPS sebelum menerbitkan, dan sebutkan catatan ini bila tetap diterbitkan."
        )
    else:
        out.append(
            f"Estimasi langsung di atas model di {above} dan di bawahnya di {below} {UNIT}: tidak ada arah yang "
            "tetap, jadi model tidak tampak berat sebelah."
        )
    return out, systematic


def verdict(
    reliability: pd.Series,
    direct: pd.DataFrame,
    benchmarked: bool,
    names: pd.Series | None = None,
    influential: int = 0,
    set_aside: int = 0,
) -> Verdict:
    """The run's verdict from its kelurahan P0 reliability classes (``names``: the kelurahan of
    each, to name the unreliable ones), its model-direct table and the number of influential
    survey households (and of those the analyst left out)."""
    precision, unreliable = precision_sentence(reliability)
    agreement, systematic = agreement_sentences(direct)
    quote = f"Angka {REGION_KIND} yang dikutip tetap angka BPS; model membagi angka itu ke {UNIT}" + (
        f" (dibenchmark ke angka {REGION_KIND} BPS)."
        if benchmarked
        else f", tanpa benchmarking ke angka {REGION_KIND} BPS."
    )
    if unreliable > UNRELIABLE_BLOCK:
        level = "hold"
    elif systematic and not benchmarked or unreliable > UNRELIABLE_CAVEAT or influential or set_aside:
        level = "caveat"
    else:
        level = "publish"
    reasons = [precision, *agreement, quote]
    if influential:
        reasons.append(
            f"{influential} rumah tangga survei yang masing-masing, bila disisihkan, menggeser P0 {REGION_KIND} "
            f"{percent(INFLUENTIAL_SHARE, 0)} dari angkanya atau lebih (lihat peringatan di bawah): periksa "
            "isiannya sebelum menerbitkan."
        )
    if set_aside:
        reasons.append(
            f"{set_aside} rumah tangga survei disisihkan dari model atas pilihan analis (lihat catatan di bawah); "
            "sebutkan bersama angkanya."
        )
    if unreliable > UNRELIABLE_CAVEAT:
        which = ""
        if names is not None:
            which = ": " + ", ".join(str(n) for n, r in zip(names, reliability, strict=True) if r == "unreliable")
        reasons.append(
            f"{UNIT_TITLE} yang P0-nya tidak andal ({percent(unreliable, 0)} dari semua{which}) ditampilkan pucat di "
            "peta; angkanya tidak dikutip sendiri dan tidak dipakai untuk mengurutkan."
        )
    return Verdict(level, HEADLINES[level], reasons)
