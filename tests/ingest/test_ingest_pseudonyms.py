"""NIK pseudonymisation in the importer (UU 27/2022): after an import no table but the
quarantine holds a whole NIK or No KK; links are the same under any key; the stored
pseudonyms are the keyed HMAC of the cleaned numbers, so they are reproducible only with the
key."""

import hashlib
import re
import shutil

import duckdb
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from analytics.access.pseudonym import KEY_ENV, mask_nik, pseudonymise
from analytics.ingest import NIK_STORAGE, ImportFailed, run_import

KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 132))
# Separators that damaged exports put inside a number; removed before looking for 16 digits,
# so "6474 0112 0485 0003", "'6474..." and a float "6474014303820000.0" are all caught.
_SEPARATORS = re.compile(r"[\s.'`\-]")
_DIGIT_RUN = re.compile(r"\d{16,}")


def sixteen_digit_strings(text: str) -> set[str]:
    """Every 16-digit window of every run of at least 16 digits, separators ignored."""
    found = set()
    for run in _DIGIT_RUN.findall(_SEPARATORS.sub("", text)):
        found.update(run[i : i + 16] for i in range(len(run) - 15))
    return found


def test_the_digit_scanner_finds_damaged_forms():
    assert sixteen_digit_strings("NIK '6474 0112 0485 0003.") == {"6474011204850003"}
    assert sixteen_digit_strings("6474014303820000.0") == {"6474014303820000", "4740143038200000"}
    assert sixteen_digit_strings("647401**********") == set()
    assert sixteen_digit_strings("6.47401E+15") == set()


def _export_cells(path) -> list[str]:
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return [v for col in frame.columns for v in frame[col].tolist()]
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return [str(v) for row in rows[1:] for v in row]


@pytest.fixture(scope="module")
def raw_identifiers(small_raw) -> set[str]:
    """Every 16-digit string in any cell of the raw export files (not the truth folder)."""
    found: set[str] = set()
    files = [p for p in small_raw.glob("[0-9][0-9][0-9][0-9]/*") if p.suffix in (".csv", ".xlsx")]
    assert len(files) == 25  # five sources a year, the survey included
    for path in files:
        for cell in _export_cells(path):
            found |= sixteen_digit_strings(cell)
    assert len(found) > 5000  # NIKs of heads and members, and No KKs, of five years
    return found


@pytest.fixture(scope="module")
def imported(small_raw, tmp_path_factory):
    """The small demo imported twice, under two keys."""
    folder = tmp_path_factory.mktemp("pseudonyms")
    raw = folder / "raw"
    shutil.copytree(small_raw, raw, ignore=shutil.ignore_patterns("truth"))
    dbs = {}
    for name, key in (("a", KEY_A), ("b", KEY_B)):
        dbs[name] = folder / f"{name}.duckdb"
        run_import(raw, dbs[name], nik_key=key)
    cons = {name: duckdb.connect(str(db), read_only=True) for name, db in dbs.items()}
    yield raw, cons
    for con in cons.values():
        con.close()


def identifiers_in_tables(con, skip=("quarantine",)) -> dict[tuple[str, str], set[str]]:
    """16-digit strings found in each (table, column) of the database, every column read as text."""
    hits: dict[tuple[str, str], set[str]] = {}
    tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
    assert {"family", "person", "stg_regsosek", "stg_dtks", "data_issue", "link_key_kk"} <= set(tables)
    for table in tables:
        if table in skip:
            continue
        for (column,) in con.execute(
            "select column_name from duckdb_columns() where table_name = ? order by column_index", [table]
        ).fetchall():
            values = con.execute(
                f'select distinct cast("{column}" as varchar) from "{table}" where "{column}" is not null'
            ).fetchall()
            found = set().union(*(sixteen_digit_strings(v) for (v,) in values)) if values else set()
            if found:
                hits[(table, column)] = found
    return hits


def test_no_table_but_quarantine_holds_a_nik_or_no_kk(imported, raw_identifiers):
    _, cons = imported
    leaks = {
        where: sorted(found & raw_identifiers)[:3]
        for where, found in identifiers_in_tables(cons["a"]).items()
        if found & raw_identifiers
    }
    assert leaks == {}


def test_the_scan_does_find_the_numbers_the_quarantine_keeps(imported, raw_identifiers):
    """The check above can fail: the quarantine's original values hold whole NIKs and it is found."""
    _, cons = imported
    hits = identifiers_in_tables(cons["a"], skip=())
    assert hits.get(("quarantine", "original"), set()) & raw_identifiers


def test_the_database_records_that_niks_are_pseudonymised(imported):
    """So a reader can tell it from a database imported before (full NIK columns)."""
    _, cons = imported
    stored = cons["a"].execute("select value from import_meta where key = 'nik_storage'").fetchone()
    assert stored == (NIK_STORAGE,) == ("hmac-sha256",)


LINK_QUERIES = {
    "family": "select year, family_id, in_dtks, in_p3ke, dtks_link, p3ke_link, p3ke_desil from family",
    "link_dtks": "select * from link_dtks",
    "link_p3ke_keluarga": "select * from link_p3ke_keluarga",
    "link_p3ke_individu": "select * from link_p3ke_individu",
    "person": "select year, source, source_row_id, family_id, link_method, nik_masked, nik_status from person",
    "data_issue": "select * from data_issue",
}


@pytest.mark.parametrize("table", list(LINK_QUERIES))
def test_links_do_not_depend_on_the_key(imported, table):
    _, cons = imported
    sql = LINK_QUERIES[table] + " order by all"
    a, b = cons["a"].execute(sql).df(), cons["b"].execute(sql).df()
    assert len(a) > 100
    pd.testing.assert_frame_equal(a, b)


