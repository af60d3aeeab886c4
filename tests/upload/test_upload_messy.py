"""The Impor Data page takes exports as they come, and its guards leave everything untouched
(issue 12): the same detection as the command line, the report per file and sheet, and the
quarantine-share guard with its recorded override."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.access.users import read_audit, users_path_for
from analytics.upload import IncomingFile, UploadRefused, cancel_import, stage_upload, validation_report
from tests.upload.conftest import ADMIN, fingerprint, leftovers, tree_fingerprint


def _regsosek(small_raw, year=2023) -> pd.DataFrame:
    return pd.read_csv(small_raw / str(year) / "regsosek.csv", dtype=str, keep_default_na=False)


def test_a_messy_csv_under_a_browser_name_is_read_and_reported(live, small_raw):
    frame = _regsosek(small_raw)
    frame.loc[0, "alamat"] = "Jl. Kenanga, dekat kafé"  # a character Windows-1252 writes in its own way
    text = "DATA REGSOSEK KOTA BONTANG\r\n\r\n" + frame.to_csv(index=False, sep=";", lineterminator="\r\n")
    files = [IncomingFile("Regsosek_BONTANG_2023 (1).xlsx", text.encode("cp1252"))]
    pending = stage_upload(live, 2023, files, ADMIN)
    assert [(f.source, f.format, f.stored_as) for f in pending.files] == [("regsosek", "csv", "regsosek.csv")]
    report = validation_report(pending, ADMIN)
    part = report.parts.set_index("source").loc["regsosek"]
    assert (part["format"], part["encoding"], part["delimiter"], part["header_row"]) == (
        "teks CSV",
        "Windows-1252",
        "titik koma",
        "3",
    )
    assert part["rows_read"] == len(frame)
    assert part["rows_read"] == part["loaded"] + part["duplicates_merged"] + part["quarantined"]
    cancel_import(live, pending.id, ADMIN)


def test_too_many_quarantined_rows_are_refused_unless_the_admin_accepts_them(live, small_raw):
    frame = _regsosek(small_raw)
    frame.loc[: len(frame) // 5, "kode_wilayah"] = "6474019999"  # a fifth of the rows in no kelurahan
    files = [IncomingFile("regsosek.csv", frame.to_csv(index=False).encode())]
    archive = live.parent / "arsip"
    before, archive_before = fingerprint(live), tree_fingerprint(archive)
    with pytest.raises(UploadRefused) as refused:
        stage_upload(live, 2023, files, ADMIN)
    message = refused.value.messages[0]
    assert "di atas batas 5,0 %" in message and "wilayah tidak dikenal" in message and "6474019999" in message
    assert fingerprint(live) == before and tree_fingerprint(archive) == archive_before
    assert leftovers(live) == []

    pending = stage_upload(live, 2023, files, ADMIN, accept_quarantine=True)
    assert pending.accept_quarantine
    report = validation_report(pending, ADMIN)
    assert any("sengaja dilewati" in note for note in report.notes)
    assert report.parts["warnings"].fillna("").str.contains("sengaja dilewati").any()
    audit = read_audit(users_path_for(live))
    assert '"batas_karantina_dilewati": true' in audit[audit["action"] == "impor_uji"]["detail_json"].iloc[-1]
    cancel_import(live, pending.id, ADMIN)


def test_a_file_of_another_year_is_refused_naming_its_year(live, small_raw):
    files = [IncomingFile("regsosek.csv", (small_raw / "2022" / "regsosek.csv").read_bytes())]
    before = fingerprint(live)
    with pytest.raises(UploadRefused, match="berisi data tahun 2022"):
        stage_upload(live, 2023, files, ADMIN)
    assert fingerprint(live) == before
