"""NIK pseudonyms, the key, and masking."""

import os
import stat

import pandas as pd
import pytest

from analytics.access.pseudonym import KEY_ENV, mask_nik, nik_key, pseudonymise, pseudonymise_series
from analytics.errors import UserError

NIK = "6474010101800001"


def test_stable_and_key_dependent():
    key_a, key_b = bytes(range(32)), bytes(range(1, 33))
    assert pseudonymise(NIK, key_a) == pseudonymise(NIK, key_a)
    assert pseudonymise(NIK, key_a) != pseudonymise(NIK, key_b)
    assert pseudonymise(NIK, key_a) != pseudonymise("6474010101800002", key_a)
    assert len(pseudonymise(NIK, key_a)) == 64 and NIK not in pseudonymise(NIK, key_a)
    assert pseudonymise(None, key_a) is None


def test_series_matches_scalar():
    key = bytes(range(32))
    series = pd.Series([NIK, None, "6474010101800002", NIK, float("nan")], index=[5, 6, 7, 8, 9], name="nik")
    out = pseudonymise_series(series, key)
    assert list(out.index) == [5, 6, 7, 8, 9] and out.name == "nik"
    first, second = pseudonymise(NIK, key), pseudonymise("6474010101800002", key)
    assert out.tolist() == [first, None, second, first, None]


def test_key_file_created_0600_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    path = tmp_path / "sub" / "nik.key"
    key = nik_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert nik_key(path) == key
    assert nik_key(tmp_path / "other.key") != key


def test_loose_key_file_refused(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    path = tmp_path / "nik.key"
    path.write_text("00" * 32)
    path.chmod(0o644)
    with pytest.raises(UserError, match="terlalu longgar"):
        nik_key(path)


def test_env_key_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    assert nik_key(tmp_path / "never.key") == bytes.fromhex("ab" * 32)
    assert not (tmp_path / "never.key").exists()
    monkeypatch.setenv(KEY_ENV, "bukan-hex")
    with pytest.raises(UserError, match="heksadesimal"):
        nik_key(tmp_path / "never.key")


@pytest.mark.parametrize(
    ("nik", "shown"),
    [
        (NIK, "647401**********"),
        ("647401010180000", "–"),
        ("64740101018000011", "–"),
        ("6.47401E+15", "–"),
        (NIK + "\n", "–"),
        ("", "–"),
        (None, "–"),
        (6474010101800001, "–"),
    ],
)
def test_mask(nik, shown):
    assert mask_nik(nik) == shown
