"""Chapter 1 of the yearly review (Posisi relatif): the comparison file, its loader and the chapter.

The expected figures are read from the raw CSV files with the csv module, not through the code
under test, so a wrong pivot, a swapped region or a gap taken from rounded text fails here.
"""

from __future__ import annotations

import csv
import math
import re

import pandas as pd
import pytest

from analytics.errors import DataError
from analytics.evaluation.position import GAP_COLUMNS, NOT_AVAILABLE, P0_COLUMNS, position_chapter
from analytics.evaluation.series import COMPARISON_FILE, load_comparison, position_table, read_comparison
from analytics.formats import parse_number
from analytics.labels import NOT_BPS_MARK
from analytics.paths import REFERENCE_DIR

HEADER = "region,year,measure,value,kind,source"
MEASURES = {"poverty_line", "p0_pct", "p1_bps", "p2_bps", "poor_persons"}
RAW_REGIONS = {"64": "provinsi", "00": "nasional"}


def raw_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_p0() -> dict[tuple[int, str], float]:
    """(year, region) -> P0 from the two shipped files, read without the code under test."""
    out = {
        (int(r["year"]), "kota"): float(r["value"])
        for r in raw_rows(REFERENCE_DIR / "bps_poverty.csv")
        if r["measure"] == "p0_pct"
    }
    for r in raw_rows(COMPARISON_FILE):
        if r["measure"] == "p0_pct":
            out[(int(r["year"]), RAW_REGIONS[r["region"]])] = float(r["value"])
    return out


def unmarked(text: str) -> str:
    return text.replace(NOT_BPS_MARK, "").strip()


def write(tmp_path, lines: list[str], name="pembanding.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


# --- the shipped file ------------------------------------------------------------------------


def test_the_shipped_comparison_loads_with_the_figures_of_the_facts():
    table = load_comparison().set_index(["region", "year"])
    assert set(table.index.get_level_values("region")) == {"64", "00"}
    assert table.loc[("64", 2024), "p0_pct"] == 5.78 and table.loc[("00", 2024), "p0_pct"] == 9.03
    assert table.loc[("64", 2021), "p1_bps"] == 1.223 and table.loc[("00", 2023), "p2_bps"] == 0.377
    assert table.loc[("00", 2025), "poverty_line"] == 609160
    assert "619.160" in table.loc[("00", 2025), "poverty_line_source"]
    assert table.loc[("64", 2022), "p0_pct_kind"] == "turunan"
    assert {table.loc[("64", 2021), f"{m}_kind"] for m in ("p0_pct", "p1_bps", "p2_bps", "poverty_line")} == {"bps"}
    assert table.loc[("00", 2016), "poverty_line_kind"] == "bps"
    # A value no source gave is NaN, not 0: Kalimantan Timur's 2018 P0, every poor-person count.
    assert math.isnan(table.loc[("64", 2018), "p0_pct"])
    assert table["poor_persons"].isna().all()


def test_every_shipped_value_has_a_source_and_a_known_kind():
    rows = raw_rows(COMPARISON_FILE)
    assert rows and ",".join(rows[0].keys()) == HEADER
    for number, row in enumerate(rows, start=2):
        assert row["region"] in RAW_REGIONS, number
        assert row["measure"] in MEASURES, number
        assert row["kind"] in {"bps", "pers", "turunan"}, number
        assert row["source"].strip(), number
        assert float(row["value"]) > 0, number
    keys = [(r["region"], r["year"], r["measure"]) for r in rows]
    assert len(keys) == len(set(keys))


# --- the loader refuses a bad file, naming the row -------------------------------------------


def test_a_blank_source_is_refused_naming_the_row(tmp_path):
    lines = COMPARISON_FILE.read_text(encoding="utf-8").splitlines()
    fields = next(csv.reader([lines[5]]))
    fields[5] = ""
    lines[5] = ",".join(fields)
    path = tmp_path / "poverty_comparison.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_comparison(path)
    assert len(error.value.messages) == 1
    message = error.value.messages[0]
    assert message.startswith(f"poverty_comparison.csv baris 6 ({fields[0]} {fields[2]} {fields[1]})")
    assert "sumber" in message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("64,2024,p0_pct,5.78,,BPS", "jenis angka (kolom kind) kosong"),
        ("64,2024,p0_pct,5.78,rilis,BPS", "jenis 'rilis' tidak dikenal"),
        ("65,2024,p0_pct,5.78,pers,BPS", "wilayah '65' tidak dikenal"),
        ("64,2024,p3_pct,5.78,pers,BPS", "ukuran tidak dikenal"),
        ("64,2024,p0_pct,lima,pers,BPS", "bukan angka"),
        ("64,dua ribu,p0_pct,5.78,pers,BPS", "tahun kosong atau bukan angka"),
        ("64,2024,p0_pct,578,pers,BPS", "tidak mungkin"),
    ],
)
def test_a_bad_value_is_refused_naming_the_row(tmp_path, line, words):
    path = write(tmp_path, ["00,2024,p0_pct,9.03,pers,BPS", line])
    with pytest.raises(DataError) as error:
        read_comparison(path)
    assert any(m.startswith("pembanding.csv baris 3") and words in m for m in error.value.messages), error.value


