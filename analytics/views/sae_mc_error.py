"""The Monte Carlo error of a run, in words for the Model SAE page.

Every figure of a run is a simulation with a fixed seed (:mod:`analytics.sae.monte_carlo_error`):
the page says how far another seed could move the kelurahan P0 and P2 and their MSE, whether
``L`` and ``B`` meet the product's rule, and which kelurahan's reliability class lies within
two Monte Carlo standard errors of its border (another seed could change the class).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.formats import listed_some, number
from analytics.reference import UNIT
from analytics.sae.monte_carlo_error import ESTIMATE_SHARE, MSE_SHARE, adequacy, cv_standard_error, near_border

__all__ = ["MonteCarloNote", "monte_carlo_note", "near_border_flags"]

SHOWN = {"p0": "P0", "p2": "P2"}
DECIMALS = {"p0": 2, "p2": 3}  # as the page's table shows P0 (%) and P2 (×100)
SINGLE_DRAW = "Galat Monte Carlo tidak dapat dihitung dengan L = {L}: jalankan model dengan L ≥ 2."
NOT_RECORDED = (
    "Galat Monte Carlo tidak tercatat untuk model ini (disimpan sebelum galat itu dicatat); "
    "jalankan ulang model untuk melihatnya."
)


@dataclass(frozen=True)
class MonteCarloNote:
    """``note`` for a caption, ``warnings`` for the page, ``near`` the kelurahan (by row of the
    table given) whose P0 or P2 reliability class is near a border, per indicator."""

    note: str
    warnings: list[str] = field(default_factory=list)
    near: dict[str, pd.Series] = field(default_factory=dict)


def near_border_flags(kelurahan: pd.DataFrame, indicator: str) -> pd.Series:
    """True for each kelurahan whose class of ``indicator`` is within two Monte Carlo standard
    errors of a border; all False for a run without recorded errors."""
    values = {name: _floats(kelurahan, f"{name}_{indicator}") for name in ("mse", "cv", "mc_se", "mse_mc_se")}
    se = cv_standard_error(_floats(kelurahan, indicator), values["mse"], values["mc_se"], values["mse_mc_se"])
    return pd.Series(near_border(values["cv"], se), index=kelurahan.index)


def monte_carlo_note(kelurahan: pd.DataFrame, names: pd.Series, L: int, B: int) -> MonteCarloNote:
    """The note of a run's official-line kelurahan (one row each, widened as stored)."""
    if L < 2:
        return MonteCarloNote(SINGLE_DRAW.format(L=L))
    if kelurahan.empty or np.isnan(_floats(kelurahan, "mc_se_p0")).all():
        return MonteCarloNote(NOT_RECORDED)
    parts, warnings, near = [], [], {}
    for indicator, title in SHOWN.items():
        check = adequacy(*(_floats(kelurahan, f"{c}_{indicator}") for c in ("mc_se", "mse", "mse_mc_se")))
        parts.append(_part(title, kelurahan, indicator, check, B))
        if check.areas and not check.met:
            warnings.append(_short(title, check, names[check.failed].tolist()))
        near[indicator] = near_border_flags(kelurahan, indicator)
    note = (
        f"Galat Monte Carlo (L = {L}, B = {B}): benih acak (seed) lain biasanya menggeser setiap angka dalam "
        "±2 galat baku Monte Carlo. "
        + "; ".join(parts)
        + f". Ambang yang dipakai aplikasi: galat baku Monte Carlo estimasi ≤ {_share(ESTIMATE_SHARE)} akar MSE "
        f"dan galat baku Monte Carlo MSE ≤ {_share(MSE_SHARE)} MSE."
    )
    borders = [f"{SHOWN[k]}: {listed_some(names[flags].tolist())}" for k, flags in near.items() if flags.any()]
    if borders:
        note += (
            " Kelas keandalan dekat batas 25\u00a0% atau 50\u00a0% (dalam dua galat baku Monte Carlo; "
            "benih acak lain dapat mengubah kelasnya): " + "; ".join(borders) + "."
        )
    return MonteCarloNote(note, warnings, near)


def _part(title: str, kelurahan: pd.DataFrame, indicator: str, check, B: int) -> str:
    errors = _floats(kelurahan, f"mc_se_{indicator}")
    if np.isnan(errors).all():
        return f"galat baku Monte Carlo {title} tidak tercatat"
    largest = np.nanmax(errors)
    text = f"galat baku Monte Carlo terbesar {title}: {number(100 * largest, DECIMALS[indicator])} poin"
    if np.isnan(_floats(kelurahan, f"mse_{indicator}")).all():
        return text + " (tanpa MSE: B = 0)"
    if not check.areas:
        return text + f" (galat MSE tidak dapat dihitung dengan B = {B})"
    return (
        text + f", paling besar {_share(check.largest_estimate_share)} akar MSE; galat baku Monte Carlo MSE paling "
        f"besar {_share(check.largest_mse_share)} MSE (di dalam ambang: {_count(check.both_ok, check.areas)})"
    )


def _short(title: str, check, failed: list[str]) -> str:
    where = _count(len(failed), check.areas) if len(failed) < check.areas else f"semua {UNIT}"
    named = f" ({listed_some(failed)})" if len(failed) < check.areas else ""
    return (
        f"Galat Monte Carlo {title} di atas ambang aplikasi di {where}{named}: angkanya dapat bergeser dengan "
        "benih acak lain, dan kelas keandalan yang dekat batas ditandai di tabel. L (estimasi) atau B (MSE) yang "
        "lebih besar mengecilkan galat ini."
    )


def _count(part: int, whole: int) -> str:
    return f"{part} dari {whole} {UNIT}"


def _share(fraction: float) -> str:
    return f"{number(100 * fraction, 0)}\u00a0%"


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
