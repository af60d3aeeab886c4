"""The cell key method's core (analytics/disclosure/cellkey.py): its table, its invariants and
its utility loss on the small database (a stated bound: no count moves by more than 2, no rate
over n records by more than 4 / (n - 2))."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.disclosure import cellkey

SECRET = bytes.fromhex("5e" * 32)


def test_the_table_is_unbiased_bounded_and_never_negative():
    cellkey.check_ptable()
    for count in range(0, 40):
        changes = [cellkey.perturbation(count, k) for k in range(cellkey.KEY_RANGE)]
        assert max(map(abs, changes)) <= cellkey.MAX_PERTURBATION
        assert all(count + c >= 0 for c in changes)
        if count == 0:
            assert set(changes) == {0}
        else:
            assert abs(np.mean(changes)) < 0.02 and len(set(changes)) >= 3


def test_the_same_records_give_the_same_published_count_in_any_table():
    ids = [f"KK{i}" for i in range(137)]
    keys = dict(zip(ids, cellkey.record_keys(ids, SECRET), strict=True))
    chosen = ids[5:60]
    once = cellkey.perturb(len(chosen), cellkey.cell_key(keys[i] for i in chosen))
    again = cellkey.perturb(len(chosen), cellkey.cell_key(keys[i] for i in reversed(chosen)))
    assert once == again
    assert cellkey.record_keys(["KK1"], SECRET)[0] == keys["KK1"]
    assert (
        cellkey.record_keys(["KK1"], bytes(32))[0] != keys["KK1"]
        or cellkey.record_keys(["KK2"], bytes(32))[0] != keys["KK2"]
    )


@pytest.fixture(scope="module")
def families(small_db) -> pd.DataFrame:
    with duckdb.connect(str(small_db), read_only=True) as con:
        return con.execute("select year, family_id, kode_kelurahan, desil from family").df()


def test_utility_loss_on_the_small_database_stays_within_the_bound(families):
    families = families.assign(key=cellkey.record_keys(families["family_id"], SECRET))
    families["desil_1"] = families["desil"] == 1
    worst_count, worst_rate, cells = 0, 0.0, 0
    for _, area in families.groupby(["year", "kode_kelurahan"]):
        whole, whole_key = len(area), cellkey.cell_key(area["key"])
        part_rows = area[area["desil_1"]]
        part, part_key = len(part_rows), cellkey.cell_key(part_rows["key"])
        for count, key in ((whole, whole_key), (part, part_key)):
            worst_count = max(worst_count, abs(cellkey.perturb(count, key) - count))
        rate = cellkey.perturbed_rate(part, part_key, whole, whole_key)
        change = abs(rate - part / whole)
        assert change <= cellkey.rate_change_bound(whole) + 1e-12
        worst_rate, cells = max(worst_rate, change), cells + 2
    print(
        f"cell key on small_db: {cells} cells, largest count change {worst_count}, largest rate change {worst_rate:.5f}"
    )
    assert worst_count <= cellkey.MAX_PERTURBATION and cells > 0
