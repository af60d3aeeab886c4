"""One truth through every door (issue 19): the command line, the pages, the packs and the
map's tooltips give the same figure for the same area, year and line, or all refuse.

The reference of each model year is the published estimate as ``sae estimates`` prints it;
``fgt`` must print exactly that, and every other door must print it to its own precision
(what a reader sees: the text, parsed back). On the demo every figure comes from the model:
a door that computed from the (absent) family expenditure would print zeros, which these
checks reject (``test_a_broken_door_is_caught``).
"""

from __future__ import annotations

import io
import json
import re

import duckdb
import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from analytics.__main__ import main
from analytics.formats import parse_number
from analytics.report import build_report
from analytics.welfare.source import NO_WELFARE_SENTENCE

MODEL_YEARS = (2021, 2022, 2024, 2025)  # tests/conftest.py: model_db's published years
NONE_YEAR = 2023  # model_db's year without a model
LINES = ("official", "extreme")
LEVELS = ("kota", "kecamatan", "kelurahan")
MEASURES = ("p0", "p1", "p2")


# ---------------------------------------------------------------- the doors, as a user calls them


def cli(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def cli_table(capsys, *argv) -> pd.DataFrame:
    code, out, err = cli(capsys, *argv)
    assert code == 0, err
    return pd.read_csv(io.StringIO(out), dtype={"kode": str})


def page(capsys, db, name, year, line, *extra) -> dict:
    code, out, err = cli(capsys, "page", name, "--db", str(db), "--year", str(year), "--line", line, *extra)
    assert code == 0, err
    return json.loads(out)


def fgt(capsys, db, year, line, by) -> pd.DataFrame:
    return cli_table(capsys, "fgt", "--db", str(db), "--year", str(year), "--line", line, "--by", by)


# ---------------------------------------------------------------- comparing printed text


def decimals_of(text: str) -> int:
    number = re.search(r"-?[\d.]+(,\d+)?", text).group(0)
    return len(number.split(",")[1]) if "," in number else 0


def assert_printed(text: str, expected: float, what: str, unit: float | None = None) -> None:
    """``text`` is ``expected`` rounded to the precision it is printed with (``unit`` when the
    door rounds to a coarser unit, e.g. a model's persons to tens)."""
    step = unit if unit is not None else 10.0 ** -decimals_of(text)
    shown = parse_number(re.search(r"-?[\d.]+(,\d+)?", text).group(0))
    assert abs(shown - expected) <= step / 2 + 1e-9, f"{what}: printed {text!r}, reference {expected!r}"


def by_name(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("nama")


def check_ringkasan(content: dict, city: pd.Series, kecamatan: pd.DataFrame, kelurahan: pd.DataFrame, model: bool):
    """The page's metrics, kecamatan table and kelurahan ranking against the reference."""
    metrics = {m["indicator"]: m["value"] for m in content["metrics"]}
    count_unit = 10.0 if model else None
    for m in MEASURES:
        scale = 100.0
        assert_printed(metrics[m], city[m] * scale, f"Ringkasan {m}")
    assert_printed(metrics["poor"], city["poor"], "Ringkasan poor", count_unit)
    for rows, reference in ((content["kecamatan_table"], kecamatan), (content["ranking_table"], kelurahan)):
        for row in rows:
            ref = reference.loc[row["Wilayah"]]
            assert_printed(row["P0 (%)"], ref["p0"] * 100, f"{row['Wilayah']} P0")
            assert_printed(row["P1 (×100)"], ref["p1"] * 100, f"{row['Wilayah']} P1")
            assert_printed(row["P2 (×100)"], ref["p2"] * 100, f"{row['Wilayah']} P2")
            assert_printed(row["Penduduk miskin"], ref["poor"], f"{row['Wilayah']} miskin", count_unit)


def check_map(content: dict, kelurahan: pd.DataFrame, indicator: str) -> None:
    """Every kelurahan's tooltip text and colour value against the reference."""
    assert len(content["indikator"]) == len(kelurahan)
    for row in content["indikator"]:
        expected = kelurahan.loc[row["nama"], indicator]
        assert_printed(row["text"], expected * 100, f"Peta {indicator} {row['nama']}")


def check_pack_xlsx(content: bytes, city: pd.Series, kelurahan: pd.DataFrame, page_metrics: dict, year: int):
    """The Excel pack's numbers (stored as numbers) against the reference and the page."""
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, header=1, engine="calamine")
    head = sheets["Angka utama"].set_index("Indikator")[f"Tahun {year}"]
    for m, label in (("p0", "(P0)"), ("p1", "(P1)"), ("p2", "(P2)")):
        value = head[[i for i in head.index if label in i][0]]
        assert value == pytest.approx(city[m] * 100, rel=1e-9), f"pack {m}"
    poor = head["Penduduk miskin"]
    assert poor == parse_number(page_metrics["poor"]), "pack poor persons differ from the page"
    ranking = sheets["Peringkat P2"].set_index("Kelurahan")
    for nama, row in ranking.iterrows():
        for m, column in (("p0", "P0 (%)"), ("p1", "P1 (×100)"), ("p2", "P2 (×100)")):
            assert row[column] == pytest.approx(kelurahan.loc[nama, m] * 100, rel=1e-9), f"pack {nama} {m}"


def refusal(db, year: int, line: str) -> str | None:
    """The sentence a model year refuses ``line`` with (too few survey households below it)."""
    from analytics.summary import model_refusal

    with duckdb.connect(str(db), read_only=True) as con:
        return model_refusal(con, year, line)


def answered(capsys, db, year: int, line: str) -> bool:
    """Whether the model answers for ``line``; when it refuses, ``fgt`` must refuse with the
    sentence (every other door: test_every_door_refuses_a_line_the_sample_cannot_support)."""
    sentence = refusal(db, year, line)
    if sentence is None:
        return True
    code, out, err = cli(capsys, "fgt", "--db", str(db), "--year", str(year), "--line", line)
    assert (code, out) == (2, "") and err.removeprefix("galat: ").strip() == sentence
    return False


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def reference(model_db, capsys_module):
    """``sae estimates`` of every model year, line and level: the published figures."""
    out = {}
    for year in MODEL_YEARS:
        for line in LINES:
            if refusal(model_db, year, line):
                continue  # every door refuses it (test_every_door_refuses_a_line_the_sample_cannot_support)
            for level in LEVELS:
                argv = ["sae", "estimates", "--db", str(model_db), "--year", str(year)]
                code, text, err = capsys_module(*argv, "--line", line, "--level", level)
                assert code == 0, err
                table = pd.read_csv(io.StringIO(text), dtype={"kode": str})
                out[year, line, level] = table.set_index("kode")
    return out


@pytest.fixture(scope="module")
def capsys_module():
    """A module-wide command runner (capsys is per test)."""
    import contextlib

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:
                code = exc.code
        return code, out.getvalue(), err.getvalue()

    return run


# ---------------------------------------------------------------- model years


@pytest.mark.parametrize("year", MODEL_YEARS)
@pytest.mark.parametrize("line", LINES)
def test_fgt_prints_the_published_estimates(capsys, model_db, reference, year, line):
    if not answered(capsys, model_db, year, line):
        return
    for level in LEVELS:
        table = fgt(capsys, model_db, year, line, level)
        assert set(table["source"]) == {"model"}
        rows = table if level == "kota" else table.iloc[1:]
        published = reference[year, line, level].loc[rows["kode"]]
        for m in ("p0", "p1", "p2", "watts"):
            assert np.array_equal(rows[m].to_numpy(), published[m].to_numpy()), (year, line, level, m)
            assert np.array_equal(rows[f"lower_{m}"].to_numpy(), published[f"lower_{m}"].to_numpy())
        assert np.array_equal(rows["population"].to_numpy(), published["persons"].to_numpy(dtype=float))
        # A model never prints the zeros of an empty expenditure column: the city is above 0,
        # and so is every area on the official line (the extreme line may round to nothing).
        assert table["p0"].iloc[0] > 0, "a model year must not print zeros"
        if line == "official":
            assert (rows["p0"] > 0).all(), "a model year must not print zeros"


@pytest.mark.parametrize("year", MODEL_YEARS)
@pytest.mark.parametrize("line", LINES)
def test_pages_and_map_say_what_fgt_says(capsys, model_db, year, line):
    if not answered(capsys, model_db, year, line):
        return
    city = fgt(capsys, model_db, year, line, "kota").iloc[0]
    kecamatan = by_name(fgt(capsys, model_db, year, line, "kecamatan").iloc[1:])
    kelurahan = by_name(fgt(capsys, model_db, year, line, "kelurahan").iloc[1:])
    content = page(capsys, model_db, "ringkasan", year, line)["ringkasan"]
    check_ringkasan(content, city, kecamatan, kelurahan, model=True)
    for indicator in MEASURES:
        check_map(page(capsys, model_db, "peta", year, line, "--indicator", indicator), kelurahan, indicator)


@pytest.mark.parametrize("year", [2024, 2025])
def test_pembangunan_alternatif_prints_what_ringkasan_and_p4gn_print(capsys, model_db, year):
    ranking = {
        r["Wilayah"]: r for r in page(capsys, model_db, "ringkasan", year, "official")["ringkasan"]["ranking_table"]
    }
    crossed = page(capsys, model_db, "p4gn", year, "official")["p4gn"]["crossed"]
    command = cli_table(capsys, "p4gn", "--db", str(model_db), "--year", str(year)).set_index("nama")
    assert len(crossed) == len(ranking)
    for row in crossed:
        same = ranking[row["Kelurahan"]]
        assert row["Penduduk miskin"] == same["Penduduk miskin"], row["Kelurahan"]
        assert (row["P0"], row["P1 (×100)"], row["P2 (×100)"]) == (same["P0 (%)"], same["P1 (×100)"], same["P2 (×100)"])
        assert_printed(row["P2 (×100)"], command.loc[row["Kelurahan"], "p2"] * 100, f"P4GN {row['Kelurahan']} P2")
        assert_printed(row["Penduduk miskin"], command.loc[row["Kelurahan"], "poor"], "P4GN poor", unit=10.0)


@pytest.mark.parametrize(("year", "line"), [(y, "official") for y in MODEL_YEARS] + [(2025, "extreme")])
def test_the_excel_pack_says_what_fgt_and_the_page_say(capsys, model_db, year, line):
    if not answered(capsys, model_db, year, line):
        return
    city = fgt(capsys, model_db, year, line, "kota").iloc[0]
    kelurahan = by_name(fgt(capsys, model_db, year, line, "kelurahan").iloc[1:])
    metrics = {
        m["indicator"]: m["value"] for m in page(capsys, model_db, "ringkasan", year, line)["ringkasan"]["metrics"]
    }
    with duckdb.connect(str(model_db), read_only=True) as con:
        content = build_report(con, year, "xlsx", line)
    check_pack_xlsx(content, city, kelurahan, metrics, year)


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_the_pdf_and_slides_print_the_page_figures(capsys, model_db, fmt):
    year = 2025
    metrics = {
        m["indicator"]: m["value"]
        for m in page(capsys, model_db, "ringkasan", year, "official")["ringkasan"]["metrics"]
    }
    with duckdb.connect(str(model_db), read_only=True) as con:
        content = build_report(con, year, fmt)
    if fmt == "pdf":
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    else:
        slides = list(Presentation(io.BytesIO(content)).slides)
        headline = [s for s in slides if any(sh.has_table for sh in s.shapes)][0]
        table = [sh.table for sh in headline.shapes if sh.has_table][0]
        text = "\n".join(cell.text for row in table.rows for cell in row.cells)
    for indicator in ("p0", "p1", "p2", "poor"):
        printed = metrics[indicator].replace(" %", "")
        assert printed in text, f"{fmt}: the page's {indicator} {metrics[indicator]!r} is not in the pack"
    # The model's estimates are not register figures (issue 27: "P0 register", "Register: data
    # terpadu P3KE/DTKS/Regsosek" under the model's trend).
    assert not re.search(r"P[012] register|Register: data terpadu", text), "the pack calls model estimates register"


@pytest.mark.parametrize("year", MODEL_YEARS)
def test_every_door_refuses_a_line_the_sample_cannot_support(capsys, model_db, year):
    """The extreme line: a survey of about 550 households holds 0-2 below it, so the model's
    share there is its normal tail, not data. The command, the model's own command, the page,
    the map and the pack refuse with one sentence, and the official page says why it shows
    no extremely poor count."""
    sentence = refusal(model_db, year, "extreme")
    assert sentence and "rumah tangga di bawah garis" in sentence, "the test database should refuse it"
    db, y = str(model_db), str(year)
    for argv in (
        ["fgt", "--db", db, "--year", y, "--line", "extreme"],
        ["fgt", "--db", db, "--year", y, "--line", "extreme", "--by", "kelurahan"],
        ["sae", "estimates", "--db", db, "--year", y, "--line", "extreme"],
        ["page", "ringkasan", "--db", db, "--year", y, "--line", "extreme"],
        ["page", "peta", "--db", db, "--year", y, "--line", "extreme", "--indicator", "p0"],
        ["report", "--db", db, "--year", y, "--line", "extreme", "--format", "xlsx", "--out", "/dev/null"],
    ):
        code, out, err = cli(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.removeprefix("galat: ").strip() == sentence, argv
    from analytics.errors import DataError
    from analytics.summary import headline

    with duckdb.connect(db, read_only=True) as con:
        with pytest.raises(DataError, match=re.escape(sentence[:60])):
            build_report(con, year, "xlsx", "extreme")
        official = headline(con, year, "official", "64.74")
    assert official.extreme_refusal == sentence
    assert pd.isna(official.table.set_index("indicator").loc["extreme_poor", "value"])


@pytest.mark.parametrize("level", ["kecamatan", "kelurahan"])
def test_change_between_model_years_adds_up_to_the_published_city_change(capsys, model_db, reference, level):
    table = cli_table(capsys, "change", "--db", str(model_db), "--from", "2024", "--to", "2025", "--by", level)
    assert set(table["source_start"]) == set(table["source_end"]) == {"model"}
    for m in MEASURES:
        city_change = reference[2025, "official", "kota"][m].iloc[0] - reference[2024, "official", "kota"][m].iloc[0]
        assert table[f"total_{m}"].sum() == pytest.approx(city_change, abs=1e-12)
        published = reference[2025, "official", level][m]
        assert np.allclose(table.set_index("kode")[f"{m}_end"], published.loc[table["kode"]], rtol=1e-12)


@pytest.mark.parametrize("level", ["kecamatan", "kelurahan"])
def test_tren_shows_the_change_the_command_prints_and_refuses_what_it_refuses(capsys, model_db, level):
    argv = ["--from", "2024", "--to", "2025"]
    command = cli_table(capsys, "change", "--db", str(model_db), *argv, "--by", level).set_index("nama")
    content = page(capsys, model_db, "tren", 2025, "official", *argv, "--level", level)["perubahan"]
    assert content["unavailable"] is None
    bars = content["contributions"]
    assert len(bars) == len(command)
    for row in bars:
        for part in ("within_p0", "shift_p0"):
            assert row[part] == pytest.approx(command.loc[row["nama"], part] * 100, abs=1e-12), (row["nama"], part)
    for what, refused in (("datt_ravallion", "datt-ravallion"), ("transitions", "transitions")):
        code, _, err = cli(capsys, refused, "--db", str(model_db), *argv)
        assert code == 2
        assert content[f"{what}_unavailable"] == err.removeprefix("galat: ").strip()


def test_tren_refuses_a_year_without_money_measure_as_the_command_does(capsys, model_db):
    argv = ["--from", "2022", "--to", "2023"]
    content = page(capsys, model_db, "tren", 2023, "official", *argv)["perubahan"]
    code, _, err = cli(capsys, "change", "--db", str(model_db), *argv)
    assert code == 2
    assert content["unavailable"] == err.removeprefix("galat: ").strip()


@pytest.mark.parametrize("command", ["transitions", "datt-ravallion"])
def test_family_measures_refuse_on_model_years_with_a_sentence(capsys, model_db, command):
    code, out, err = cli(capsys, command, "--db", str(model_db), "--from", "2024", "--to", "2025")
    assert code == 2 and out == ""
    assert err.startswith("galat: Tahun 2024 dan 2025 memakai estimasi model (SAE)") and err.count("\n") == 1


# ---------------------------------------------------------------- a year without a money measure


NONE_COMMANDS = {
    "fgt": ["fgt", "--year", "2023"],
    "fgt-kelurahan": ["fgt", "--year", "2023", "--by", "kelurahan"],
    "change": ["change", "--from", "2022", "--to", "2023"],
    "transitions": ["transitions", "--from", "2023", "--to", "2024"],
    "datt-ravallion": ["datt-ravallion", "--from", "2023", "--to", "2024"],
    "p4gn": ["p4gn", "--year", "2023"],
    "coverage": ["coverage", "--year", "2023"],
}


@pytest.mark.parametrize("name", sorted(NONE_COMMANDS))
def test_every_command_refuses_a_year_without_money_measure(capsys, model_db, name):
    argv = NONE_COMMANDS[name]
    code, out, err = cli(capsys, argv[0], "--db", str(model_db), *argv[1:])
    assert code == 2, f"{name} printed a table for {NONE_YEAR}: {out[:200]}"
    assert out == ""
    assert f"Tahun {NONE_YEAR}" in err and NO_WELFARE_SENTENCE[:60] in err


def test_the_page_refuses_the_same_year_with_the_same_reason(capsys, model_db):
    code, out, err = cli(capsys, "page", "ringkasan", "--db", str(model_db), "--year", str(NONE_YEAR))
    shown = out + err
    assert NO_WELFARE_SENTENCE[:60] in shown
    if code == 0:
        content = json.loads(out)["ringkasan"]
        assert not content.get("metrics"), "no P0/P1/P2 metric may be shown for a year without money measure"


# ---------------------------------------------------------------- observed welfare


def test_an_observed_database_agrees_through_every_door(capsys, small_db):
    year, line = 2024, "official"
    city = fgt(capsys, small_db, year, line, "kota").iloc[0]
    assert city["source"] == "observed"
    kecamatan = by_name(fgt(capsys, small_db, year, line, "kecamatan").iloc[1:])
    kelurahan = by_name(fgt(capsys, small_db, year, line, "kelurahan").iloc[1:])
    content = page(capsys, small_db, "ringkasan", year, line)["ringkasan"]
    check_ringkasan(content, city, kecamatan, kelurahan.dropna(subset=["p0"]), model=False)
    with duckdb.connect(str(small_db), read_only=True) as con:
        pack = build_report(con, year, "xlsx")
    metrics = {m["indicator"]: m["value"] for m in content["metrics"]}
    check_pack_xlsx(pack, city, kelurahan, metrics, year)


# ---------------------------------------------------------------- the checks can fail


def test_a_broken_door_is_caught(capsys, model_db, monkeypatch):
    """The zeros of the old ``fgt`` (family expenditure summed on a model year) and the pack's
    unrounded model counts are both rejected by the checks above."""
    import analytics.summary
    import analytics.welfare.measures as measures

    year, line = 2024, "official"
    kelurahan = by_name(fgt(capsys, model_db, year, line, "kelurahan").iloc[1:])
    content = page(capsys, model_db, "ringkasan", year, line)["ringkasan"]
    metrics = {m["indicator"]: m["value"] for m in content["metrics"]}
    area_fgt = measures.area_fgt
    monkeypatch.setattr(measures, "area_fgt", lambda *a, **k: area_fgt(*a, **k).assign(p0=0.0, p1=0.0, p2=0.0, poor=0))
    zeros = fgt(capsys, model_db, year, line, "kota").iloc[0]
    with pytest.raises(AssertionError):
        check_ringkasan(content, zeros, kelurahan, kelurahan, model=True)
    monkeypatch.undo()

    city = fgt(capsys, model_db, year, line, "kota").iloc[0]
    monkeypatch.setattr(analytics.summary.Headline, "as_shown", lambda self: self)
    with duckdb.connect(str(model_db), read_only=True) as con:
        pack = build_report(con, year, "xlsx", line)
    with pytest.raises(AssertionError, match="poor persons differ"):
        check_pack_xlsx(pack, city, kelurahan, metrics, year)
