"""Cakupan Program shows what the approved verval records found (issue 15): the analis the
counts as the page command prints them, the pimpinan small counts as ``<10``."""

from __future__ import annotations

import duckdb

from analytics.access.scope import User
from analytics.verval import families, store
from tests.dashboard.conftest import dataframe, open_page, session
from tests.dashboard.test_dashboard_commands import page_command, shown
from tests.verval.test_verval_store import FOUND

ANALIS = User("ani", "analis")


def _seed(db, year: int) -> dict[str, int]:
    """Approved visits: 12 families of one kelurahan and 3 of another (keys unique)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select s.family_id, s.kode_kelurahan from stg_regsosek s "
            "join link_key_kk k on k.year = s.year and k.no_kk_hash = s.no_kk_hash "
            "join link_key_head_nik n on n.year = s.year and n.head_nik_hash = s.head_nik_hash "
            "where s.year = ? order by s.family_id",
            [year],
        ).fetchall()
        by_kelurahan: dict[str, list[str]] = {}
        for family, kelurahan in rows:
            by_kelurahan.setdefault(kelurahan, []).append(family)
        big, small = sorted(by_kelurahan)[:2]
        chosen = by_kelurahan[big][:12] + by_kelurahan[small][:3]
        keys = [families.family_keys(con, year, f) for f in chosen]
    for key in keys:
        record_id, version = store.save_visit(db, key, FOUND, 0, user=User("v", "verifikator", key.kode_kelurahan))
        store.review(db, record_id, version, "approved", user=ANALIS)
    return {big: 12, small: 3}


def test_cakupan_shows_verval_outcomes_as_its_command_and_protected_for_the_pimpinan(private_dashboard, capsys):
    analis = open_page(session("analis"), "cakupan")
    year = analis.selectbox(key="ctl_tahun").value
    seeded = _seed(private_dashboard, year)
    analis.run()
    assert not analis.exception, [e.value for e in analis.exception]
    assert "Hasil verval lapangan" in [h.value for h in analis.header]
    out = page_command(capsys, private_dashboard, "cakupan", year)["verval"]
    progress = dataframe(analis, "Wilayah", "Keluarga di daftar kerja")
    assert shown(progress) == out["progress"]["progress"]
    assert shown(dataframe(analis, "Ukuran", "Sumber")) == out["targeting"]
    outcomes = dataframe(analis, "Wilayah", "Semua catatan disetujui")
    assert shown(outcomes) == out["progress"]["outcomes"]
    approved_seen = dict(zip(outcomes["Wilayah"], outcomes["Semua catatan disetujui"], strict=True))
    assert approved_seen["Kota Bontang"] == str(sum(seeded.values()))
    small = min(seeded, key=seeded.get)
    boss = open_page(session("pimpinan"), "cakupan")
    assert not boss.exception, [e.value for e in boss.exception]
    cells = dataframe(boss, "Wilayah", "Semua catatan disetujui")
    approved = dict(zip(cells["Wilayah"], cells["Semua catatan disetujui"], strict=True))
    analis_small = [w for w, v in approved_seen.items() if v == str(seeded[small])]
    # Protected as one release over both lines (issue 21): every hidden cell reads "x".
    assert analis_small and all(approved[w] == "x" for w in analis_small)
    for frame in (cells, dataframe(boss, "Wilayah", "Keluarga di daftar kerja")):
        for column in frame.columns[1:]:
            numbers = [int(v.replace(".", "")) for v in frame[column] if v.replace(".", "").isdigit()]
            assert not [n for n in numbers if 1 <= n < 10], column
    assert not any(e.label == "Per RT" for e in boss.expander)
