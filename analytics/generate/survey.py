"""A Susenas-style household sample (March) drawn from the synthetic truth of each year.

The design follows BPS's two stages for a kab/kota: census blocks drawn with probability
proportional to size (number of families) by systematic sampling down the list of blocks
ordered by kecamatan and kelurahan (an implicit geographic stratification), then 10
families by simple random sampling in each block, about 2 % of them not interviewed. Kota
Bontang's March 2024 sample: 57 blocks, 570 households, 559 interviewed (facts.md). At a
small scale a third of the blocks are drawn, so the sample stays a sample.

A family's inclusion probability is pi_block * m / M (m sampled of the block's M families);
the weight `fwt` is its inverse times m / r (r interviewed in the block), the households
the respondent represents. Summed over the sample the weights give the number of families.

BPS's published city figure is the weighted direct estimate of its own sample. The demo's
figures to quote are its truth (welfare.py), and one draw of 550 households can miss them by
two standard errors (in 2024, 5,6 % against 3,74 %): a model fitted on that sample then
contradicts BPS where the real one never could, the real figure being that very sample's.
So the sample is drawn again, each draw on its own child stream, until its direct P0, P1 and
P2 lie within REPRESENTATIVE of the year's targets (``representative_sample``).

Covariates are copied from the family's clean Regsosek row of the same year (same classes)
so that a model fitted on the survey applies to the register. `kapita` is the truth's
expenditure per capita. The file carries a little damage, logged like the registers'.
"""

import numpy as np
import pandas as pd

from analytics.generate import damage
from analytics.generate.profile import profile

BLOCKS_DRAWN = 57
FAMILIES_PER_BLOCK = 10
NONRESPONSE = 0.02
COVARIATES = [
    "jenis_lantai",
    "jenis_dinding",
    "jenis_atap",
    "sumber_air_minum",
    "fasilitas_bab",
    "sumber_penerangan",
    "bahan_bakar_memasak",
    "pendidikan_tertinggi_kepala_keluarga",
    "jumlah_balita",
    "jumlah_anak_sekolah",
    "jumlah_anak_tidak_sekolah",
    "jumlah_usia_kerja",
    "jumlah_bekerja",
    "jumlah_lansia",
    "jumlah_disabilitas",
    "kepemilikan_jaminan_kesehatan",
]
COLUMNS = ["kode_wilayah", "nks", "urut_ruta", "fwt", "kapita", "jumlah_art", *COVARIATES, "tahun_data"]
# How close a draw's direct estimates must be to the year's targets (fractions, not x100):
# about half a standard error of a 550-household sample for each; a draw qualifies about
# one time in ten.
REPRESENTATIVE = {"p0": 0.005, "p1": 0.0012, "p2": 0.0004}
MAX_DRAWS = 400
# Header spelling varies by year; 2025's file comes with upper-case names.
UPPER_CASE_YEARS = {2025}
# Faults per file: a share of rows, or a number of rows.
MISSING_KAPITA_RATE = 0.005
WEIGHTS_NOT_POSITIVE = 2
REGION_CODES_INVALID = 1


def blocks_to_draw(n_blocks: int) -> int:
    return min(profile().blocks_drawn, max(1, round(n_blocks / 3)))


