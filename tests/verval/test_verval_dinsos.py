"""The Dinas Sosial's own verval file: damaged rows flagged and counted, rows that cannot be
placed rejected with reasons, families linked to the register by the No KK pseudonym (checked
against a pandas recomputation from the staged register), the rest counted per kelurahan,
re-imports counted once, records that survive the next year's import, scope, and no clear No
KK or NIK in the store."""

import hashlib
import hmac
import io
import json
import re
import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.access import users
from analytics.access.scope import AccessDenied, User
from analytics.disclosure import is_marker
from analytics.reference import load_kelurahan
from analytics.verval import families, store
from analytics.verval.dinsos import import_dinsos
from analytics.verval.dinsos_file import COLUMNS, rejects_csv
from analytics.verval.dinsos_summary import dinsos_summary
from analytics.verval.visit import DWELLING, FAKIR_MISKIN_MIN
from tests.conftest import TEST_KEYS
from tests.verval.conftest import NEXT, YEAR, add_next_year
from tests.verval.test_verval_store import FOUND

ANALIS = User("ani", "analis")
IND = [f"ind_{i}" for i in range(1, 9)]
KECAMATAN = {"01": "Bontang Utara", "02": "BONTANG SELATAN", "03": "64.74.03"}
KELURAHAN_NAMES = {"64.74.01.1003": "LOKTUAN", "64.74.01.1006": "Api-api", "64.74.02.1001": "Tg. Laut"}
JOBS = ["BURUH/KARYAWAN/PEGAWAI", "BERUSAHA SENDIRI", "TIDAK BEKERJA", "SEKOLAH", "MENGURUS RUMAH TANGGA"]
DWELLING_COLUMNS = {
    "jenis_lantai": "floor",
    "jenis_dinding": "wall",
    "jenis_atap": "roof",
    "sumber_penerangan": "lighting",
    "fasilitas_bab": "sanitation",
    "sumber_air": "water_source",
    "bahan_bakar": "cooking_fuel",
}
YES_NO = [
    "bantuan_sembako",
    "bantuan_pkh",
    "bantuan_blt",
    "subsidi_listrik",
    "subsidi_lpg",
    "bantuan_pemda",
    "bantuan_non_pemerintah",
    "butuh_pangan",
    "butuh_sandang",
    "butuh_kesehatan",
    "butuh_pendidikan",
    "butuh_dokumen",
]


def _pseudonym(no_kk: str) -> str:
    return hmac.new(bytes.fromhex(TEST_KEYS["KEMISKINAN_NIK_KEY"]), no_kk.encode(), hashlib.sha256).hexdigest()


def _register(small_raw) -> pd.DataFrame:
    frame = pd.read_csv(small_raw / str(YEAR) / "regsosek.csv", dtype=str, keep_default_na=False)
    digits = frame["kode_wilayah"].str.replace(".", "", regex=False)
    frame = frame.assign(kode=digits.str[:2] + "." + digits.str[2:4] + "." + digits.str[4:6] + "." + digits.str[6:])
    return frame[frame["kode"].isin(load_kelurahan()["kode"])]  # the export's damaged codes aside


def _family(rng, no_kk: str, kode: str, *, size: int | None = None, met: int | None = None) -> list[dict]:
    size = size or int(rng.integers(1, 6))
    met = int(rng.integers(0, 9)) if met is None else met
    flags = ["Memenuhi Kriteria"] * met + ["Tidak"] * (8 - met)
    rng.shuffle(flags)
    lighting = rng.choice(DWELLING["lighting"][1])
    home = {column: rng.choice(DWELLING[field][1]) for column, field in DWELLING_COLUMNS.items()}
    home |= {"sumber_penerangan": lighting, "daya_listrik": "450 WATT" if lighting == "LISTRIK PLN METERAN" else ""}
    written = KELURAHAN_NAMES.get(kode, kode.replace(".", "") if rng.random() < 0.5 else kode)
    family = {
        "no_keluarga": no_kk,
        "jumlah_indikator": str(met),
        "kecamatan": KECAMATAN[kode[6:8]],
        "kelurahan": written,
        **dict(zip(IND, flags, strict=True)),
        **home,
        "status_keluarga": str(rng.integers(1, 6)),
    }
    return [
        {
            **family,
            "jenis_kelamin": rng.choice(["LAKI-LAKI", "PEREMPUAN"]),
            "status_kawin": "KAWIN",
            "umur": str(rng.integers(0, 90)),
            "ijazah_tertinggi": "TAMAT SD/SEDERAJAT",
            "status_pekerjaan": rng.choice(JOBS),
            "jenis_disabilitas": rng.choice(["", "TIDAK ADA", "FISIK"]),
            **{c: rng.choice(["Ya", "Tidak"]) for c in YES_NO},
        }
        for _ in range(size)
    ]


