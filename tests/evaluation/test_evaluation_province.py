"""Chapter 2's kab/kota quadrant from a series the user supplies (synthetic values here: the
product ships no kab/kota figures), split at the province's P0 and P2 of the same year."""

import pandas as pd
import pytest

from analytics.access.scope import User
from analytics.errors import DataError
from analytics.evaluation import build_evaluation
from analytics.evaluation.province import HOW_TO, province_quadrant, read_kabkota
from analytics.evaluation.quadrant import PRIORITY, QUADRANTS
from analytics.paths import PROJECT_ROOT
from analytics.views.source import Source

ROWS = [
    ("6401", "Kab. Contoh Satu", 2021, 9.1, 0.62),
    ("6404", "Kab. Contoh Dua", 2021, 8.0, 0.20),
    ("6472", "Kota Contoh Tiga", 2021, 4.2, 0.50),
    ("6474", "Kota Contoh Empat", 2021, 3.9, 0.05),
]


def write(path, rows=ROWS, source="uji (nilai sintetis)"):
    lines = ["kode,nama,year,p0_pct,p2_bps,kind,source"]
    lines += [f"{k},{n},{y},{p0},{p2},bps,{source}" for k, n, y, p0, p2 in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def province_2021():
    long = pd.read_csv(PROJECT_ROOT / "data/reference/poverty_comparison.csv", dtype={"region": str})
    rows = long[(long["region"] == "64") & (long["year"] == 2021)].set_index("measure")["value"]
    return rows["p0_pct"], rows["p2_bps"]


def test_kabkota_are_placed_at_the_province_split(tmp_path):
    shown = province_quadrant(2021, read_kabkota(write(tmp_path / "kk.csv"))).frame
    p0, p2 = province_2021()
    expected = {k: QUADRANTS[(a > p0, b > p2)] for k, _, _, a, b in ROWS}
    assert dict(zip(shown["Kode"], shown["Kuadran"], strict=True)) == expected
    assert list(shown["P2 (×100)"]) == sorted((r[4] for r in ROWS), reverse=True)
    assert expected["6401"] == PRIORITY


def test_a_row_without_source_and_a_year_without_a_split_are_refused(tmp_path):
    with pytest.raises(DataError) as caught:
        read_kabkota(write(tmp_path / "kk.csv", source=""))
    assert "baris 2" in caught.value.message and "sumber" in caught.value.message
    later = [(k, n, 2024, p0, p2) for k, n, _, p0, p2 in ROWS]
    with pytest.raises(DataError) as caught:  # the province's P2 of 2024 is not in the series
        province_quadrant(2024, read_kabkota(write(tmp_path / "kk2.csv", later)))
    assert "belum tersedia" in caught.value.message


def test_the_review_adds_the_quadrant_when_the_file_is_set(model_con, tmp_path, monkeypatch):
    source = Source.of(model_con)
    without = build_evaluation(source, 2021, "official", User("a", "analis")).chapters[1]
    assert HOW_TO in without.notes
    monkeypatch.setenv("KEMISKINAN_KABKOTA_FILE", str(write(tmp_path / "kk.csv")))
    with_file = build_evaluation(source, 2021, "official", User("a", "analis")).chapters[1]
    assert [t.sheet for t in with_file.tables][-1] == "Kuadran kab/kota"
    assert len(with_file.tables) == len(without.tables) + 1
