"""The verval store: records survive the next year's import and attach to the same family;
append-only versions, review, conflicts, scope and audit."""

import json
import sqlite3
import stat

import duckdb
import pandas as pd
import pytest

from analytics.access import users
from analytics.access.scope import AccessDenied, User
from analytics.errors import InputError
from analytics.verval import families, store
from tests.verval.conftest import NEXT, YEAR, add_next_year

ANALIS = User("ani", "analis")
ADMIN = User("adi", "admin")
FOUND = {
    "outcome": "ditemukan",
    "size": 4,
    "n_working_age": 2,
    "n_disabled": 0,
    "n_elderly": 1,
    "n_out_of_school": 0,
    "floor": "TANAH",
    "wall": "BAMBU",
    "roof": "ASBES/SENG",
    "water_source": "SUMUR TIDAK TERLINDUNG",
    "sanitation": "UMUM/BERSAMA",
    "lighting": "BUKAN LISTRIK",
    "cooking_fuel": "ARANG/KAYU",
    "programs": ["PKH"],
    "income": "upah",
    "finding": "dikoreksi",
    "group": "dtsen",
    "support": "bantu",
    **{f"ind_{i}": i <= 6 for i in range(1, 9)},
    "note": "",
}


def _two_families(db) -> list[tuple[str, str]]:
    """Two families of the first year with both keys unique: (family_id, kelurahan)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select s.family_id, s.kode_kelurahan from stg_regsosek s "
            "join link_key_kk k on k.year = s.year and k.no_kk_hash = s.no_kk_hash "
            "join link_key_head_nik n on n.year = s.year and n.head_nik_hash = s.head_nik_hash "
            "where s.year = ? order by s.family_id limit 2",
            [YEAR],
        ).fetchall()
    return rows


def test_a_record_survives_the_next_import_and_a_new_no_kk_matches_by_head_nik(small_raw, first_year):
    (same, kel_a), (moved, kel_b) = _two_families(first_year)
    with duckdb.connect(str(first_year), read_only=True) as con:
        keys = [families.family_keys(con, YEAR, f) for f in (same, moved)]
    for key in keys:
        store.save_visit(first_year, key, FOUND, 0, user=User("vera", "verifikator", key.kode_kelurahan))
    # Next year the second family has a new No KK and even a new Regsosek id: only the head's NIK is left.
    add_next_year(small_raw, first_year, {moved: {"no_kk": "6474011111119999", "id_keluarga": "BARU-1"}})
    records = store.latest_records(first_year, user=ANALIS)
    with duckdb.connect(str(first_year), read_only=True) as con:
        attached = families.attach(con, NEXT, records).set_index("family_id")
        assert con.execute("select count(*) from family where year = ?", [NEXT]).fetchone()[0] > 0
    assert attached.loc[same, "family_id_now"] == same
    assert attached.loc[same, "matched_by"] == "no_kk"
    assert attached.loc[moved, "family_id_now"] == "BARU-1"
    assert attached.loc[moved, "matched_by"] == "head_nik"


def test_versions_are_appended_and_a_stale_edit_is_refused(first_year):
    (family, kel), _ = _two_families(first_year)
    vera, rina = User("vera", "verifikator", kel), User("rina", "verifikator", kel)
    with duckdb.connect(str(first_year), read_only=True) as con:
        keys = families.family_keys(con, YEAR, family)
    record_id, version = store.save_visit(first_year, keys, FOUND, 0, user=vera)
    assert version == 1
    # Rina opened the family before Vera saved: she saw no record, so her save is a conflict.
    with pytest.raises(store.VervalConflict, match="vera"):
        store.save_visit(first_year, keys, {**FOUND, "size": 5}, 0, user=rina)
    assert store.save_visit(first_year, keys, {**FOUND, "size": 5}, 1, user=rina) == (record_id, 2)
    with pytest.raises(store.VervalConflict):
        store.review(first_year, record_id, 1, "approved", user=ANALIS)
    with pytest.raises(InputError, match="alasan"):
        store.review(first_year, record_id, 2, "returned", user=ANALIS)
    assert store.review(first_year, record_id, 2, "returned", "Foto rumah kurang", user=ANALIS) == 3
    with pytest.raises(InputError, match="dikembalikan"):
        store.review(first_year, record_id, 3, "approved", user=ADMIN)
    assert store.save_visit(first_year, keys, {**FOUND, "size": 6}, 3, user=vera) == (record_id, 4)
    assert store.review(first_year, record_id, 4, "approved", user=ADMIN) == 5
    versions = store.history(first_year, record_id, user=ANALIS)
    assert versions["status"].tolist() == ["submitted", "submitted", "returned", "submitted", "approved"]
    assert [json.loads(v)["size"] for v in versions["visit_json"]] == [4, 5, 5, 6, 6]
    actions = users.read_audit(users.users_path_for(first_year))["action"].tolist()
    assert actions == ["verval_catat", "verval_koreksi", "verval_kembalikan", "verval_koreksi", "verval_setujui"]


def test_the_store_is_private_append_only_and_scoped(first_year):
    (family, kel), _ = _two_families(first_year)
    with duckdb.connect(str(first_year), read_only=True) as con:
        keys = families.family_keys(con, YEAR, family)
    other = "64.74.01.1006" if kel != "64.74.01.1006" else "64.74.01.1001"
    with pytest.raises(AccessDenied):
        store.save_visit(first_year, keys, FOUND, 0, user=User("v", "verifikator", other))
    with pytest.raises(AccessDenied):
        store.save_visit(first_year, keys, FOUND, 0, user=User("p", "pimpinan"))
    with pytest.raises(InputError, match="Lantai"):
        store.save_visit(first_year, keys, {**FOUND, "floor": "EMAS"}, 0, user=ADMIN)
    record_id, _ = store.save_visit(first_year, keys, FOUND, 0, user=ADMIN)
    with pytest.raises(AccessDenied):
        store.review(first_year, record_id, 1, "approved", user=User("v", "verifikator", kel))
    path = store.verval_path_for(first_year)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as con, pytest.raises(sqlite3.DatabaseError, match="verval"):
        con.execute("update verval_record set status = 'approved'")
    assert store.latest_records(first_year, user=User("v", "verifikator", other)).empty
    mine = store.latest_records(first_year, user=User("v", "verifikator", kel))
    assert mine["record_id"].tolist() == [record_id]
    assert not pd.isna(mine["no_kk_key"]).any()