def test_linkage_found_families_through_the_pseudonyms(imported):
    """Links by No KK and head NIK (equal pseudonyms) do happen, not only by name."""
    _, cons = imported
    methods = dict(cons["a"].execute("select method, count(*) from link_dtks group by 1").fetchall())
    assert methods.get("no_kk", 0) > 1000 and methods.get("head_nik", 0) > 10
    methods = dict(cons["a"].execute("select method, count(*) from link_p3ke_keluarga group by 1").fetchall())
    assert methods.get("head_nik", 0) > 500


@pytest.mark.parametrize(
    "table, column",
    [
        ("stg_regsosek", "no_kk_hash"),
        ("stg_regsosek", "head_nik_hash"),
        ("stg_dtks", "nik_hash"),
        ("stg_dtks", "raw_kk_hash"),
        ("stg_p3ke_keluarga", "head_nik_hash"),
        ("person", "nik_hash"),
    ],
)
def test_pseudonyms_differ_between_keys(imported, table, column):
    _, cons = imported
    key_cols = "year, source, source_row_id" if table == "person" else "year, row_number"
    sql = f"select {key_cols}, {column} from {table} where {column} is not null order by all"
    a, b = cons["a"].execute(sql).df(), cons["b"].execute(sql).df()
    assert len(a) > 100 and len(a) == len(b)
    assert a[column].str.fullmatch(r"[0-9a-f]{64}").all()
    assert (a[column] != b[column]).all()
    assert not set(a[column]) & set(b[column])


def _plain_numbers(path, column) -> pd.DataFrame:
    """Rows (spreadsheet row number, whole record) whose cell is a plain 16-digit number."""
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    else:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        frame = pd.DataFrame([[str(v) for v in r] for r in rows[1:]], columns=rows[0])
    frame.insert(0, "row_number", frame.index + 2)
    return frame[frame[column].str.fullmatch(r"\d{16}")]


@pytest.mark.parametrize(
    "file, header, table, column, masked",
    [
        ("regsosek.csv", "nik_kepala_keluarga", "stg_regsosek", "head_nik_hash", "head_nik_masked"),
        ("regsosek.csv", "no_kk", "stg_regsosek", "no_kk_hash", None),
        ("dtks.csv", "nomor_nik", "stg_dtks", "nik_hash", "nik_masked"),
        ("dtks.csv", "nomor_kk", "stg_dtks", "no_kk_hash", None),
        ("p3ke_keluarga.xlsx", "NIK Kepala Keluarga", "stg_p3ke_keluarga", "head_nik_hash", "head_nik_masked"),
        ("p3ke_individu.xlsx", "NIK", "stg_p3ke_individu", "nik_hash", "nik_masked"),
    ],
)
def test_a_stored_pseudonym_is_the_keyed_hmac_of_the_raw_number(imported, file, header, table, column, masked):
    raw, cons = imported
    numbers = _plain_numbers(raw / "2024" / file, header)[["row_number", header]]
    shown = f"{masked}" if masked else "null"
    stored = (
        cons["a"]
        .execute(f"select row_number, {column} as stored, {shown} as masked from {table} where year = 2024")
        .df()
    )
    got = numbers.merge(stored, on="row_number")
    assert len(got) > 20
    number, first = got[header], got.iloc[0]
    assert (got["stored"] == [pseudonymise(n, KEY_A) for n in number]).all()
    # Without the key the number cannot be found again: another key or a plain hash differ.
    assert first["stored"] != pseudonymise(first[header], KEY_B)
    assert first["stored"] != hashlib.sha256(first[header].encode()).hexdigest()
    if masked:
        assert (got["masked"] == number.str[:6] + "*" * 10).all()
        assert (got["masked"] == number.map(mask_nik)).all()


def test_person_keeps_the_pseudonym_and_mask_of_its_staged_row(imported):
    raw, cons = imported
    numbers = _plain_numbers(raw / "2024" / "dtks.csv", "nomor_nik")
    person = (
        cons["a"]
        .execute(
            "select source_row_id as iddtks, nik_hash, nik_masked from person where year = 2024 and source = 'dtks'"
        )
        .df()
    )
    got = numbers.merge(person, on="iddtks")
    assert len(got) > 20
    assert (got["nik_hash"] == [pseudonymise(n, KEY_A) for n in got["nomor_nik"]]).all()
    assert (got["nik_masked"] == got["nomor_nik"].map(mask_nik)).all()


def test_the_key_comes_from_the_environment_by_default(small_raw, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    shutil.copy(small_raw / "2024" / "regsosek.csv", raw / "2024")
    key = bytes(range(50, 82))
    monkeypatch.setenv(KEY_ENV, key.hex())
    db = tmp_path / "env.duckdb"
    run_import(raw, db)
    numbers = _plain_numbers(raw / "2024" / "regsosek.csv", "nik_kepala_keluarga")
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select row_number, head_nik_hash from stg_regsosek").df()
    got = numbers.merge(stored, on="row_number")
    assert len(got) > 20
    assert (got["head_nik_hash"] == [pseudonymise(n, key) for n in got["nik_kepala_keluarga"]]).all()


def test_an_unusable_key_stops_the_import_before_anything_is_built(small_raw, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "bukan-heksadesimal")
    db = tmp_path / "x.duckdb"
    with pytest.raises(ImportFailed, match="Kunci NIK"):
        run_import(small_raw, db)
    assert not db.exists() and not list(tmp_path.glob("x.duckdb*"))
