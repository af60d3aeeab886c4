"""The worklist: reasons that hold for each family, the order they are worked, the scope of a
verifikator and the progress made by records."""

import shutil

import duckdb
import pytest

from analytics.access.scope import AccessDenied, User
from analytics.verval import families, store
from analytics.verval.worklist import REASONS, worklist, worklist_families
from tests.verval.test_verval_store import FOUND

YEAR = 2024


@pytest.fixture(scope="module")
def small_con(small_db):
    con = duckdb.connect(str(small_db), read_only=True)
    yield con
    con.close()


def test_each_reason_holds_and_reasons_are_worked_in_order(small_con):
    table = worklist_families(small_con, YEAR, user=User("a", "analis"))
    first = table["reasons"].map(lambda r: list(REASONS).index(r[0]))
    assert first.is_monotonic_increasing
    assert set(first) >= {0, 2, 3, 5}, "the small city has families of most reasons"
    current = set(small_con.execute("select family_id from family where year = ?", [YEAR]).df()["family_id"])
    for row in table.itertuples():
        if "exclusion" in row.reasons:
            assert not row.has_program and row.probability >= 0.5
        if "inclusion" in row.reasons:
            assert row.has_program
        if "desil_1" in row.reasons:
            assert row.desil == 1
        assert ("not_seen" in row.reasons) == (row.family_id not in current)
    assert table["family_id"].is_unique


def test_a_verifikator_gets_its_kelurahan_only(small_con):
    everyone = worklist_families(small_con, YEAR, user=User("a", "admin"))
    kelurahan = everyone["kode_kelurahan"].mode()[0]
    mine = worklist_families(small_con, YEAR, user=User("v", "verifikator", kelurahan))
    assert set(mine["kode_kelurahan"]) == {kelurahan}
    assert sorted(mine["family_id"]) == sorted(everyone.loc[everyone["kode_kelurahan"] == kelurahan, "family_id"])
    other = next(k for k in everyone["kode_kelurahan"].unique() if k != kelurahan)
    with pytest.raises(AccessDenied):
        worklist_families(small_con, YEAR, kelurahan=other, user=User("v", "verifikator", kelurahan))
    with pytest.raises(AccessDenied):
        worklist_families(small_con, YEAR, user=User("p", "pimpinan"))


def test_a_record_marks_its_family_visited(small_db, tmp_path):
    db = tmp_path / "kota.duckdb"
    shutil.copy(small_db, db)
    with duckdb.connect(str(db), read_only=True) as con:
        before = worklist(con, db, YEAR, user=User("a", "analis"))
        target = before.families[~before.families["reasons"].map(lambda r: "not_seen" in r)].iloc[3]
        vera = User("vera", "verifikator", target["kode_kelurahan"])
        store.save_visit(db, families.family_keys(con, YEAR, target["family_id"]), FOUND, 0, user=vera)
        after = worklist(con, db, YEAR, user=vera)
    assert before.visited == 0
    assert after.visited == 1 and after.total == (before.families["kode_kelurahan"] == vera.kelurahan).sum()
    visited = after.families[after.families["status"].notna()]
    assert visited["family_id"].tolist() == [target["family_id"]]
    assert visited["status"].tolist() == ["submitted"]
