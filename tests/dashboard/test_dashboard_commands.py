"""Every figure a page shows can be reproduced headless (issue 10): the tables and metrics of
each page equal the output of ``python -m analytics page`` for the same selection and role, and
the analysis commands give the numbers behind them."""

from __future__ import annotations

import json

import pytest

from analytics.__main__ import main
from analytics.cli.page import plain
from analytics.formats import bps_scale, number, percent
from tests.dashboard.conftest import dataframe, metrics, open_page, session


def command(capsys, *argv) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    return json.loads(out)


def shown(frame) -> list[dict]:
    """A table as the command prints it (JSON values)."""
    return json.loads(json.dumps(plain(frame)))


def page_command(capsys, db, name, year, *extra) -> dict:
    return command(capsys, "page", name, "--db", str(db), "--year", str(year), "--format", "json", *extra)


@pytest.mark.parametrize("role", ["analis", "pimpinan"])
def test_ringkasan_equals_its_command(dashboard_db, capsys, role):
    at = session(role)
    year = at.selectbox(key="ctl_tahun").value
    out = page_command(capsys, dashboard_db, "ringkasan", year, "--role", role)["ringkasan"]
    assert shown(dataframe(at, "Peringkat", "Wilayah")) == out["ranking_table"]
    assert shown(dataframe(at, "Wilayah", "Penduduk", "P0 (%)")) == out["kecamatan_table"]
    assert metrics(at) == {m["label"]: m["value"] for m in out["metrics"]}
    assert at.code[0].value == out["paragraph"]


def test_tren_equals_its_command(dashboard_db, capsys):
    at = open_page(session("analis"), "tren")
    year = at.selectbox(key="ctl_tahun").value
    start, end = at.selectbox(key="tren_awal").value, at.selectbox(key="tren_akhir").value
    out = page_command(capsys, dashboard_db, "tren", year, "--from", str(start), "--to", str(end))
    assert shown(dataframe(at, "Tahun", "P0 register")) == out["tren"]["table"]
    assert shown(dataframe(at, "Ukuran", "Karena pertumbuhan")) == out["perubahan"]["datt_ravallion"]
    assert shown(dataframe(at, "Wilayah", "Tetap miskin")) == out["perubahan"]["transitions"]
    # The numbers behind them, from the analysis commands.
    dr = command(
        capsys, "datt-ravallion", "--db", str(dashboard_db), "--from", str(start), "--to", str(end), "--format", "json"
    )
    growth = dataframe(at, "Ukuran", "Karena pertumbuhan")["Karena pertumbuhan"].tolist()
    assert growth == [("+" if r["growth"] > 0 else "") + number(r["growth"] * 100, 3) for r in dr]
    moves = command(
        capsys,
        "transitions",
        "--db",
        str(dashboard_db),
        "--from",
        str(start),
        "--to",
        str(end),
        "--by",
        "kecamatan",
        "--format",
        "json",
    )
    table = dataframe(at, "Wilayah", "Tetap miskin")
    assert table["Tetap miskin"].tolist() == [number(r["stayed_poor"]) for r in moves]


def test_cakupan_equals_its_command(dashboard_db, capsys):
    at = open_page(session("analis"), "cakupan")
    year = at.selectbox(key="ctl_tahun").value
    out = page_command(capsys, dashboard_db, "cakupan", year)
    assert shown(dataframe(at, "Program", "Keluarga sasaran")) == out["cakupan"]["by_program"]
    assert shown(dataframe(at, "Kelurahan", "Keluarga sasaran")) == out["cakupan"]["by_kelurahan"]
    assert shown(dataframe(at, "Segmen", "Sumbangan ke P1 (×100)")) == out["segmen"]["table"]
    seg = command(capsys, "segments", "--db", str(dashboard_db), "--year", str(year), "--format", "json")
    assert dataframe(at, "Segmen", "Sumbangan ke P1 (×100)")["Sumbangan ke P1 (×100)"].tolist() == [
        bps_scale(r["gap_contribution"]) for r in seg
    ]


def test_kualitas_equals_its_command(dashboard_db, capsys):
    at = open_page(session("analis"), "kualitas")
    year = at.selectbox(key="ctl_tahun").value
    out = page_command(capsys, dashboard_db, "kualitas", year)
    assert shown(dataframe(at, "Sumber", "Cara", "Baris")) == out["register"]["link_methods"]
    assert shown(dataframe(at, "Sumber", "Alasan", "Baris")) == out["karantina"]
    assert shown(dataframe(at, "Kelurahan", "Tetap", "Baru", "Keluar")) == out["kerangka"]["change"]
    assert out["kerangka"]["sentence"] in [m.value for m in at.markdown]
    links = command(
        capsys, "quality", "--db", str(dashboard_db), "--table", "links", "--year", str(year), "--format", "json"
    )
    assert dataframe(at, "Sumber", "Cara", "Baris")["Baris"].tolist() == [number(r["rows"]) for r in links]


def test_pembangunan_alternatif_equals_its_command(dashboard_db, capsys):
    at = open_page(session("analis"), "p4gn")
    year = at.selectbox(key="ctl_tahun").value
    out = page_command(capsys, dashboard_db, "p4gn", year)
    assert shown(dataframe(at, "Kelurahan", "Status", "P2 (×100)")) == out["p4gn"]["crossed"]
    crossed = command(capsys, "p4gn", "--db", str(dashboard_db), "--year", str(year), "--format", "json")
    assert dataframe(at, "Kelurahan", "Status", "P0")["P0"].tolist() == [percent(r["p0"]) for r in crossed]


def test_peta_profile_equals_its_command(dashboard_db, capsys):
    at = open_page(session("analis"), "peta")
    year = at.selectbox(key="ctl_tahun").value
    at.selectbox(key="peta_profil").set_value("64.74.01.1006").run()
    out = page_command(capsys, dashboard_db, "peta", year, "--kelurahan", "64.74.01.1006")
    assert metrics(at) == {m["label"]: m["value"] for m in out["profil"]["metrics"]}
    mpi = command(
        capsys, "mpi", "--db", str(dashboard_db), "--year", str(year), "--by", "kelurahan", "--format", "json"
    )
    assert metrics(at)["M0"] == number(next(r["M0"] for r in mpi if r["kode"] == "64.74.01.1006"), 3)