def dinsos_file(small_raw) -> tuple[pd.DataFrame, dict]:
    """A synthetic Dinas Sosial file: register families (some with a shared No KK), unknown
    numbers, and bad families; with the bad families' row counts and the good families."""
    rng = np.random.default_rng(15)
    reg = _register(small_raw)
    valid = reg[reg["no_kk"].str.fullmatch(r"\d{16}")]
    shared = valid[valid["no_kk"].duplicated(keep=False)].drop_duplicates("no_kk").head(2)
    real = pd.concat([valid.drop_duplicates("no_kk", keep=False).head(24), shared])
    good = [_family(rng, r.no_kk, r.kode, met=[8, 6, 5, 2][i % 4]) for i, r in enumerate(real.itertuples())]
    kodes = sorted(reg["kode"].unique())
    good += [_family(rng, f"DS-{i:04d}", kodes[i % len(kodes)]) for i in range(10)]
    good += [_family(rng, f"6474039{i:09d}", kodes[i % len(kodes)]) for i in range(3)]  # not in the register
    bad = {  # flagged and counted, not rejected
        "atlantis": _family(rng, "DS-BAD1", kodes[0], size=2),
        "count": _family(rng, "DS-BAD2", kodes[1], size=3),
        "differ": _family(rng, "DS-BAD3", kodes[2], size=2, met=3),
        "floor": _family(rng, "DS-BAD4", kodes[3], size=3),
        "excel": _family(rng, "6.47401E+15", kodes[4], size=1),
    }
    bad["atlantis"][1]["kelurahan"] = "ATLANTIS"  # placed by the family's other row
    for row in bad["count"]:
        row["jumlah_indikator"] = str((int(row["jumlah_indikator"]) + 1) % 9)
    bad["differ"][1]["ind_1"] = "Tidak" if bad["differ"][1]["ind_1"] != "Tidak" else "Memenuhi Kriteria"
    bad["differ"][1]["jumlah_indikator"] = str(sum(bad["differ"][1][c] == "Memenuhi Kriteria" for c in IND))
    bad["floor"][2]["jenis_lantai"] = "EMAS"
    lost = _family(rng, "DS-LOST", kodes[5], size=2)  # rejected: no row can be placed
    for row in lost:
        row["kelurahan"] = "ATLANTIS"
    nokey = _family(rng, "", kodes[6], size=1)  # rejected: no family
    good += list(bad.values())
    rows = [row for family in [*good, lost, nokey] for row in family]
    order = rng.permutation(len(rows))
    frame = pd.DataFrame([rows[i] for i in order])[list(COLUMNS)]
    return frame, {"bad_rows": len(lost) + len(nokey), "good": good, "flagged": len(bad)}


def _expected(db, good: list[list[dict]]) -> dict:
    """Independent of the importer's link tables: a No KK links when its HMAC is held by exactly
    one staged Regsosek family of the year."""
    with duckdb.connect(str(db), read_only=True) as con:
        staged = con.execute("select no_kk_hash, family_id from stg_regsosek where year = ?", [YEAR]).df()
    counts = staged["no_kk_hash"].value_counts()
    unique = staged[staged["no_kk_hash"].isin(counts[counts == 1].index)].set_index("no_kk_hash")["family_id"]
    linked = {}
    for family in good:
        number = family[0]["no_keluarga"]
        if re.fullmatch(r"\d{16}", number) and _pseudonym(number) in unique.index:
            linked[number] = unique[_pseudonym(number)]
    return {
        "linked": linked,
        "fakir": sum(any(int(p["jumlah_indikator"]) >= FAKIR_MISKIN_MIN for p in f) for f in good),
        "families": len(good),
        "persons": sum(len(f) for f in good),
    }