def test_every_problem_is_named_and_a_repeated_value_too(tmp_path):
    path = write(tmp_path, ["64,2024,p0_pct,5.78,pers,", "64,2024,p0_pct,5.79,pers,BPS", "00,2024,p0_pct,9.03,,BPS"])
    with pytest.raises(DataError) as error:
        read_comparison(path)
    text = error.value.message
    assert "baris 2" in text and "baris 4" in text
    assert "p0_pct wilayah 64 tahun 2024 tercantum lebih dari sekali (baris 2, 3)" in text


def test_a_missing_column_is_refused(tmp_path):
    path = tmp_path / "pembanding.csv"
    path.write_text("region,year,measure,value,kind\n64,2024,p0_pct,5.78,pers\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolom source tidak ada"):
        read_comparison(path)


def test_a_code_without_its_leading_zero_is_still_indonesia(tmp_path):
    # A spreadsheet writes 00 as 0.
    table = read_comparison(write(tmp_path, ["0,2024,p0_pct,9.03,pers,BPS"]))
    assert table["region"].tolist() == ["00"] and table["p0_pct"].tolist() == [9.03]


# --- the position table ----------------------------------------------------------------------


def test_position_table_holds_each_raw_p0_and_nan_where_none_was_given():
    rows = position_table(2025)
    assert rows.groupby("year").size().eq(3).all()
    assert set(rows["region_name"]) == {"Kota Bontang", "Kalimantan Timur", "Indonesia"}
    expected = raw_p0()
    for row in rows.itertuples():
        if (row.year, row.region) in expected:
            assert row.p0_pct == expected[(row.year, row.region)], (row.year, row.region)
        else:
            assert math.isnan(row.p0_pct), (row.year, row.region)
    city = rows[rows["region"] == "kota"].set_index("year")
    assert city.loc[2025, "p0_pct_kind"] == "pemkot" and city.loc[2018, "poverty_line_kind"] == "estimate"
    assert math.isnan(city.loc[2024, "p1_bps"])
    assert position_table(2020)["year"].max() == 2020


# --- the chapter -----------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2017, 2021, 2024, 2025])
def test_the_gaps_are_recomputed_from_the_raw_figures(year):
    trend = position_chapter(year).tables[0]
    expected = raw_p0()
    years = sorted({y for y, _ in expected if y <= year})
    assert trend.frame["Tahun"].tolist() == [str(y) for y in years]
    for i, y in enumerate(years):
        city = expected.get((y, "kota"), math.nan)
        for region, column in GAP_COLUMNS.items():
            gap = city - expected.get((y, region), math.nan)
            shown = trend.frame.loc[i, column]
            if math.isnan(gap):
                assert math.isnan(shown) and trend.display.loc[i, column] == "–", (y, region)
            else:
                assert shown == pytest.approx(gap, abs=1e-9), (y, region)
                assert parse_number(unmarked(trend.display.loc[i, column])) == pytest.approx(gap, abs=0.005)


