"""Exports hold approved records only, per channel, each once (a newer approved version again),
are audited, and are refused to roles that do not review."""

import io
import shutil

import duckdb
import pandas as pd
import pytest

from analytics.access import users
from analytics.access.scope import AccessDenied, User
from analytics.verval import exports, families, store
from tests.verval.test_verval_store import FOUND

YEAR = 2024
ANALIS = User("ani", "analis")


@pytest.fixture
def db(small_db, tmp_path):
    path = tmp_path / "kota.duckdb"
    shutil.copy(small_db, path)
    return path


def _families(con, in_dtks: bool, n: int) -> list[str]:
    return (
        con.execute(
            "select f.family_id from family f join link_key_kk k on k.year = f.year and k.family_id = f.family_id "
            "where f.year = ? and f.in_dtks = ? order by f.family_id limit ?",
            [YEAR, in_dtks, n],
        )
        .df()["family_id"]
        .tolist()
    )


def _record(con, db, family_id: str, answers: dict, approve: bool) -> str:
    keys = families.family_keys(con, YEAR, family_id)
    record_id, version = store.save_visit(db, keys, answers, 0, user=User("v", "verifikator", keys.kode_kelurahan))
    if approve:
        store.review(db, record_id, version, "approved", user=ANALIS)
    return record_id


def test_exports_hold_new_approved_records_of_their_channel_only(db):
    referral = {
        **FOUND,
        "group": "bantuan_lain",
        "referrals": ["baznas"],
        "support": "berdayakan",
        **{f"ind_{i}": False for i in range(1, 9)},
    }
    with duckdb.connect(str(db), read_only=True) as con:
        new_poor, pending = _families(con, False, 2)
        (died,) = _families(con, True, 1)
        (helped,) = _families(con, False, 3)[2:]
        _record(con, db, new_poor, FOUND, approve=True)
        _record(con, db, died, {"outcome": "meninggal"}, approve=True)
        _record(con, db, helped, referral, approve=True)
        _record(con, db, pending, FOUND, approve=False)
        first = exports.export_channel(con, db, YEAR, "dtsen", user=ANALIS)
        baznas = exports.export_channel(con, db, YEAR, "baznas", user=ANALIS)
        assert exports.export_channel(con, db, YEAR, "apbd", user=ANALIS).count == 0
        again = exports.export_channel(con, db, YEAR, "dtsen", user=ANALIS)
        # A correction approved later is new again.
        record_id = store.latest_records(db, user=ANALIS).set_index("family_id").loc[new_poor, "record_id"]
        store.save_visit(db, families.family_keys(con, YEAR, new_poor), {**FOUND, "size": 7}, 2, user=ANALIS)
        store.review(db, record_id, 3, "approved", user=User("adi", "admin"))
        corrected = exports.export_channel(con, db, YEAR, "dtsen", user=ANALIS)
    proposals = dict(zip(first.table["ID keluarga (Regsosek)"], first.table["Jenis usulan"], strict=True))
    assert proposals == {new_poor: "TAMBAH", died: "NONAKTIF"}
    assert baznas.table["ID keluarga (Regsosek)"].tolist() == [helped]
    assert again.count == 0
    assert corrected.table["ID keluarga (Regsosek)"].tolist() == [new_poor]
    assert corrected.table["Jumlah anggota"].tolist() == [7]
    assert first.table["NIK kepala keluarga (disamarkan)"].str.fullmatch(r"\d{6}\*{10}|–").all()
    audit = users.read_audit(users.users_path_for(db))
    assert (audit["action"] == "verval_ekspor").sum() == 5
    sheet = pd.read_excel(io.BytesIO(exports.xlsx_bytes(first)), dtype=str, engine="calamine")
    assert sorted(sheet["ID keluarga (Regsosek)"]) == sorted(proposals)


@pytest.mark.parametrize("user", [User("v", "verifikator", "64.74.01.1006"), User("p", "pimpinan")])
def test_exports_are_refused_to_roles_that_do_not_review(db, user):
    with duckdb.connect(str(db), read_only=True) as con, pytest.raises(AccessDenied):
        exports.export_channel(con, db, YEAR, "dtsen", user=user)