@pytest.fixture
def survey(small_raw, first_year):
    frame, built = dinsos_file(small_raw)
    path = first_year.parent / "verval_dinsos_2025.csv"
    frame.to_csv(path, index=False)
    return path, frame, built, _expected(first_year, built["good"])


def _import(db, path, user=ANALIS):
    with duckdb.connect(str(db), read_only=True) as con:
        return import_dinsos(con, db, YEAR, path, user=user)


def test_families_link_count_flag_and_rejected_rows_keep_their_reasons(first_year, survey):
    path, frame, built, want = survey
    assert len(want["linked"]) >= 10 and want["fakir"] > 0  # the file exercises both
    result = _import(first_year, path)
    assert result.count("new") == len(result.linked) == len(want["linked"])
    assert sorted(result.linked["family_id"]) == sorted(want["linked"].values())
    assert result.families == want["families"] and result.persons == want["persons"]
    assert result.unlinked == want["families"] - len(want["linked"])
    assert result.fakir_miskin == want["fakir"]
    assert len(result.rejects) == built["bad_rows"] == len(frame) - want["persons"]
    assert result.rejects["Alasan"].str.len().min() > 0
    assert set(result.rejects["Alasan"].str.split(";").str[0]) == {
        "kelurahan tidak dikenal (bukan nama atau kode kelurahan di Kota Bontang) dan tidak ada anggota keluarganya "
        "yang kelurahannya dikenal",
        "no_keluarga kosong: baris tidak dapat ditempatkan di satu keluarga",
    }
    flags = result.flags.set_index("kode")
    for code in ("kelurahan_baris", "jumlah_indikator", "berbeda:ind_1", "nilai:jenis_lantai", "no_keluarga_excel"):
        assert flags.loc[code, "keluarga"] >= 1 and flags.loc[code, "Alasan"]
    assert result.flagged_families >= built["flagged"]
    assert not result.rejects["no_keluarga"].str.contains(r"\d{16}").any()
    back = pd.read_csv(io.BytesIO(rejects_csv(result.rejects)), dtype=str, keep_default_na=False)
    assert sorted(back["Baris"].astype(int)) == sorted(result.rejects["Baris"])
    records = store.latest_records(first_year, user=ANALIS)
    assert sorted(records["family_id"]) == sorted(want["linked"].values())
    assert (records["status"] == "submitted").all()
    assert all("Dinas Sosial" in json.loads(v)["note"] for v in records["visit_json"])
    visits = [json.loads(v) for v in records["visit_json"]]
    assert sum(v["fakir_miskin"] for v in visits) == sum(
        sum(f[0][c] == "Memenuhi Kriteria" for c in IND) >= FAKIR_MISKIN_MIN
        for f in built["good"]
        if f[0]["no_keluarga"] in want["linked"]
    )
    by_family = {fid: json.loads(v) for fid, v in zip(records["family_id"], records["visit_json"], strict=True)}
    for family in built["good"]:
        if family[0]["no_keluarga"] not in want["linked"]:
            continue
        ages = pd.Series([int(p["umur"]) for p in family])
        school = ages.between(7, 18) & pd.Series([p["status_pekerjaan"] != "SEKOLAH" for p in family])
        stored = by_family[want["linked"][family[0]["no_keluarga"]]]
        assert (stored["size"], stored["n_elderly"], stored["n_working_age"], stored["n_out_of_school"]) == (
            len(family),
            int((ages >= 60).sum()),
            int(ages.between(15, 64).sum()),
            int(school.sum()),
        )
        assert stored["n_disabled"] == sum(p["jenis_disabilitas"] == "FISIK" for p in family)
        assert stored["floor"] == family[0]["jenis_lantai"] and stored["indicator_count"] == int(
            family[0]["jumlah_indikator"]
        )
        assert ("PKH" in stored["programs"]) == any(p["bantuan_pkh"] == "Ya" for p in family)
    summary = dinsos_summary(first_year, YEAR, user=ANALIS)
    total = summary[summary["Kode"] == "64.74"].iloc[0]
    assert total["Keluarga"] == want["families"] and total["Jiwa"] == want["persons"]
    assert total["Tertaut ke register"] == len(want["linked"]) and total["Fakir miskin (≥6 indikator)"] == want["fakir"]
    assert total["Baris ditolak"] == total["Keluarga ditolak"] == 1  # the ATLANTIS rows cannot be placed
    assert total["Keluarga ditandai"] == result.flagged_families
    kel = summary[summary["Kode"] != "64.74"]
    good = pd.DataFrame([f[0] for f in built["good"]])
    assert int(kel[[c for c in kel if c.startswith("Desil")]].sum().sum()) == len(good)
    assert int(kel["Butuh pangan"].sum()) == sum(any(r["butuh_pangan"] == "Ya" for r in f) for f in built["good"])
    audit = users.read_audit(users.users_path_for(first_year))
    entries = audit[audit["action"] == "verval_impor_dinsos"]
    detail = json.loads(entries["detail_json"].iloc[0])
    assert len(entries) == 1 and detail["baru"] == len(want["linked"]) and detail["ditolak"] == built["bad_rows"]