def test_the_direction_follows_the_raw_city_series():
    trend = position_chapter(2025).tables[0]
    expected = raw_p0()
    for i, text in enumerate(trend.frame["Tahun"]):
        y = int(text)
        now, before = expected.get((y, "kota")), expected.get((y - 1, "kota"))
        if now is None or before is None:
            want = "–"
        else:
            want = "tetap" if round(now - before, 2) == 0 else ("turun" if now < before else "naik")
        assert trend.frame.loc[i, "Arah"] == want, y


def test_missing_values_are_shown_as_not_available_and_never_as_zero():
    chapter = position_chapter(2024)
    for shown in chapter.tables:
        for column in shown.frame.columns:
            for i, value in enumerate(shown.frame[column]):
                text = shown.display.loc[i, column]
                if isinstance(value, float) and math.isnan(value):
                    assert text in (NOT_AVAILABLE, "–"), (shown.title, column, i)
                assert not re.fullmatch(r"(Rp )?0(,0+)?( %)?( †)?", text), (shown.title, column, i)
    year = chapter.tables[1].display.set_index("Wilayah")
    assert year.loc["Kalimantan Timur", "P1"] == NOT_AVAILABLE
    assert year.loc["Indonesia", "Penduduk miskin (jiwa)"] == NOT_AVAILABLE
    assert year.loc["Kota Bontang", "Penduduk miskin (jiwa)"] == "7.110"
    trend = chapter.tables[0]
    assert trend.display.loc[trend.frame["Tahun"] == "2018", P0_COLUMNS["provinsi"]].item() == NOT_AVAILABLE


def test_the_sentence_of_the_brief():
    assert position_chapter(2024).sentences[0] == (
        "Pada 2024, P0 Kota Bontang 3,74 %, 2,04 poin di bawah Kalimantan Timur (5,78 %) "
        "dan 5,29 poin di bawah nasional (9,03 %)."
    )


@pytest.mark.parametrize("year", [2016, 2018, 2021, 2024, 2025])
def test_the_sentence_numbers_match_the_table(year):
    chapter = position_chapter(year)
    trend = chapter.tables[0]
    row = trend.display[trend.frame["Tahun"] == str(year)].iloc[0]
    first = chapter.sentences[0]
    shares = re.findall(r"(\d+,\d{2}) %", first)
    table_shares = [unmarked(row[c]).removesuffix(" %") for c in P0_COLUMNS.values() if row[c] != NOT_AVAILABLE]
    assert shares == table_shares
    names = {"Kalimantan Timur": "provinsi", "nasional": "nasional"}
    gaps = re.findall(r"(\d+,\d{2}) poin (di bawah|di atas) (Kalimantan Timur|nasional)", first)
    assert len(gaps) == sum(row[c] != "–" for c in GAP_COLUMNS.values()) > 0
    for number, side, name in gaps:
        shown = parse_number(unmarked(row[GAP_COLUMNS[names[name]]]))
        assert parse_number(number) == abs(shown) and (side == "di bawah") == (shown < 0)
    second = chapter.sentences[1]
    if row["Arah"] != "–":
        assert f"P0 Kota Bontang {row['Arah']} " in second
        before = trend.display[trend.frame["Tahun"] == str(year - 1)].iloc[0]
        assert f"Dibanding {year - 1} ({unmarked(before[P0_COLUMNS['kota']])})" in second
    else:
        assert "belum dapat dihitung" in second


