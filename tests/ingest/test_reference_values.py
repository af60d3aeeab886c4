"""The reference series says what each value is and where it comes from (issue 19, point 6):
the shipped file carries a kind and a source for every value, and the loader refuses one without."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import DataError
from analytics.reference import REFERENCE_MEASURES, load_bps_poverty, read_bps_poverty

HEADER = "year,measure,value,kind,source\n"
GOOD = (
    "2024,poverty_line,801945,bps,BPS (Susenas Maret)\n"
    "2024,p0_pct,3.74,bps,BPS (Susenas Maret)\n"
    "2025,poverty_line,832946,estimate,Perkiraan: garis 2024 x pertumbuhan garis provinsi\n"
    "2025,p0_pct,3.21,pemkot,Pidato Wali Kota Bontang\n"
)


def write(tmp_path, rows: str):
    path = tmp_path / "bps_poverty.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_every_shipped_value_has_a_kind_and_a_source():
    series = load_bps_poverty()
    for measure in REFERENCE_MEASURES:
        present = series[measure].notna()
        assert series.loc[present, f"{measure}_kind"].notna().all(), measure
        assert series.loc[present, f"{measure}_source"].str.strip().astype(bool).all(), measure
        assert series.loc[~present, f"{measure}_kind"].isna().all(), measure


def test_2018_p0_is_bps_and_2025_p0_is_the_mayors_statement():
    series = load_bps_poverty().set_index("year")
    assert series.loc[2018, "p0_pct"] == 4.67
    assert series.loc[2018, "p0_pct_kind"] == "bps"
    assert series.loc[2025, "p0_pct"] == 3.21
    assert series.loc[2025, "p0_pct_kind"] == "pemkot"
    assert "Wali Kota" in series.loc[2025, "p0_pct_source"]
    # lines keep their official/estimated status, now derived from their kind
    assert series.loc[2018, "poverty_line_status"] == "estimated"
    assert series.loc[2024, "poverty_line_status"] == "official"
    assert series.loc[2025, "poverty_line_kind"] == "estimate"


def test_a_good_file_reads_one_row_per_year(tmp_path):
    series = read_bps_poverty(write(tmp_path, GOOD))
    assert list(series["year"]) == [2024, 2025]
    assert list(series["poverty_line_status"]) == ["official", "estimated"]
    assert series["p1_bps"].isna().all() and series["p1_bps_kind"].isna().all()


def test_a_value_without_a_source_is_refused(tmp_path):
    rows = GOOD.replace("2025,p0_pct,3.21,pemkot,Pidato Wali Kota Bontang", "2025,p0_pct,3.21,pemkot,")
    with pytest.raises(DataError, match=r"baris 5 \(p0_pct 2025\): sumber angka"):
        read_bps_poverty(write(tmp_path, rows))


def test_a_value_without_a_kind_is_refused(tmp_path):
    rows = GOOD.replace("2024,p0_pct,3.74,bps,", "2024,p0_pct,3.74,,")
    with pytest.raises(DataError, match=r"p0_pct 2024\): jenis angka \(kolom kind\) kosong"):
        read_bps_poverty(write(tmp_path, rows))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("2024,p0_pct,3.74,bps", "2024,p0_pct,3.74,estimate", "jenis 'estimate' tidak boleh"),
        ("2024,poverty_line,801945,bps", "2024,poverty_line,801945,pemkot", "jenis 'pemkot' tidak boleh"),
        ("2024,p0_pct,3.74,bps", "2024,p0,3.74,bps", "ukuran tidak dikenal"),
        ("2024,poverty_line,801945,bps,BPS (Susenas Maret)\n", "", "tahun 2024 tanpa garis kemiskinan"),
        ("2024,p0_pct,3.74,bps", "2024,p0_pct,tiga,bps", "bukan angka"),
    ],
)
def test_other_bad_rows_are_refused(tmp_path, old, new, message):
    with pytest.raises(DataError, match=message):
        read_bps_poverty(write(tmp_path, GOOD.replace(old, new)))


def test_every_problem_is_named(tmp_path):
    rows = GOOD.replace(",bps,BPS (Susenas Maret)\n2024,p0", ",bps,\n2024,p0") + "2025,p0_pct,3.3,pemkot,Lain\n"
    with pytest.raises(DataError) as caught:
        read_bps_poverty(write(tmp_path, rows))
    assert len(caught.value.messages) == 2
    assert any("lebih dari sekali" in m for m in caught.value.messages)


def test_a_file_in_the_old_wide_layout_is_refused(tmp_path):
    path = tmp_path / "bps_poverty.csv"
    pd.DataFrame({"year": [2024], "poverty_line": [801945], "p0_pct": [3.74]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="kolom measure, value, kind, source tidak ada"):
        read_bps_poverty(path)