def test_a_reimport_counts_once_changes_are_versions_and_field_records_win(first_year, survey):
    path, frame, _, want = survey
    number, family_id = next(iter(want["linked"].items()))
    first = _import(first_year, path)
    again = _import(first_year, path)
    assert again.same_file_before is not None and again.count("unchanged") == len(want["linked"])
    frame.to_excel(xlsx := path.with_suffix(".xlsx"), index=False)  # the same survey as Excel: another hash
    assert _import(first_year, xlsx).count("unchanged") == len(want["linked"])
    summary = dinsos_summary(first_year, YEAR, user=ANALIS)
    assert summary[summary["Kode"] == "64.74"]["Keluarga"].iloc[0] == first.families
    assert len(store.latest_records(first_year, user=ANALIS)) == len(want["linked"])
    # A corrected file changes one linked family's floor: a new version of its record, to review again.
    rows = frame["no_keluarga"] == number
    floor = "TANAH" if frame.loc[rows, "jenis_lantai"].iloc[0] != "TANAH" else "SEMEN"
    frame.loc[rows, "jenis_lantai"] = floor
    frame.to_csv(path, index=False)
    changed = _import(first_year, path)
    assert changed.count("updated") == 1 and changed.count("unchanged") == len(want["linked"]) - 1
    record = changed.linked.set_index("family_id").loc[family_id]
    assert record["version"] == 2
    assert (
        json.loads(store.history(first_year, record["record_id"], user=ANALIS)["visit_json"].iloc[-1])["floor"] == floor
    )
    # A verifikator's field visit on top: the next file's different values are a conflict, not written.
    with duckdb.connect(str(first_year), read_only=True) as con:
        keys = families.family_keys(con, YEAR, family_id)
    vera = User("vera", "verifikator", keys.kode_kelurahan)
    store.save_visit(first_year, keys, FOUND, 2, user=vera)
    frame.loc[rows, "jenis_lantai"] = "KAYU/PAPAN" if floor != "KAYU/PAPAN" else "BAMBU"
    frame.to_csv(path, index=False)
    clash = _import(first_year, path)
    assert clash.count("conflict") == 1 and clash.linked.set_index("family_id").loc[family_id, "result"] == "conflict"
    assert store.history(first_year, record["record_id"], user=ANALIS)["username"].iloc[-1] == "vera"


