"""Preparation of a Susenas-style household survey file (the only money measure of welfare).

One row per interviewed household: area code (kelurahan where the file has it, else
kecamatan), census block, survey weight, monthly per-capita expenditure, household size and
the household characteristics that the small-area model shares with the Regsosek frame.
The characteristics keep the register's value lists; :mod:`analytics.model.covariates`
derives the same model covariates from both sides.

A row that cannot enter a model is quarantined with its reason (no area, no expenditure, a
weight that is not positive, a household counted twice); nothing is dropped silently.
"""

import pandas as pd

from analytics.ingest import plausibility as pl
from analytics.ingest.regions import bps_kecamatan_map, code_digits
from analytics.ingest.rules import RowChecks
from analytics.reference import load_kecamatan, load_kelurahan, normalize_region_code

# Household characteristics read as counts and as text, named as in the Regsosek frame.
SURVEY_COUNTS = ("n_toddlers", "n_school", "n_out_of_school", "n_working_age", "n_working", "n_elderly", "n_disabled")
SURVEY_TEXT = (
    "head_education",
    "floor",
    "wall",
    "roof",
    "water_source",
    "sanitation",
    "lighting",
    "cooking_fuel",
    "health_insurance",
)


def _text(raw: pd.DataFrame, name: str) -> pd.Series:
    if name not in raw:
        return pd.Series(None, index=raw.index, dtype=object)
    text = raw[name].astype(object).where(raw[name].notna(), "").astype(str).str.strip()
    return text.where(text != "", None).astype(object)


def survey_areas(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Kelurahan and kecamatan codes of a survey's area column.

    A 10-digit code of a Bontang kelurahan gives both; a 6-digit kecamatan code (BPS shares
    kelurahan codes only under agreement), or a 7-digit BPS kecamatan code through the
    crosswalk, gives the kecamatan alone; anything else neither.

    >>> kel, kec = survey_areas(pd.Series(["6474011001", "647402", "64.74.03", "6474041001", "6474010"]))
    >>> kel.tolist(), kec.tolist()
    (['64.74.01.1001', None, None, None, None], ['64.74.01', '64.74.02', '64.74.03', None, '64.74.02'])
    """
    kelurahan = load_kelurahan().set_index("kode")["kode_kecamatan"]
    kecamatan = set(load_kecamatan()["kode"])
    bps = bps_kecamatan_map()
    kel, kec = [], []
    for value in values.to_numpy(dtype=object):
        digits = code_digits(value)
        if len(digits) == 7 and digits in bps:  # a BPS kecamatan code, through the crosswalk
            kel.append(None)
            kec.append(bps[digits])
            continue
        code = normalize_region_code(digits) if len(digits) == 10 else None
        if code in kelurahan.index:
            kel.append(code)
            kec.append(kelurahan[code])
        else:
            short = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}" if len(digits) == 6 else None
            kel.append(None)
            kec.append(short if short in kecamatan else None)
    return pd.Series(kel, index=values.index, dtype=object), pd.Series(kec, index=values.index, dtype=object)


def prepare_susenas(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    """Loadable survey households; ``key`` is unused (a survey file carries no NIK)."""
    del key
    region = raw["region_code"] if "region_code" in raw else pd.Series(None, index=raw.index, dtype=object)
    pl.reject_total_rows(checks, [raw[c] for c in ("region_code", "census_block") if c in raw])
    kel, kec = survey_areas(region)
    checks.reject(kec.isna(), "region_unknown", region)
    block = _text(raw, "census_block")
    checks.reject(block.isna(), "census_block_missing")
    weight_raw = raw["weight"] if "weight" in raw else pd.Series(None, index=raw.index, dtype=object)
    weight = checks.numbers("weight", measure=True)
    checks.reject(weight.isna() | (weight <= 0), "weight_invalid", weight_raw)
    exp_raw = raw["expenditure_pc"] if "expenditure_pc" in raw else pd.Series(None, index=raw.index, dtype=object)
    expenditure = checks.numbers("expenditure_pc")
    checks.reject(exp_raw.isna() | (exp_raw.astype(str).str.strip() == ""), "expenditure_missing")
    checks.reject(expenditure.isna(), "expenditure_not_a_number", exp_raw)
    checks.reject(expenditure <= 0, "expenditure_not_positive", exp_raw)
    size_raw = raw["size"] if "size" in raw else pd.Series(None, index=raw.index, dtype=object)
    size = checks.numbers("size")
    checks.reject(size.isna() | (size < 1) | (size != size.round()), "household_size_invalid", size_raw)
    pl.reject_implausible_sizes(checks, size, size_raw, checks.options.max_household_size)
    household = _text(raw, "household_no")
    twice = household.notna() & ~checks.rejected & pd.DataFrame({"b": block, "h": household}).duplicated()
    checks.reject(twice, "survey_household_twice", block.fillna("") + "/" + household.fillna(""))
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "kode_kelurahan": kel,
            "kode_kecamatan": kec,
            "census_block": block,
            "household_no": household,
            "weight": weight,
            "expenditure_pc": expenditure,
            "size": size.round().astype("Int64"),
            **{
                c: checks.numbers(c).round().astype("Int64")
                if c in raw
                else pd.Series(pd.NA, index=raw.index, dtype="Int64")
                for c in SURVEY_COUNTS
            },
            **{c: _text(raw, c) for c in SURVEY_TEXT},
        }
    )
    return clean[~checks.rejected]
