"""Scope rule and signed session tokens."""

import base64
import json

import pytest

from analytics.access.scope import AccessDenied, User, can_see_households, household_scope, issue_token, read_token
from analytics.errors import UserError

API_API = "64.74.01.1006"
OTHER = "64.74.01.1001"
KEY = b"k" * 32


def test_can_see_households_by_role():
    assert not can_see_households(User("p", "pimpinan"))
    assert can_see_households(User("a", "analis"))
    assert can_see_households(User("v", "verifikator", API_API))
    assert can_see_households(User("ad", "admin"))
    assert not can_see_households(None)
    assert not can_see_households(User("x", "tamu"))


def test_verifikator_only_own_kelurahan():
    user = User("v", "verifikator", API_API)
    assert household_scope(user, API_API) == API_API
    assert household_scope(user, None) == API_API  # whole city narrowed to its kelurahan
    with pytest.raises(AccessDenied, match="Akses ditolak: verifikator hanya dapat melihat") as info:
        household_scope(user, OTHER)
    assert isinstance(info.value, PermissionError)
    assert OTHER in str(info.value)


def test_pimpinan_never_households():
    for kode in (None, API_API):
        with pytest.raises(AccessDenied, match="Pimpinan hanya dapat melihat angka agregat"):
            household_scope(User("p", "pimpinan"), kode)


def test_analis_admin_any_kelurahan_and_unknown_refused():
    for role in ("analis", "admin"):
        assert household_scope(User("u", role), OTHER) == OTHER
        assert household_scope(User("u", role), None) is None
    with pytest.raises(AccessDenied):
        household_scope(None, None)
    with pytest.raises(AccessDenied):
        household_scope(User("u", "tamu"), OTHER)
    with pytest.raises(AccessDenied, match="belum ditugaskan"):
        household_scope(User("v", "verifikator"), OTHER)


def test_token_round_trip():
    user = User("verif", "verifikator", API_API)
    token = issue_token(user, KEY, now=1000)
    assert read_token(token, KEY, max_age_s=3600, now=1500) == user


def test_token_expired_and_future():
    token = issue_token(User("a", "analis"), KEY, now=1000)
    assert read_token(token, KEY, max_age_s=3600, now=1000 + 3601) is None
    assert read_token(token, KEY, max_age_s=3600, now=1000 - 3600) is None


def test_token_tampered_payload_or_key():
    token = issue_token(User("p", "pimpinan"), KEY, now=1000)
    body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["r"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    assert read_token(f"{forged}.{signature}", KEY, 3600, now=1001) is None
    assert read_token(token, b"z" * 32, 3600, now=1001) is None
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert read_token(f"{body}.{flipped}", KEY, 3600, now=1001) is None
    for junk in ("", "abc", "a.b.c", "é.é", None):
        assert read_token(junk, KEY, 3600, now=1001) is None


def test_token_key_too_short():
    with pytest.raises(UserError):
        issue_token(User("a", "analis"), b"short")