def test_linked_records_survive_the_next_years_import(small_raw, first_year, survey):
    path, _, _, want = survey
    _import(first_year, path)
    before = store.latest_records(first_year, user=ANALIS)
    add_next_year(small_raw, first_year, {})
    after = store.latest_records(first_year, user=ANALIS)
    assert sorted(after["record_id"]) == sorted(before["record_id"])
    with duckdb.connect(str(first_year), read_only=True) as con:
        attached = families.attach(con, NEXT, after).set_index("family_id")
        staged = con.execute("select no_kk_hash, family_id from stg_regsosek where year = ?", [NEXT]).df()
    counts = staged["no_kk_hash"].value_counts()
    unique = staged[staged["no_kk_hash"].isin(counts[counts == 1].index)].set_index("no_kk_hash")["family_id"]
    expected = {fid: unique[_pseudonym(no)] for no, fid in want["linked"].items() if _pseudonym(no) in unique.index}
    assert len(expected) >= len(want["linked"]) // 2
    for family_id, now in expected.items():
        assert attached.loc[family_id, "family_id_now"] == now
    assert dinsos_summary(first_year, YEAR, user=ANALIS)["Keluarga"].iloc[-1] == want["families"]


def test_scope_roles_and_the_pimpinan_table(first_year, survey):
    path, *_ = survey
    kel = "64.74.01.1003"
    with pytest.raises(AccessDenied):
        _import(first_year, path, User("vera", "verifikator", kel))
    _import(first_year, path)
    mine = dinsos_summary(first_year, YEAR, user=User("vera", "verifikator", kel))
    assert mine["Kode"].tolist() == [kel]
    with pytest.raises(AccessDenied):
        dinsos_summary(first_year, YEAR, "64.74.02.1001", user=User("vera", "verifikator", kel))
    full = dinsos_summary(first_year, YEAR, user=ANALIS).set_index("Kode")
    boss = dinsos_summary(first_year, YEAR, user=User("p", "pimpinan")).set_index("Kode")
    assert len(boss) == 15 + 3 + 1 and "Berkas" not in boss
    counts = [c for c in boss.columns if c not in ("Wilayah", "Kebutuhan terbanyak")]
    shown = boss[counts].to_numpy().ravel()
    assert not any(isinstance(v, (int, np.integer)) and 1 <= v < 10 for v in shown)
    assert any(is_marker(v) for v in shown)
    for code in full.index.drop("64.74"):  # what is shown is true
        for column in counts:
            if not is_marker(boss.loc[code, column]):
                assert boss.loc[code, column] == full.loc[code, column]


def test_the_store_holds_no_clear_no_kk_or_nik(small_raw, first_year, survey):
    path, frame, *_ = survey
    _import(first_year, path)
    raw = b"".join(p.read_bytes() for p in first_year.parent.glob("*.sqlite*"))
    assert raw and store.verval_path_for(first_year).exists()
    reg = _register(small_raw)
    numbers = set(frame["no_keluarga"]) | set(reg["no_kk"]) | set(reg["nik_kepala_keluarga"])
    numbers = {n for n in numbers if re.fullmatch(r"\d{16}", n)}
    assert numbers and not [n for n in numbers if n.encode() in raw]


def test_the_command_line_prints_counts_and_writes_the_rejects(first_year, survey, tmp_path, capsys):
    path, _, built, want = survey
    shutil.copy(path, tmp_path / "berkas.csv")
    users.add_user(users.users_path_for(first_year), "ani", "rahasia-ani", "analis")
    out = tmp_path / "ditolak.csv"
    code = main(
        [
            "verval",
            "dinsos",
            str(tmp_path / "berkas.csv"),
            "--db",
            str(first_year),
            "--year",
            str(YEAR),
            "--as",
            "ani",
            "--rejects",
            str(out),
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"{len(want['linked'])} keluarga tertaut" in printed.err
    assert f"{built['bad_rows']} baris ditolak" in printed.err
    table = pd.read_csv(io.StringIO(printed.out), dtype={"kode": str})
    assert list(table.columns) == [
        "kode",
        "kelurahan",
        "families",
        "persons",
        "fakir_miskin",
        "flagged_families",
        "rejected_families",
    ]
    assert table["families"].sum() == want["families"] and table["fakir_miskin"].sum() == want["fakir"]
    assert table["rejected_families"].sum() == 2 and table["kode"].isna().sum() == 1
    assert len(pd.read_csv(out, dtype=str)) == built["bad_rows"]
    assert main(["verval", "dinsos", str(path), "--db", str(first_year), "--year", "1999", "--as", "ani"]) == 2
