"""Check, commit and cancel: the live database and the raw archive stay byte-for-byte as they
were until "Terapkan"; commit swaps the candidate in atomically; a failure leaves nothing behind."""

import json
import os
import re
import shutil

import duckdb
import pandas as pd
import pytest

from analytics.access.scope import AccessDenied, User
from analytics.access.users import read_audit, users_path_for
from analytics.upload import (
    IncomingFile,
    UploadRefused,
    cancel_import,
    commit_import,
    pending_import,
    stage_upload,
    validation_report,
)
from analytics.upload.workspace import candidate_path, locked
from tests.upload.conftest import ADMIN, fingerprint, leftovers, tree_fingerprint

FULL_NIK = re.compile(r"\b\d{16}\b")


def altered_regsosek(path, rows: int) -> bytes:
    """A Regsosek export whose first ``rows`` rows have an expenditure that is not a number."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[: rows - 1, "pengeluaran_per_kapita"] = "tidak tahu"
    return frame.to_csv(index=False).encode()


def audit_actions(live):
    return read_audit(users_path_for(live))["action"].tolist()


def test_a_demo_year_is_checked_without_touching_the_live_database_then_committed(live, demo_raw, monkeypatch):
    # A full-scale year among small ones: the next (small) year would trip the frame guard.
    monkeypatch.setenv("KEMISKINAN_IMPORT_MIN_FRAME_SHARE", "0")
    archive = live.parent / "arsip"
    before, archive_before = fingerprint(live), tree_fingerprint(archive)
    year_dir = demo_raw / "2024"
    files = [
        # Names say nothing: the content decides format and source.
        IncomingFile("Regsosek Bontang final.xlsx", altered_regsosek(year_dir / "regsosek.csv", 40)),
        IncomingFile("dtks_2024_revisi.csv", (year_dir / "dtks.csv").read_bytes()),
        IncomingFile("P3KE KK.xlsx", (year_dir / "p3ke_keluarga.xlsx").read_bytes()),
    ]
    pending = stage_upload(live, 2024, files, ADMIN)

    assert [(f.name, f.source, f.format, f.stored_as) for f in pending.files] == [
        ("Regsosek Bontang final.xlsx", "regsosek", "csv", "regsosek.csv"),
        ("dtks_2024_revisi.csv", "dtks", "csv", "dtks.csv"),
        ("P3KE KK.xlsx", "p3ke_keluarga", "xlsx", "p3ke_keluarga.xlsx"),
    ]
    # not uploaded: the archive's files are used
    assert pending.kept == ("p3ke_individu.xlsx", "susenas.csv")
    assert pending.year_existed
    assert pending_import(live) == pending
    assert fingerprint(live) == before, "the live database is not touched by a check"
    assert tree_fingerprint(archive) == archive_before, "nor is the raw archive"

    report = validation_report(pending, ADMIN)
    log = report.log.set_index("source")
    assert set(log.index) == {"regsosek", "dtks", "p3ke_keluarga", "p3ke_individu", "susenas"}
    assert (log["rows_read"] == log["loaded"] + log["duplicates_merged"] + log["quarantined"]).all()
    regsosek_rows = sum(1 for _ in open(year_dir / "regsosek.csv", encoding="utf-8-sig")) - 1
    assert log.loc["regsosek", "rows_read"] == regsosek_rows
    assert log.loc["regsosek", "loaded"] > 10 * log.loc["regsosek", "loaded_before"], "full scale over small"
    reasons = report.reasons.set_index(["source", "reason_code"])["rows"]
    assert reasons[("regsosek", "expenditure_not_a_number")] >= 35  # a few fail an earlier check first
    quarantined = report.quarantine[report.quarantine["source"] == "regsosek"]
    # The demo repeats about 1 % of its rows exactly (analytics/generate/damage.py); an altered
    # row that repeats the altered row before it is merged as a duplicate, not quarantined.
    head = pd.read_csv(year_dir / "regsosek.csv", dtype=str, keep_default_na=False).iloc[:40]
    repeated = {int(i) + 2 for i in head.index[head.duplicated()]}
    assert set(range(2, 42)) - repeated <= set(quarantined["row_number"]), "every altered row (spreadsheet rows 2-41)"
    altered = quarantined[quarantined["reason_code"] == "expenditure_not_a_number"]
    assert altered["original"].str.contains('"pengeluaran_per_kapita": "tidak tahu"').all()
    assert altered["original"].str.contains(FULL_NIK).any(), "the admin sees the original NIK"
    years = report.years.set_index("year")
    others = years.drop(index=2024)
    assert (others["families_before"] == others["families_after"]).all(), "other years are rebuilt unchanged"
    assert years.loc[2024, "families_after"] == log.loc["regsosek", "loaded"]
    headline = report.headline.set_index("indicator")
    assert 0 < headline.loc["p0", "after"] < 1 and 0 < headline.loc["p0", "before"] < 1
    assert headline.loc["population", "after"] == years.loc[2024, "persons_after"]

    with pytest.raises(UploadRefused, match="Sudah ada impor tahun 2024 yang menunggu keputusan"):
        stage_upload(live, 2023, files[1:2], ADMIN)

    old_inode = os.stat(live).st_ino
    with duckdb.connect(str(live), read_only=True) as reader:  # a user reading during the swap
        committed = commit_import(live, pending.id, ADMIN)
        assert (
            reader.execute("select count(*) from family where year = 2024").fetchone()[0]
            == (years.loc[2024, "families_before"])
        ), "an open connection keeps reading the old file"
    assert committed.id == pending.id
    assert os.stat(live).st_ino != old_inode
    assert fingerprint(live) != before
    with duckdb.connect(str(live), read_only=True) as con:
        assert (
            con.execute("select count(*) from family where year = 2024").fetchone()[0]
            == (years.loc[2024, "families_after"])
        )
        assert con.execute("select value from import_meta where key = 'raw_dir'").fetchone()[0] == str(
            archive.resolve()
        ), "the next import finds the archive, not the deleted staging folder"
    assert sorted(p.name for p in (archive / "2024").iterdir()) == [
        "dtks.csv",
        "p3ke_individu.xlsx",
        "p3ke_keluarga.xlsx",
        "regsosek.csv",
        "susenas.csv",
    ]
    assert (archive / "2024" / "regsosek.csv").read_bytes() == files[0].data
    assert (archive / "2024" / "p3ke_individu.xlsx").read_bytes() == (
        (live.parent / "arsip" / "2024" / "p3ke_individu.xlsx").read_bytes()
    )
    backups = list((archive / ".sebelum-impor").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("2024-")
    assert {k: v for k, v in tree_fingerprint(backups[0]).items()} == {
        k.removeprefix("2024/"): v for k, v in archive_before.items() if k.startswith("2024/")
    }, "the replaced files are kept"
    assert pending_import(live) is None
    assert leftovers(live) == []
    assert audit_actions(live)[-2:] == ["impor_uji", "impor_terapkan"]
    detail = json.loads(read_audit(users_path_for(live))["detail_json"].iloc[-2])
    assert detail["tahun"] == 2024 and detail["baris"] > 0
    assert detail["berkas"][0] == "Regsosek Bontang final.xlsx → regsosek"


def _small_upload(small_raw, year=2023):
    folder = small_raw / str(year)
    return [IncomingFile("data regsosek.csv", altered_regsosek(folder / "regsosek.csv", 5))]


def test_cancel_leaves_everything_as_it_was(live, small_raw):
    archive = live.parent / "arsip"
    before, archive_before = fingerprint(live), tree_fingerprint(archive)
    pending = stage_upload(live, 2023, _small_upload(small_raw), ADMIN)
    assert candidate_path(live).exists()
    cancelled = cancel_import(live, pending.id, ADMIN)
    assert cancelled.id == pending.id
    assert pending_import(live) is None
    assert fingerprint(live) == before
    assert tree_fingerprint(archive) == archive_before
    assert leftovers(live) == []
    assert audit_actions(live)[-2:] == ["impor_uji", "impor_batal"]
    with pytest.raises(UploadRefused, match="Tidak ada impor yang menunggu"):
        commit_import(live, pending.id, ADMIN)


def test_a_failed_import_leaves_the_live_database_and_archive_untouched(live, small_raw):
    archive = live.parent / "arsip"
    (archive / "2022" / "p3ke_keluarga.xlsx").write_bytes(b"rusak")  # another year's file is damaged
    before, archive_before = fingerprint(live), tree_fingerprint(archive)
    with pytest.raises(UploadRefused) as refused:
        stage_upload(live, 2023, _small_upload(small_raw), ADMIN)
    assert refused.value.messages[0].startswith("Impor gagal, database tidak berubah: 2022/p3ke_keluarga.xlsx")
    assert fingerprint(live) == before
    assert tree_fingerprint(archive) == archive_before
    assert pending_import(live) is None
    assert leftovers(live) == [], "no half-built candidate or staging is kept"


def test_commit_is_refused_when_the_live_database_changed_since_the_check(live, small_raw):
    pending = stage_upload(live, 2025, _small_upload(small_raw, 2025), ADMIN)
    os.utime(live, ns=(1, 1))  # e.g. an import from the command line in between
    before = fingerprint(live)
    with pytest.raises(UploadRefused, match="Database berubah sejak pemeriksaan"):
        commit_import(live, pending.id, ADMIN)
    assert fingerprint(live) == before
    assert pending_import(live) == pending
    with pytest.raises(UploadRefused, match="sudah diganti admin lain"):
        commit_import(live, "bukan-ini", ADMIN)
    cancel_import(live, None, ADMIN)
    assert leftovers(live) == []


def test_a_second_admin_cannot_stage_while_the_lock_is_held(live, small_raw):
    with locked(live), pytest.raises(UploadRefused, match="Impor lain sedang diproses"):
        stage_upload(live, 2023, _small_upload(small_raw), ADMIN)
    assert pending_import(live) is None


def test_a_missing_raw_archive_is_said_clearly(live, small_raw):
    shutil.rmtree(live.parent / "arsip")
    with pytest.raises(UploadRefused, match="Folder arsip data mentah .*arsip .* tidak ditemukan"):
        stage_upload(live, 2023, _small_upload(small_raw), ADMIN)
    assert leftovers(live) == []


@pytest.mark.parametrize("role", ["analis", "pimpinan", "verifikator"])
def test_only_an_admin_may_import(live, small_raw, role):
    user = User("x", role, "64.74.01.1006" if role == "verifikator" else None)
    with pytest.raises(AccessDenied):
        stage_upload(live, 2023, _small_upload(small_raw), user)
    with pytest.raises(AccessDenied):
        commit_import(live, "x", user)
    with pytest.raises(AccessDenied):
        cancel_import(live, None, user)