def draw_blocks(sizes: pd.Series, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Systematic PPS: `sizes` (families per block, in list order) -> the frame of blocks
    with `pi_block` and `drawn`. A block larger than the interval is taken for certain."""
    total = sizes.sum()
    interval = total / n
    points = rng.uniform(0, interval) + interval * np.arange(n)
    hit = np.searchsorted(np.cumsum(sizes.to_numpy()), points, side="right")
    frame = pd.DataFrame({"nks": sizes.index, "families": sizes.to_numpy()})
    frame["pi_block"] = np.minimum(1.0, n * frame["families"] / total)
    frame["drawn"] = np.isin(np.arange(len(frame)), hit)
    return frame


def draw_sample(fam: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sample households of one year's families (with `census_block`): the interviewed
    households (family_id, nks, urut_ruta, pi_block, pi, fwt) and the block frame."""
    fam = fam.sort_values(["census_block", "family_id"])
    sizes = fam.groupby("census_block").size().sort_index()
    frame = draw_blocks(sizes, blocks_to_draw(len(sizes)), rng)
    members = fam.groupby("census_block")["family_id"]
    parts = []
    for block in frame[frame["drawn"]].itertuples():
        ids = members.get_group(block.nks).to_numpy()
        m = min(FAMILIES_PER_BLOCK, len(ids))
        chosen = np.sort(rng.choice(len(ids), m, replace=False))
        answered = rng.random(m) >= NONRESPONSE
        answered[0] |= not answered.any()  # a block keeps one household to carry its weight
        pi = block.pi_block * m / len(ids)
        parts.append(
            pd.DataFrame(
                {
                    "family_id": ids[chosen],
                    "nks": block.nks,
                    "urut_ruta": np.arange(1, m + 1),
                    "pi_block": block.pi_block,
                    "pi": pi,
                    "fwt": m / answered.sum() / pi,
                }
            )[answered]
        )
    counts = pd.concat(parts).groupby("nks").size()
    frame["sampled"] = np.where(frame["drawn"], np.minimum(FAMILIES_PER_BLOCK, frame["families"]), 0)
    frame["interviewed"] = frame["nks"].map(counts).fillna(0).astype(int)
    return pd.concat(parts, ignore_index=True), frame


def direct_fgt(sample: pd.DataFrame, fam: pd.DataFrame, z: float) -> dict[str, float]:
    """Weighted direct P0, P1, P2 (persons: fwt x size) of the sampled families' truth."""
    truth = fam.set_index("family_id").loc[sample["family_id"]]
    weight = sample["fwt"].to_numpy() * truth["size"].to_numpy()
    gap = np.clip(1 - truth["expenditure_pc"].to_numpy(dtype=float) / z, 0, None)
    return {name: float(np.average(v, weights=weight)) for name, v in (("p0", gap > 0), ("p1", gap), ("p2", gap**2))}


def representative_sample(fam: pd.DataFrame, targets: dict, streams) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """The first draw (``streams(k)``: the random generator of draw k) whose direct P0, P1
    and P2 lie within REPRESENTATIVE of ``targets`` (with ``z``); the closest of MAX_DRAWS
    otherwise. Returns the sample, its block frame and the draw's generator (the survey's
    damage continues on it)."""
    best, best_distance = None, np.inf
    for k in range(MAX_DRAWS):
        rng = streams(k)
        sample, frame = draw_sample(fam, rng)
        direct = direct_fgt(sample, fam, targets["z"])
        distance = max(abs(direct[m] - targets[m]) / tol for m, tol in REPRESENTATIVE.items())
        if distance <= 1:
            return sample, frame, rng
        if distance < best_distance:
            best, best_distance = (sample, frame, rng), distance
    return best


def susenas(sample: pd.DataFrame, fam: pd.DataFrame, regsosek: pd.DataFrame, year: int) -> pd.DataFrame:
    """The survey file of the sampled households, with the truth in underscore columns."""
    reg = regsosek.drop_duplicates("_family_id").set_index("_family_id").loc[sample["family_id"]]
    truth = fam.set_index("family_id").loc[sample["family_id"]]
    out = pd.DataFrame(
        {
            "kode_wilayah": reg["kode_wilayah"].to_numpy(),
            "nks": sample["nks"].to_numpy(),
            "urut_ruta": sample["urut_ruta"].to_numpy(),
            "fwt": sample["fwt"].round(4).to_numpy(),
            "kapita": truth["expenditure_pc"].astype(int).to_numpy(),
            "jumlah_art": reg["jumlah_anggota_keluarga"].to_numpy(),
            **{c: reg[c].to_numpy() for c in COVARIATES},
            "tahun_data": year,
            "_family_id": sample["family_id"].to_numpy(),
            "_pi": sample["pi"].to_numpy(),
            "_fwt": sample["fwt"].round(4).to_numpy(),
        }
    )
    return out.astype(object)


def damage_susenas(df: pd.DataFrame, year: int, rng: np.random.Generator, log) -> pd.DataFrame:
    """Missing expenditure, non-positive weights and an invalid region code, on distinct
    rows; then the year's header spelling."""
    n_missing = max(1, round(MISSING_KAPITA_RATE * len(df)))
    rows = rng.choice(len(df), n_missing + WEIGHTS_NOT_POSITIVE + REGION_CODES_INVALID, replace=False)
    missing, weights, codes = np.split(rows, [n_missing, n_missing + WEIGHTS_NOT_POSITIVE])
    damage.replace_values(df, "kapita", missing, "", "expenditure_missing", log)
    bad_weights = np.resize([0, -1.0], len(weights)) * df["fwt"].to_numpy()[weights].astype(float)
    damage.replace_values(df, "fwt", weights, bad_weights, "weight_not_positive", log)
    damage.replace_values(df, "kode_wilayah", codes, damage.invalid_codes()[year % 4], "region_code_invalid", log)
    if year in UPPER_CASE_YEARS:
        df = df.rename(columns={c: c.upper() for c in COLUMNS})
    return df
