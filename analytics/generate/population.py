"""The synthetic family panel: persons grouped in families, evolving from year to year.

Families persist, split (an adult child forms a new family), move kelurahan, die out
(deaths, out-migration) and are formed (in-migration), so that year-on-year transitions
in and out of poverty arise from the same families as in a real register.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.generate.profile import YEARS, profile

# The region's persons, areas, welfare levels and NIK prefixes: profile.py (Bontang's are the
# demo's own figures; any other region's follow the rules stated there).
# Persistent family factors. `status` (standard normal): the household's social position,
# which sets its members' schooling and work and, with the kelurahan, its housing. `house`
# (standard normal) and one uniform per housing item (`u_floor`, ...): the housing a family
# found apart from its status, drawn anew when it moves. `perm` (normal, PERM_SD) and `trans`
# (AR(1), stationary sd TRANS_SD): the welfare the registers do not record, drawn
# independently of every characteristic they do record (welfare.py).
HOUSING_ITEMS = ("floor", "wall", "roof", "water_source", "sanitation", "lighting", "cooking_fuel", "home_ownership")
PERM_SD = 0.26
TRANS_AR = 0.55
TRANS_SD = 0.22
# A split-off family inherits this share of its parents' status and persistent welfare.
INHERITED = 0.6
REL_HEAD, REL_SPOUSE, REL_CHILD, REL_OTHER = 0, 1, 2, 3


def reference_date(year: int) -> np.datetime64:
    """Registers are read as of March, like Susenas."""
    return np.datetime64(f"{year}-03-01")


def kelurahan_population_targets(year: int, scale: float = 1.0) -> pd.Series:
    """Persons per kelurahan in a year: the region's 2024 persons per area scaled to the
    year's total (and by `scale`, for small test datasets)."""
    region = profile()
    return region.persons_2024 * region.population[year] / region.population[2024] * scale


@dataclass
class Panel:
    """Mutable state of the simulation; one row per living person and per family."""

    persons: pd.DataFrame
    families: pd.DataFrame
    rng: np.random.Generator
    next_person: int = 0
    next_family: int = 0
    next_kk_serial: int = 0
    nik_serials: dict | None = None
    scale: float = 1.0
    blocks: pd.DataFrame | None = None  # census blocks and their centres (blocks.py)


def _draw_birth(rng, year, age_years):
    days = np.asarray(age_years, dtype=float) * 365.25 + rng.uniform(0, 365, len(age_years))
    return reference_date(year) - days.astype("timedelta64[D]")


def _new_persons(panel, family_ids, rel, female, birth):
    rng = panel.rng
    n = len(family_ids)
    from analytics.generate.names import draw_names

    ids = np.arange(panel.next_person, panel.next_person + n)
    panel.next_person += n
    age = (reference_date(2025) - birth).astype(int) / 365.25
    disabled = rng.random(n) < np.where(age > 60, 0.10, 0.025)
    nik = _assign_niks(
        panel,
        rng.choice(profile().nik_prefixes, size=n, p=profile().nik_p),
        np.asarray(birth, dtype="datetime64[D]"),
        np.asarray(female, dtype=bool),
    )
    return pd.DataFrame(
        {
            "person_id": ids,
            "nik": nik,
            "family_id": np.asarray(family_ids, dtype=np.int64),
            "rel": np.asarray(rel, dtype=np.int8),
            "female": np.asarray(female, dtype=bool),
            "birth": np.asarray(birth, dtype="datetime64[D]"),
            "disabled": disabled,
            "name": draw_names(rng, np.asarray(female, dtype=bool)),
            # Persistent draws so a person's schooling and work change little from year to year.
            "u_work": rng.random(n),
            "u_edu": rng.random(n),
        }
    )