def test_figures_that_are_not_bps_releases_are_marked_and_named():
    chapter = position_chapter(2025)
    trend = chapter.tables[0]
    cell = trend.display.set_index(trend.frame["Tahun"])
    assert not cell.loc["2021", P0_COLUMNS["provinsi"]].endswith(NOT_BPS_MARK)  # a BPS release
    assert cell.loc["2022", P0_COLUMNS["provinsi"]] == f"6,31 % {NOT_BPS_MARK}"  # derived
    assert cell.loc["2025", P0_COLUMNS["kota"]] == f"3,21 % {NOT_BPS_MARK}"  # Pemkot
    assert not cell.loc["2024", P0_COLUMNS["kota"]].endswith(NOT_BPS_MARK)
    assert not cell.loc["2021", GAP_COLUMNS["provinsi"]].endswith(NOT_BPS_MARK)
    assert cell.loc["2021", GAP_COLUMNS["nasional"]].endswith(NOT_BPS_MARK)
    assert "P0 Kalimantan Timur 2022 (diturunkan dari perubahan yang dilaporkan; sumber: Diturunkan" in trend.note
    assert "P0 Kota Bontang 2025 (pernyataan Pemerintah Kota; sumber: Pidato Wali Kota Bontang" in trend.note
    year = chapter.tables[1]
    assert year.display.loc[0, "Garis kemiskinan (Rp/kapita/bulan)"] == f"Rp 832.946 {NOT_BPS_MARK}"
    assert "garis kemiskinan Kota Bontang 2025 (perkiraan" in year.note
    assert "angka BPS untuk P0 Kota Bontang belum tersedia" in chapter.sentences[0]
    assert "P0 Kota Bontang 2025 (pernyataan Pemerintah Kota)" in chapter.sentences[2]


def test_the_chart_draws_the_three_p0_series():
    chart = position_chapter(2024).chart
    assert chart.kind == "line" and chart.x == "year"
    assert [s.name for s in chart.series] == ["Kota Bontang", "Kalimantan Timur", "Indonesia"]
    expected = raw_p0()
    for row in chart.frame.itertuples():
        for series, region in zip(chart.series, ("kota", "provinsi", "nasional"), strict=True):
            value = getattr(row, series.y)
            if (row.year, region) in expected:
                assert value == expected[(row.year, region)]
            else:
                assert math.isnan(value)


def test_a_year_after_the_data_shows_the_latest_year_and_says_so():
    chapter = position_chapter(2030)
    assert chapter.number == 1 and chapter.title == "Posisi relatif: kota, provinsi dan nasional"
    assert chapter.tables[1].title.startswith("Posisi 2025")
    assert "Angka 2030 belum tersedia" in chapter.tables[1].note
    assert chapter.sentences[0].startswith("Pada 2025 (angka 2030 belum tersedia),")


def test_a_year_without_a_city_figure_says_so_and_invents_no_gap(tmp_path):
    # A user's file with the province's 2026 figure, before any 2026 figure of the city.
    path = write(tmp_path, ["64,2026,p0_pct,5.01,pers,BPS Provinsi Kalimantan Timur (contoh uji)"])
    chapter = position_chapter(2026, comparison=path)
    first = chapter.sentences[0]
    assert (
        first
        == "Pada 2026, P0 Kota Bontang belum tersedia; P0 Kalimantan Timur 5,01 % dan P0 Indonesia belum tersedia."
    )
    assert "belum dapat dihitung" in chapter.sentences[1]
    year = chapter.tables[1]
    assert year.display.loc[0].drop("Wilayah").eq(NOT_AVAILABLE).all()
    assert year.frame.loc[0].drop("Wilayah").isna().all()
    trend = chapter.tables[0]
    assert trend.frame["Tahun"].tolist() == [str(y) for y in range(2016, 2027)]  # the city's years stay
    assert trend.display.iloc[-1]["Arah"] == "–"
    assert pd.isna(trend.frame.iloc[-1][GAP_COLUMNS["provinsi"]])


def test_a_year_before_any_figure_is_refused():
    with pytest.raises(DataError, match="sampai tahun 2010"):
        position_chapter(2010)
