"""Size limits: per file and per upload, configurable, checked before a byte is written."""

import pytest

from analytics.errors import ConfigError
from analytics.upload import IncomingFile, UploadRefused, stage_upload
from analytics.upload.limits import check_sizes, max_file_bytes, max_total_bytes, max_unpacked_bytes
from tests.upload.conftest import ADMIN, fingerprint, leftovers


def test_default_limits():
    assert max_file_bytes() == 200 * 1024 * 1024
    assert max_total_bytes() == 500 * 1024 * 1024
    assert max_unpacked_bytes() == 2048 * 1024 * 1024


def test_a_file_over_the_limit_is_named(monkeypatch):
    monkeypatch.setenv("KEMISKINAN_UPLOAD_MAX_MB", "0,01")  # decimal comma accepted
    check_sizes([("kecil.csv", 10_000)])
    with pytest.raises(UploadRefused) as refused:
        check_sizes([("kecil.csv", 10_000), ("besar.csv", 20_000)])
    assert refused.value.messages == ["Berkas besar.csv terlalu besar (19,5 KB; batas 10,2 KB per berkas)."]


def test_the_upload_as_a_whole_is_limited(monkeypatch):
    monkeypatch.setenv("KEMISKINAN_UPLOAD_TOTAL_MAX_MB", "1")
    with pytest.raises(UploadRefused, match=r"Unggahan terlalu besar \(1,1 MB; batas 1,0 MB per unggahan\)"):
        check_sizes([("a.csv", 600_000), ("b.csv", 600_000)])


@pytest.mark.parametrize("value", ["banyak", "0", "-5"])
def test_a_mistyped_limit_is_an_error_not_no_limit(monkeypatch, value):
    monkeypatch.setenv("KEMISKINAN_UPLOAD_MAX_MB", value)
    with pytest.raises(ConfigError, match="KEMISKINAN_UPLOAD_MAX_MB harus berupa angka"):
        max_file_bytes()


def test_a_too_large_upload_is_refused_before_anything_is_written(live, monkeypatch):
    monkeypatch.setenv("KEMISKINAN_UPLOAD_MAX_MB", "0.001")
    before = fingerprint(live)
    with pytest.raises(UploadRefused, match="terlalu besar"):
        stage_upload(live, 2024, [IncomingFile("regsosek.csv", b"id_keluarga,kode_wilayah\n" + b"1,2\n" * 1000)], ADMIN)
    assert fingerprint(live) == before
    assert leftovers(live) == []