def _assign_niks(panel, prefix, birth, female):
    """16-digit NIK: region, DDMMYY (day + 40 for women), serial unique per region and date."""
    if panel.nik_serials is None:
        panel.nik_serials = {}
    dates = pd.DatetimeIndex(birth)
    day = dates.day.to_numpy() + np.where(female, 40, 0)
    key = pd.Series(
        np.char.add(
            np.char.add(
                np.char.add(np.asarray(prefix, dtype=str), np.char.mod("%02d", day)),
                np.char.mod("%02d", dates.month.to_numpy()),
            ),
            np.char.mod("%02d", dates.year.to_numpy() % 100),
        ),
        dtype=object,
    )
    serial = key.groupby(key).cumcount().to_numpy() + 1
    serial = serial + key.map(lambda k: panel.nik_serials.get(k, 0)).to_numpy(dtype=int)
    for k, last in pd.Series(serial).groupby(key.to_numpy()).max().items():
        panel.nik_serials[k] = int(last)
    return np.char.add(key.to_numpy(dtype=str), np.char.mod("%04d", serial)).astype(object)


def _new_kk(panel, kode_kel, year):
    rng = panel.rng
    n = len(kode_kel)
    serial = np.arange(panel.next_kk_serial, panel.next_kk_serial + n) % 10_000
    panel.next_kk_serial += n
    region = np.char.replace(np.asarray(kode_kel, dtype=str), ".", "")
    day = rng.integers(1, 29, n)
    month = rng.integers(1, 13, n)
    yy = (year - 1 - rng.integers(0, 15, n)) % 100
    issued = np.char.mod("%02d", day) + np.char.mod("%02d", month) + np.char.mod("%02d", yy)
    prefix = np.array([r[:6] for r in region], dtype=str)
    return np.char.add(np.char.add(prefix, issued), np.char.mod("%04d", serial)).astype(object)


def _new_families(panel, n, year, kode_kel, singles_share=0.09):
    """Create n families with heads, spouses and children; return the family frame."""
    rng = panel.rng
    fam_ids = np.arange(panel.next_family, panel.next_family + n)
    panel.next_family += n
    single = rng.random(n) < singles_share
    head_age = np.clip(rng.gamma(6.0, 6.5, n) + 8, 19, 88)
    head_female = np.where(single, rng.random(n) < 0.45, rng.random(n) < 0.12)
    has_spouse = ~single & (rng.random(n) < 0.88)
    fertile_years = np.clip(head_age - 20, 0, 25)
    n_children = np.where(single, 0, rng.poisson(np.minimum(1.95, fertile_years / 6)))
    n_other = np.where(single, 0, rng.random(n) < 0.10).astype(int)

    parts = []
    parts.append((fam_ids, np.full(n, REL_HEAD), head_female, _draw_birth(rng, year, head_age)))
    sp = np.flatnonzero(has_spouse)
    sp_age = np.clip(head_age[sp] + rng.normal(-3, 4, len(sp)), 17, 90)
    parts.append((fam_ids[sp], np.full(len(sp), REL_SPOUSE), ~head_female[sp], _draw_birth(rng, year, sp_age)))
    ch_fam = np.repeat(np.arange(n), n_children)
    ch_age = rng.uniform(0, 1, len(ch_fam)) * np.clip(head_age[ch_fam] - 19, 1, 26)
    parts.append(
        (
            fam_ids[ch_fam],
            np.full(len(ch_fam), REL_CHILD),
            rng.random(len(ch_fam)) < 0.49,
            _draw_birth(rng, year, ch_age),
        )
    )
    ot_fam = np.repeat(np.arange(n), n_other)
    ot_age = rng.uniform(15, 80, len(ot_fam))
    parts.append(
        (
            fam_ids[ot_fam],
            np.full(len(ot_fam), REL_OTHER),
            rng.random(len(ot_fam)) < 0.6,
            _draw_birth(rng, year, ot_age),
        )
    )
    persons = pd.concat([_new_persons(panel, *p) for p in parts], ignore_index=True)
    families = pd.DataFrame(
        {
            "family_id": fam_ids,
            "kode_kel": np.asarray(kode_kel, dtype=object),
            "kk": _new_kk(panel, kode_kel, year),
            **_family_draws(rng, n),
            "formed": year,
        }
    )
    return families, persons


