"""Published test data of R ``sae`` and ``emdi`` (see data/SOURCES.md), loaded once."""

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"

EUSILC_FORMULA = (
    "eqIncome ~ gender + eqsize + cash + self_empl + unempl_ben + age_ben + surv_ben + sick_ben"
    " + dis_ben + rent + fam_allow + house_allow + cap_inv + tax_adj"
)


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv.gz")


@pytest.fixture(scope="session")
def eusilc_smp() -> pd.DataFrame:
    return read("eusilcA_smp")


@pytest.fixture(scope="session")
def eusilc_pop() -> pd.DataFrame:
    return read("eusilcA_pop")


@pytest.fixture(scope="session")
def incomedata() -> pd.DataFrame:
    return read("incomedata")


@pytest.fixture(scope="session")
def milk() -> pd.DataFrame:
    return read("milk")
