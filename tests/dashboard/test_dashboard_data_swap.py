"""A database swapped in under the same path (an import's os.replace) is read by the
dashboard's next query, while the old file stays readable until then."""

import os

import duckdb

from ui import data


def _make(path, value: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create table t as select ? as v", [value])


def test_swapped_database_file_is_read_after_the_swap(tmp_path, monkeypatch):
    live = tmp_path / "kota.duckdb"
    _make(live, 1)
    monkeypatch.setenv("KEMISKINAN_DB", str(live))
    assert data.cursor().execute("select v from t").fetchone() == (1,)
    first_key = data.db_key()

    fresh = tmp_path / "baru.duckdb"
    _make(fresh, 2)
    os.replace(fresh, live)
    assert data.db_key() != first_key  # every cached result of the old file is left behind
    assert data.cursor().execute("select v from t").fetchone() == (2,)
