"""The query functions that return household rows enforce the caller's scope themselves
(issue 6): the menu hiding a page is not the protection."""

import re

import pytest

from analytics.access.scope import AccessDenied, User
from analytics.programs.coverage import uncovered_eligible
from analytics.quality import quarantine_rows, source_conflicts, verification_priority
from analytics.summary import family_heads

YEAR = 2024
API_API = "64.74.01.1006"
OTHER = "64.74.01.1001"
PIMPINAN = User("pimpinan", "pimpinan")
ANALIS = User("analis", "analis")
ADMIN = User("admin", "admin")
VERIFIKATOR = User("verifikator", "verifikator", API_API)


@pytest.mark.parametrize("user", [PIMPINAN, None, User("x", "tamu"), User("v", "verifikator", None)])
def test_household_functions_refuse_roles_without_household_access(demo_con, user):
    with pytest.raises(AccessDenied, match="Akses ditolak"):
        uncovered_eligible(demo_con, YEAR, user=user)
    with pytest.raises(AccessDenied):
        family_heads(demo_con, YEAR, ["x"], user=user)
    with pytest.raises(AccessDenied):
        verification_priority(demo_con, YEAR, user=user)
    with pytest.raises(AccessDenied):
        source_conflicts(demo_con, YEAR, user=user)
    with pytest.raises(AccessDenied):
        quarantine_rows(demo_con, YEAR, user=user)


def test_verifikator_gets_exactly_its_kelurahan(demo_con):
    everyone = uncovered_eligible(demo_con, YEAR, user=ANALIS)
    own = uncovered_eligible(demo_con, YEAR, user=VERIFIKATOR)
    assert len(own) > 0 and len(everyone) > len(own)
    assert set(own["kode_kelurahan"]) == {API_API}
    assert list(own["family_id"]) == list(everyone.loc[everyone["kode_kelurahan"] == API_API, "family_id"])
    assert list(uncovered_eligible(demo_con, YEAR, kode_kelurahan=API_API, user=VERIFIKATOR)["family_id"]) == list(
        own["family_id"]
    )


def test_verifikator_asking_for_another_kelurahan_is_refused(demo_con):
    with pytest.raises(AccessDenied, match=API_API):
        uncovered_eligible(demo_con, YEAR, kode_kelurahan=OTHER, user=VERIFIKATOR)
    outside = demo_con.execute(
        "select family_id from family where year = ? and kode_kelurahan = ? limit 3", [YEAR, OTHER]
    ).df()["family_id"]
    inside = demo_con.execute(
        "select family_id from family where year = ? and kode_kelurahan = ? limit 3", [YEAR, API_API]
    ).df()["family_id"]
    assert len(family_heads(demo_con, YEAR, inside, user=VERIFIKATOR)) == 3
    with pytest.raises(AccessDenied, match="di luar kelurahan"):
        family_heads(demo_con, YEAR, [*inside, *outside], user=VERIFIKATOR)
    with pytest.raises(AccessDenied, match="di luar kelurahan"):
        family_heads(demo_con, YEAR, [*inside, "tidak-ada"], user=VERIFIKATOR)


def test_verification_priority_and_conflicts_are_narrowed(demo_con):
    everyone = verification_priority(demo_con, YEAR, limit=100_000, user=ANALIS)
    own = verification_priority(demo_con, YEAR, user=VERIFIKATOR)
    assert len(own) > 0 and set(own["kode_kelurahan"]) == {API_API}
    expected = everyone[everyone["kode_kelurahan"] == API_API].head(500)
    assert list(own["family_id"]) == list(expected["family_id"])
    conflicts = source_conflicts(demo_con, YEAR, user=VERIFIKATOR)
    all_conflicts = source_conflicts(demo_con, YEAR, user=ANALIS)
    assert set(conflicts["kode_kelurahan"]) <= {API_API}
    assert len(conflicts) == (all_conflicts["kode_kelurahan"] == API_API).sum() > 0


def test_full_nik_in_quarantine_only_for_admin(demo_con):
    masked = quarantine_rows(demo_con, YEAR, user=ANALIS)
    assert not re.search(r"\d{16}", " ".join(masked["original"]))
    with pytest.raises(AccessDenied, match="Administrator"):
        quarantine_rows(demo_con, YEAR, user=ANALIS, full_nik=True)
    with pytest.raises(AccessDenied):
        quarantine_rows(demo_con, YEAR, user=VERIFIKATOR)
    full = quarantine_rows(demo_con, YEAR, user=ADMIN, full_nik=True)
    assert len(full) == len(masked)
    assert re.search(r"\d{16}", " ".join(full["original"]))


def test_imported_database_file_is_private(demo_db):
    import os
    import stat

    # It holds names and the quarantine's original values: owner-only, like the key files.
    assert stat.S_IMODE(os.stat(demo_db).st_mode) == 0o600