def _family_draws(rng, n, parent_status=None, parent_perm=None) -> dict:
    """The persistent factors of n new families (inherited in part from parents, if given)."""
    fresh = np.sqrt(1 - INHERITED**2)
    status = rng.normal(0, 1, n)
    perm = rng.normal(0, PERM_SD, n)
    if parent_status is not None:
        status = INHERITED * parent_status + fresh * status
        perm = INHERITED * parent_perm + fresh * perm
    return {"status": status, "perm": perm, "trans": rng.normal(0, TRANS_SD, n), **_housing_draws(rng, n)}


def _housing_draws(rng, n) -> dict:
    return {"house": rng.normal(0, 1, n), **{f"u_{item}": rng.random(n) for item in HOUSING_ITEMS}}


def _draw_kelurahan(rng, weights: pd.Series, n):
    p = (weights / weights.sum()).to_numpy()
    return weights.index.to_numpy()[rng.choice(len(p), size=n, p=p)]


def start_panel(seed: int, scale: float = 1.0) -> Panel:
    """The 2021 population: families in proportion to each kelurahan's target."""
    rng = np.random.default_rng(seed)
    panel = Panel(persons=pd.DataFrame(), families=pd.DataFrame(), rng=rng, scale=scale)
    targets = kelurahan_population_targets(YEARS[0], scale)
    n = int(round(targets.sum() / 3.45))
    families, persons = _new_families(panel, n, YEARS[0], _draw_kelurahan(rng, targets, n))
    panel.families, panel.persons = families, persons
    _fill_to_targets(panel, YEARS[0])
    return panel


