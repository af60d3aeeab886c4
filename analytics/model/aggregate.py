"""The stored estimates of a run: kelurahan, kecamatan and city, long format.

Kelurahan figures are the EBP's areas. A kecamatan or the city is a person-weighted sum of its
kelurahan, estimated in the same Monte Carlo and bootstrap (``groups`` of
:func:`analytics.sae.ebp.ebp_lines`), so its MSE counts the errors its kelurahan share (the
estimated coefficients) rather than assuming them independent.
"""

from __future__ import annotations

import pandas as pd

from analytics.reference import REGION_CODE
from analytics.sae.indicators import INDICATORS

__all__ = ["GROUP_LEVELS", "estimate_rows", "groups_of"]

GROUP_LEVELS = ("kecamatan", "kota")
_PRECISION = ("mse", "cv", "lower", "upper", "reliability", "mc_se", "mse_mc_se")


def groups_of(frame: pd.DataFrame, area: str = "kode_kelurahan") -> dict[str, dict]:
    """Kelurahan -> kecamatan and kelurahan -> city, from the frame's own codes."""
    pairs = frame[[area, "kode_kecamatan"]].drop_duplicates(area)
    return {
        "kecamatan": dict(zip(pairs[area], pairs["kode_kecamatan"], strict=True)),
        "kota": {code: REGION_CODE for code in pairs[area]},
    }


def _long(table: pd.DataFrame, run_id: str, line: str, amount: float, level: str) -> pd.DataFrame:
    parts = []
    for indicator in INDICATORS:
        part = pd.DataFrame(
            {
                "run_id": run_id,
                "line": line,
                "line_amount": float(amount),
                "level": level,
                "kode": table["area"].astype(str).to_numpy(),
                "n_sample": table["n_sample"].astype(int).to_numpy(),
                "families": table["n_population"].astype(int).to_numpy(),
                "persons": table["persons"].round().astype(int).to_numpy(),
                "indicator": indicator,
                "estimate": table[indicator].astype(float).to_numpy(),
            }
        )
        for column in _PRECISION:
            name = f"{column}_{indicator}"
            part[column] = table[name].to_numpy() if name in table else None
        part["reliability"] = part["reliability"].where(part["reliability"].notna() & (part["reliability"] != ""))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def estimate_rows(run_id: str, results: dict, lines: dict[str, float]) -> pd.DataFrame:
    """sae_estimate rows of every line's kelurahan table and its group tables."""
    parts = []
    for line, result in results.items():
        parts.append(_long(result.table, run_id, line, lines[line], "kelurahan"))
        for level in GROUP_LEVELS:
            parts.append(_long(result.groups[level], run_id, line, lines[line], level))
    return pd.concat(parts, ignore_index=True)
