"""One year's view of the panel: persons with age, work and schooling; families with
counts, housing, welfare, register membership and programs (the truth).

Schooling, work and housing come first, from the family's persistent factors (population.py:
status, house, the kelurahan), never from its welfare; welfare follows from them (welfare.py),
so the register's characteristics are causes of expenditure, as a unit-level model assumes.
"""

import numpy as np
import pandas as pd
from scipy.special import ndtr

from analytics.generate import welfare
from analytics.generate.population import REL_HEAD, Panel, reference_date
from analytics.generate.profile import profile

OCCUPATIONS_POOR = ["PEKERJA LEPAS", "NELAYAN", "PEDAGANG", "WIRASWASTA", "PETANI"]
OCCUPATIONS_RICH = ["PEGAWAI SWASTA", "PNS/TNI/POLRI", "WIRASWASTA", "PEDAGANG"]
EDUCATION = [
    "TIDAK/BELUM SEKOLAH",
    "TDK TAMAT SD/SEDERAJAT",
    "TAMAT SD/SEDERAJAT",
    "TAMAT SLTP/SEDERAJAT",
    "TAMAT SLTA/SEDERAJAT",
    "TAMAT PT/AKADEMI",
]


def _categorical(score: np.ndarray, cuts: list[float], labels: list[str]) -> np.ndarray:
    """Pick labels[i] where score falls below cuts[i] (ascending), else the last label."""
    return np.array(labels, dtype=object)[np.searchsorted(np.asarray(cuts), score, side="right")]