def _fill_to_targets(panel, year):
    """In-migration: add families where a kelurahan is below its target population."""
    targets = kelurahan_population_targets(year, panel.scale)
    current = panel.persons.groupby(
        panel.persons["family_id"].map(panel.families.set_index("family_id")["kode_kel"])
    ).size()
    deficit = (targets - current.reindex(targets.index, fill_value=0)).clip(lower=0)
    n_new = int(deficit.sum() // 3.45)
    if n_new > 0:
        fam, per = _new_families(panel, n_new, year, _draw_kelurahan(panel.rng, deficit, n_new))
        panel.families = pd.concat([panel.families, fam], ignore_index=True)
        panel.persons = pd.concat([panel.persons, per], ignore_index=True)


def _age(persons, year):
    birth = persons["birth"].to_numpy().astype("datetime64[D]")
    return (reference_date(year) - birth).astype(int) / 365.25


def advance(panel: Panel, year: int) -> None:
    """Move the panel from year-1 to year: deaths, births, splits, moves, migration.

    The steps draw from ``panel.rng`` in a fixed order, so a seed gives the same panel.
    """
    rng = panel.rng
    fam, per = _deaths_and_departures(panel.families, panel.persons, year, rng)
    fam, per = _succession(fam, per, year)
    fam, per = _splits(panel, fam, per, year, rng)
    per = _births(panel, per, year, rng)
    panel.families = _moves_and_shocks(fam, year, rng).reset_index(drop=True)
    panel.persons = per.reset_index(drop=True)
    _fill_to_targets(panel, year)


def _deaths_and_departures(fam, per, year: int, rng):
    """Deaths of persons and out-migration of whole families."""
    age = _age(per, year)
    p_death = np.where(age < 50, 0.002, np.where(age < 65, 0.012, np.where(age < 75, 0.035, 0.09)))
    per = per[rng.random(len(per)) >= p_death]
    leaving = fam["family_id"][rng.random(len(fam)) < 0.022]
    return fam[~fam["family_id"].isin(leaving)], per[~per["family_id"].isin(leaving)]


def _succession(fam, per, year: int):
    """Head succession: spouse first, else the oldest member aged 17 or more; a family with
    no adult left dies out."""
    heads = per.loc[per["rel"] == REL_HEAD, "family_id"]
    headless = fam.loc[~fam["family_id"].isin(heads), "family_id"]
    cand = per[per["family_id"].isin(headless)].copy()
    cand["age"] = _age(cand, year)
    cand = cand[cand["age"] >= 17]
    cand["prio"] = np.where(cand["rel"] == REL_SPOUSE, 0, 1)
    cand = cand.sort_values(["family_id", "prio", "age"], ascending=[True, True, False])
    new_heads = cand.drop_duplicates("family_id")["person_id"]
    per.loc[per["person_id"].isin(new_heads), "rel"] = REL_HEAD
    alive_heads = per.loc[per["rel"] == REL_HEAD, "family_id"]
    fam = fam[fam["family_id"].isin(alive_heads)]
    return fam, per[per["family_id"].isin(fam["family_id"])]


def _splits(panel: Panel, fam, per, year: int, rng):
    """An adult child leaves to form a family, sometimes with a spouse from outside."""
    age = _age(per, year)
    p_leave = np.where(age >= 27, 0.12, np.where(age >= 21, 0.03, 0.0))
    leavers = per[(per["rel"] == REL_CHILD) & (rng.random(len(per)) < p_leave)]
    if not len(leavers):
        return fam, per
    n = len(leavers)
    parent_kel = leavers["family_id"].map(fam.set_index("family_id")["kode_kel"]).to_numpy()
    kel_weights = kelurahan_population_targets(year)
    stay = rng.random(n) < 0.7
    kode = np.where(stay, parent_kel, _draw_kelurahan(rng, kel_weights, n))
    new_ids = np.arange(panel.next_family, panel.next_family + n)
    panel.next_family += n
    # The split-off family inherits part of its parents' status and persistent welfare.
    parents = fam.set_index("family_id").loc[leavers["family_id"]]
    new_fam = pd.DataFrame(
        {
            "family_id": new_ids,
            "kode_kel": kode.astype(object),
            "kk": _new_kk(panel, kode, year),
            **_family_draws(rng, n, parents["status"].to_numpy(), parents["perm"].to_numpy()),
            "formed": year,
        }
    )
    per.loc[leavers.index, "family_id"] = new_ids
    per.loc[leavers.index, "rel"] = REL_HEAD
    with_spouse = rng.random(n) < 0.6
    sp_female = ~leavers["female"].to_numpy()[with_spouse]
    sp_birth = leavers["birth"].to_numpy()[with_spouse] + rng.integers(-1500, 1500, with_spouse.sum()).astype(
        "timedelta64[D]"
    )
    spouses = _new_persons(panel, new_ids[with_spouse], np.full(with_spouse.sum(), REL_SPOUSE), sp_female, sp_birth)
    return pd.concat([fam, new_fam], ignore_index=True), pd.concat([per, spouses], ignore_index=True)


def _births(panel: Panel, per, year: int, rng):
    """Births to families with a woman aged 18-42 as head or spouse."""
    age = _age(per, year)
    mothers = per[per["female"] & (per["rel"] <= REL_SPOUSE) & (age >= 18) & (age <= 42)]
    mothers = mothers.drop_duplicates("family_id")
    born_to = mothers["family_id"].to_numpy()[rng.random(len(mothers)) < 0.10]
    babies = _new_persons(
        panel,
        born_to,
        np.full(len(born_to), REL_CHILD),
        rng.random(len(born_to)) < 0.49,
        _draw_birth(rng, year, np.zeros(len(born_to))),
    )
    return pd.concat([per, babies], ignore_index=True)


def _moves_and_shocks(fam, year: int, rng):
    """Moves between kelurahan (a mover finds other housing) and the yearly welfare shock
    (AR(1): shocks fade over years)."""
    movers = rng.random(len(fam)) < 0.02
    fam = fam.copy()
    fam.loc[movers, "kode_kel"] = _draw_kelurahan(rng, kelurahan_population_targets(year), movers.sum())
    for column, values in _housing_draws(rng, int(movers.sum())).items():
        fam.loc[movers, column] = values
    fam["moved"] = movers
    innovation = TRANS_SD * np.sqrt(1 - TRANS_AR**2)
    fam["trans"] = TRANS_AR * fam["trans"].to_numpy() + rng.normal(0, innovation, len(fam))
    return fam
