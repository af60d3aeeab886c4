"""Census blocks (blok sensus): the survey's first-stage units, 80-150 families each.

Blocks are drawn up once, on the first year's dwellings: within each kelurahan the families
are ordered in latitude strips (west to east, then back) and cut into runs of about
`BLOCK_TARGET`, so a block is a compact patch of the kelurahan. A family keeps its block
from year to year; a new family, or one that moved, joins the block whose centre lies
nearest to its dwelling in its kelurahan. Blocks therefore grow a little with the city,
as real blocks do between two censuses.

A block's code (`nks`) is text: the kab/kota, kecamatan and kelurahan digits of the
Kemendagri code (4 + 2 + 2, or 3 for the area where 2 would not tell two areas apart), a
serial within the kelurahan and a letter, e.g. `6474010312B`.
"""

from functools import cache

import numpy as np
import pandas as pd

from analytics.reference import load_kelurahan

BLOCK_TARGET = 110


def block_code(kode_kel: str, serial: int) -> str:
    digits = kode_kel.replace(".", "")
    return f"{digits[:4]}{digits[4:6]}{digits[-_suffix_length() :]}{serial:02d}B"


@cache
def _suffix_length() -> int:
    """Digits of the area's own number in a block code: Bontang's two, or three where two would
    make two areas of one kecamatan alike (a desa 2001 beside a kelurahan 1001)."""
    codes = load_kelurahan()["kode"].str.replace(".", "", regex=False)
    return 2 if not (codes.str[:6] + codes.str[-2:]).duplicated().any() else 3


def assign_census_blocks(panel) -> None:
    """Give every family of the panel a `census_block`, drawing up the blocks on first use."""
    fam = panel.families
    if panel.blocks is None:
        fam["census_block"] = _draw_up(fam)
        panel.blocks = _centres(fam)
        return
    moved = fam["moved"].fillna(False).astype(bool) if "moved" in fam else False
    need = (fam["census_block"].isna() | moved).to_numpy(copy=True)
    # Only at a tiny scale can a kelurahan be empty in the first year: its first families
    # get a block of their own.
    empty = need & ~fam["kode_kel"].isin(panel.blocks["kode_kel"]).to_numpy()
    if empty.any():
        fam.loc[empty, "census_block"] = _draw_up(fam.loc[empty])
        panel.blocks = pd.concat([panel.blocks, _centres(fam.loc[empty])], ignore_index=True)
    need &= ~empty
    if need.any():
        fam.loc[need, "census_block"] = _nearest(fam.loc[need], panel.blocks)


def _centres(fam: pd.DataFrame) -> pd.DataFrame:
    g = fam.groupby("census_block")
    centres = g[["lon", "lat"]].mean()
    centres["kode_kel"] = g["kode_kel"].first()
    return centres.reset_index()


def _draw_up(fam: pd.DataFrame) -> np.ndarray:
    codes = np.empty(len(fam), dtype=object)
    for kode, idx in fam.groupby("kode_kel", sort=True).indices.items():
        n = len(idx)
        n_blocks = max(1, round(n / BLOCK_TARGET))
        n_strips = int(np.ceil(np.sqrt(n_blocks)))
        lat = fam["lat"].to_numpy()[idx]
        lon = fam["lon"].to_numpy()[idx]
        strip = np.empty(n, dtype=int)
        strip[np.argsort(lat, kind="stable")] = np.arange(n) * n_strips // n
        # Serpentine order: each strip runs the other way, so consecutive families stay near.
        along = np.where(strip % 2 == 0, lon, -lon)
        order = np.lexsort((fam["family_id"].to_numpy()[idx], along, strip))
        serial = np.empty(n, dtype=int)
        serial[order] = np.arange(n) * n_blocks // n + 1
        codes[idx] = [block_code(kode, s) for s in serial]
    return codes


def _nearest(fam: pd.DataFrame, blocks: pd.DataFrame) -> np.ndarray:
    codes = np.empty(len(fam), dtype=object)
    for kode, idx in fam.groupby("kode_kel", sort=True).indices.items():
        own = blocks[blocks["kode_kel"] == kode]
        d_lon = fam["lon"].to_numpy()[idx, None] - own["lon"].to_numpy()[None, :]
        d_lat = fam["lat"].to_numpy()[idx, None] - own["lat"].to_numpy()[None, :]
        codes[idx] = own["census_block"].to_numpy()[np.argmin(d_lon**2 + d_lat**2, axis=1)]
    return codes