def persons_of_year(panel: Panel, year: int) -> pd.DataFrame:
    per = panel.persons.copy()
    birth = per["birth"].to_numpy().astype("datetime64[D]")
    per["age"] = ((reference_date(year) - birth).astype(int) // 365.25).astype(int)
    status = per["family_id"].map(panel.families.set_index("family_id")["status"]).to_numpy()
    age = per["age"].to_numpy()
    female = per["female"].to_numpy()
    p_work = np.where(female, 0.42, 0.86) * ndtr(1.2 + 0.675 * status)
    p_work = np.where(age >= 60, p_work * 0.35, p_work)
    per["works"] = (age >= 15) & (per["u_work"].to_numpy() < p_work) & ~per["disabled"].to_numpy()
    rich = status > 0
    occ = np.where(
        rich,
        np.array(OCCUPATIONS_RICH, dtype=object)[(per["u_work"] * 97 % 4).astype(int)],
        np.array(OCCUPATIONS_POOR, dtype=object)[(per["u_work"] * 89 % 5).astype(int)],
    )
    occ = np.where(per["works"], occ, np.where(age >= 58, "PENSIUNAN", "TIDAK/BELUM BEKERJA"))
    occ = np.where((age >= 58) & ~per["works"] & (per["u_work"] > 0.3), "TIDAK/BELUM BEKERJA", occ)
    per["occupation"] = occ
    school_age = (age >= 7) & (age <= 18)
    per["in_school"] = school_age & (per["u_edu"].to_numpy() < 0.90 + 0.08 * np.tanh(0.45 * status))
    edu_score = ndtr(status + ndtri_safe(per["u_edu"].to_numpy()) * 0.8)
    edu = _categorical(edu_score, [0.05, 0.15, 0.35, 0.55, 0.85], EDUCATION)
    edu = np.where(age < 7, "TIDAK/BELUM SEKOLAH", edu)
    edu = np.where(
        per["in_school"],
        np.where(
            age <= 12,
            "MASIH SD/SEDERAJAT",
            np.where(age <= 15, "MASIH SLTP/SEDERAJAT", "MASIH SLTA/SEDERAJAT"),
        ),
        edu,
    )
    per["education"] = edu
    return per


def ndtri_safe(u):
    from scipy.special import ndtri

    return ndtri(np.clip(u, 1e-6, 1 - 1e-6))


def families_of_year(panel: Panel, per: pd.DataFrame, year: int) -> pd.DataFrame:
    fam = panel.families.set_index("family_id").copy()
    g = per.groupby("family_id")
    age = per["age"]
    counts = pd.DataFrame(
        {
            "size": g.size(),
            "n_toddlers": (age < 5).groupby(per["family_id"]).sum(),
            "n_school": per["in_school"].groupby(per["family_id"]).sum(),
            "n_out_of_school": ((age >= 7) & (age <= 18) & ~per["in_school"]).groupby(per["family_id"]).sum(),
            "n_working_age": ((age >= 15) & (age <= 64)).groupby(per["family_id"]).sum(),
            "n_working": per["works"].groupby(per["family_id"]).sum(),
            "n_elderly": (age >= 60).groupby(per["family_id"]).sum(),
            "n_disabled": per["disabled"].groupby(per["family_id"]).sum(),
            "n_children": (age < 15).groupby(per["family_id"]).sum(),
            "n_able_adult": ((age >= 15) & (age <= 59) & ~per["disabled"]).groupby(per["family_id"]).sum(),
        }
    )
    fam = fam.join(counts, how="inner")
    head = per[per["rel"] == REL_HEAD].set_index("family_id")
    fam = fam.join(
        head[["person_id", "nik", "name", "birth", "female", "education", "occupation"]].add_prefix("head_"),
        how="inner",
    )
    kel_eff = fam["kode_kel"].map(profile().effect).to_numpy()
    _housing(fam, kel_eff)
    # Welfare: Box-Cox normal given a latent score linear in the model's covariates plus the
    # kelurahan effect and the family's unrecorded persistent and transient welfare (welfare.py).
    fam["latent"] = welfare.latent_score(fam, kel_eff)
    fam["expenditure_pc"] = welfare.welfare_from_latent(fam["latent"].to_numpy(), fam["size"].to_numpy(), year)
    # The rank the family's true expenditure gives; the registers carry a PMT's (pmt.py).
    y = fam["expenditure_pc"].to_numpy()
    fam["true_percentile"] = welfare.national_percentile(y, year, welfare.log_spread_ratio(y))
    fam["true_desil"] = np.ceil(fam["true_percentile"] / 10).astype(int)
    return fam.reset_index()


# Housing quality: a standard normal index of the kelurahan (standardised effect), the
# family's status and its own housing factor; each item then adds its own persistent noise
# (the items agree with a correlation of ITEM_LOADING^2 = 0.56). Class cut-offs are shares of
# families (the index and each item's score are standard normal, so ndtr of it is uniform).
HOUSING_LOADINGS = {"kelurahan": 0.30, "status": 0.55, "house": np.sqrt(1 - 0.30**2 - 0.55**2)}
ITEM_LOADING = 0.75


def _housing(fam: pd.DataFrame, kel_eff: np.ndarray) -> None:
    """Housing and services from the family's persistent factors (not from its welfare)."""
    a = HOUSING_LOADINGS
    levels = profile().effect.to_numpy()
    index = (
        a["kelurahan"] * (kel_eff - levels.mean()) / levels.std()
        + a["status"] * fam["status"].to_numpy()
        + a["house"] * fam["house"].to_numpy()
    )

    def item(name: str) -> np.ndarray:
        noise = ndtri_safe(fam[f"u_{name}"].to_numpy())
        return ndtr(ITEM_LOADING * index + np.sqrt(1 - ITEM_LOADING**2) * noise)

    fam["floor"] = _categorical(
        item("floor"), [0.01, 0.06, 0.30], ["TANAH", "KAYU/PAPAN", "SEMEN", "KERAMIK/GRANIT/MARMER/UBIN/TEGEL/TERASO"]
    )
    fam["wall"] = _categorical(item("wall"), [0.02, 0.15], ["BAMBU", "KAYU/PAPAN", "TEMBOK"])
    fam["roof"] = _categorical(item("roof"), [0.01, 0.70], ["KAYU/SIRAP", "ASBES/SENG", "GENTENG"])
    fam["water_source"] = _categorical(
        item("water_source"),
        [0.03, 0.08, 0.45],
        ["SUMUR TIDAK TERLINDUNG", "AIR HUJAN", "AIR KEMASAN/ISI ULANG", "LEDENG/PAM"],
    )
    fam["sanitation"] = _categorical(item("sanitation"), [0.03, 0.10], ["LAINNYA", "UMUM/BERSAMA", "MILIK SENDIRI"])
    fam["lighting"] = _categorical(
        item("lighting"), [0.005, 0.04], ["BUKAN LISTRIK", "LISTRIK PLN NON METERAN", "LISTRIK PLN METERAN"]
    )
    fam["cooking_fuel"] = _categorical(
        item("cooking_fuel"), [0.02, 0.05], ["ARANG/KAYU", "MINYAK TANAH", "LISTRIK/GAS"]
    )
    fam["home_ownership"] = _categorical(
        item("home_ownership"), [0.15, 0.30], ["KONTRAK/SEWA", "BEBAS SEWA/MENUMPANG", "MILIK SENDIRI"]
    )
