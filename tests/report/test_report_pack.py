"""Briefing pack (issue 5): the files open, carry the analytics' numbers, and no names or NIK.

A small demo (seed 3, scale 0.03) is generated and imported once per test session; every
number read back from the PPTX text, the PDF text and the XLSX is compared with the
analytics functions called here independently (not through ``analytics.report``).
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from analytics.errors import UserError
from analytics.formats import parse_number
from analytics.poverty.area import fgt_by_area
from analytics.poverty.subgroup import subgroup_decomposition
from analytics.programs.coverage import coverage
from analytics.report import SLIDE_TITLES, build_report
from analytics.segments import segments

YEAR = 2024
PREVIOUS = 2023
KOTA = "64.74"


@pytest.fixture(scope="module")
def packs(con):
    """The three files of YEAR on the official line."""
    return {fmt: build_report(con, YEAR, fmt) for fmt in ("pdf", "pptx", "xlsx")}


# ---------------------------------------------------------------- readers


def pptx_slides(content: bytes):
    return list(Presentation(io.BytesIO(content)).slides)


def slide_texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            for row in shape.table.rows:
                texts.extend(cell.text for cell in row.cells)
    return texts


def slide_table(slide, index: int = 0) -> pd.DataFrame:
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    rows = [[cell.text for cell in row.cells] for row in tables[index].rows]
    return pd.DataFrame(rows[1:], columns=rows[0])


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def xlsx_sheets(content: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(content), sheet_name=None, header=1, engine="calamine")


def all_text(fmt: str, content: bytes) -> str:
    """Every character a reader could see: PDF text, or every XML part of the PPTX/XLSX zip."""
    if fmt == "pdf":
        return "\n".join(pdf_pages(content))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def close(text: str, expected: float, decimals: int) -> bool:
    """``text`` is ``expected`` written with ``decimals`` decimals (half a unit of rounding)."""
    if pd.isna(expected):
        return text.strip() == "–"
    return abs(parse_number(text) - expected) <= 0.5 * 10**-decimals + 1e-9


def assert_close(text, expected, decimals, what):
    assert close(text, expected, decimals), f"{what}: file says {text!r}, analytics give {expected!r}"


# ---------------------------------------------------------------- independent analytics

RECEIVES_ANY = (
    "receives_pkh or receives_sembako or receives_pbi or receives_bst or receives_bpum "
    "or receives_prakerja or receives_kur"
)


def uncovered_by_sql(con, year: int, line_column: str = "official_line") -> pd.Series:
    """Poor families receiving no program, per kelurahan name, counted straight on the family
    table (the pack itself takes them from ``coverage``, not from any household list)."""
    frame = con.execute(
        f"""
        select k.nama, count(*) as n
        from family as f
        join kelurahan as k on k.kode = f.kode_kelurahan
        join poverty_line as l on l.year = f.year
        where f.year = ? and f.expenditure_pc < l.{line_column} and not ({RECEIVES_ANY})
        group by k.nama
        """,
        [year],
    ).df()
    return frame.set_index("nama")["n"]


@pytest.fixture(scope="module")
def truth(con):
    kel = fgt_by_area(con, YEAR, by="kelurahan", include_city=True)
    prev = fgt_by_area(con, PREVIOUS, by="kota")
    extreme = fgt_by_area(con, YEAR, by="kota", line="extreme")
    extreme_prev = fgt_by_area(con, PREVIOUS, by="kota", line="extreme")
    dec = subgroup_decomposition(con, YEAR, level="kelurahan").table
    cov = coverage(con, YEAR, by="kelurahan", program="any", include_city=True)
    cov_all = coverage(con, YEAR, by="kota", program="all")
    unc = uncovered_by_sql(con, YEAR)
    seg = segments(con, YEAR, by="kota")
    seg_kel = segments(con, YEAR, by="kelurahan")
    bps = con.execute("select year, poor_persons, p0, p1, p2 from bps_poverty order by year").df()
    return {
        "city": kel.iloc[0],
        "kel": kel.iloc[1:].set_index("nama"),
        "prev": prev.iloc[0],
        "extreme": extreme.iloc[0],
        "extreme_prev": extreme_prev.iloc[0],
        "dec": dec.set_index("nama"),
        "cov": cov.set_index("nama"),
        "cov_all": cov_all.set_index("program"),
        "uncovered": unc,
        "uncovered_total": int(unc.sum()),
        "seg": seg.set_index("segment"),
        "seg_kel": seg_kel,
        "bps": bps.set_index("year"),
    }


# ---------------------------------------------------------------- files open, structure


def test_report_pdf_has_the_expected_pages(packs):
    pages = pdf_pages(packs["pdf"])
    assert len(pages) == len(SLIDE_TITLES) == 10
    assert "Ringkasan Kemiskinan Kota Bontang" in pages[0] and str(YEAR) in pages[0]
    assert "Sumber data" in pages[0]
    for page, title in zip(pages[1:], SLIDE_TITLES[1:]):
        assert page.lstrip().startswith(title), (title, page[:80])


def test_report_pptx_slides_have_editable_text_and_tables(packs):
    slides = pptx_slides(packs["pptx"])
    assert len(slides) == len(SLIDE_TITLES)
    assert slides[0].shapes.title.text == f"Ringkasan Kemiskinan Kota Bontang Tahun {YEAR}"
    for slide, title in zip(slides[1:], SLIDE_TITLES[1:]):
        assert slide.shapes.title.text.startswith(title)
    kinds = [
        {("table" if s.has_table else "picture" if s.shape_type == 13 else "text") for s in slide.shapes}
        for slide in slides
    ]
    for i in (1, 3, 4, 5, 6, 7):  # headline, trend, ranking, coverage x2, segments
        assert "table" in kinds[i], SLIDE_TITLES[i]
    assert "picture" in kinds[2] and "picture" in kinds[3]  # map and trend chart
    for slide in slides:  # every slide has text a user can edit, not only pictures
        assert any(s.has_text_frame and s.text_frame.text.strip() for s in slide.shapes)
    assert len(" ".join(slide_texts(slides[8]))) > 200  # the narrative


def test_report_xlsx_opens_with_pandas_one_sheet_per_table(packs):
    sheets = xlsx_sheets(packs["xlsx"])
    assert list(sheets) == [
        "Angka utama",
        "Peta P2",
        "Tren",
        "Peringkat P2",
        "Cakupan kelurahan",
        "Cakupan program",
        "Segmen",
        "Segmen kelurahan",
        "Metode",
    ]
    assert {"Kode", "Kelurahan", "P2 (×100)"} <= set(sheets["Peta P2"].columns)
    assert {"Tahun", "P0 dasbor (%)", "P0 BPS (%)", "P2 BPS (×100)"} <= set(sheets["Tren"].columns)


# ---------------------------------------------------------------- numbers equal the analytics


def test_report_pptx_headline_numbers(packs, truth):
    table = slide_table(pptx_slides(packs["pptx"])[1]).set_index("Indikator")
    city, prev, bps = truth["city"], truth["prev"], truth["bps"].loc[YEAR]
    rows = {label.split(" *")[0]: row for label, row in table.iterrows()}
    checks = [
        ("Tingkat kemiskinan (P0)", city["p0"] * 100, prev["p0"] * 100, bps["p0"] * 100, 2),
        ("Indeks kedalaman (P1)", city["p1"] * 100, prev["p1"] * 100, bps["p1"] * 100, 2),
        ("Indeks keparahan (P2)", city["p2"] * 100, prev["p2"] * 100, bps["p2"] * 100, 3),
        ("Penduduk miskin", city["poor"], prev["poor"], bps["poor_persons"], 0),
        ("Penduduk miskin ekstrem", truth["extreme"]["poor"], truth["extreme_prev"]["poor"], np.nan, 0),
    ]
    for label, now, before, official, decimals in checks:
        row = rows[label]
        assert_close(row[f"Tahun {YEAR}"], now, decimals, label)
        assert_close(row[f"Tahun {PREVIOUS}"], before, decimals, label)
        assert_close(row[f"BPS {YEAR}"], official, decimals, label + " BPS")
        change = row["Perubahan"].replace(" poin", "")
        assert_close(change, now - before, decimals, label + " perubahan")
    # the extreme line of 2024 is an estimate: the row and the note say so
    assert any(label.endswith("*") for label in table.index)
    assert "perkiraan" in " ".join(slide_texts(pptx_slides(packs["pptx"])[1]))


def test_report_pptx_ranking_and_coverage_numbers(packs, truth):
    slides = pptx_slides(packs["pptx"])
    ranking = slide_table(slides[4])
    assert list(ranking["Kelurahan"]) == list(truth["kel"].sort_values("p2", ascending=False).index)
    for _, row in ranking.iterrows():
        kel, dec = truth["kel"].loc[row["Kelurahan"]], truth["dec"].loc[row["Kelurahan"]]
        assert_close(row["Penduduk (jiwa)"], kel["population"], 0, "penduduk")
        assert_close(row["Penduduk miskin (jiwa)"], kel["poor"], 0, "miskin")
        assert_close(row["P0 (%)"], kel["p0"] * 100, 2, "P0")
        assert_close(row["P1 (×100)"], kel["p1"] * 100, 2, "P1")
        assert_close(row["P2 (×100)"], kel["p2"] * 100, 3, "P2")
        assert_close(row["Kontribusi ke P2 kota (×100)"], dec["contribution_p2"] * 100, 4, "kontribusi")
        assert_close(row["Bagian dari P2 kota (%)"], dec["contribution_share_p2"] * 100, 1, "bagian")

    cov = slide_table(slides[5])
    assert len(cov) == 16 and cov["Wilayah"].iloc[0] == "Kota Bontang"
    for _, row in cov.iterrows():
        expected = truth["cov"].loc[row["Wilayah"]]
        uncovered = truth["uncovered_total"] if row["Kode"] == KOTA else truth["uncovered"].get(row["Wilayah"], 0)
        assert_close(row["Keluarga miskin"], expected["eligible_families"], 0, "layak")
        assert_close(row["Keluarga miskin penerima program"], expected["covered_eligible"], 0, "tercakup")
        assert_close(row["Cakupan (%)"], expected["coverage"] * 100, 1, "cakupan")
        assert_close(row["Keluarga miskin tanpa program"], uncovered, 0, "tanpa program")
        assert_close(row["Galat inklusi (%)"], expected["inclusion_error"] * 100, 1, "inklusi")
    assert truth["uncovered_total"] == int(truth["cov"].loc["Kota Bontang", "eligible_families"]) - int(
        truth["cov"].loc["Kota Bontang", "covered_eligible"]
    )

    programs = slide_table(slides[6])
    assert len(programs) == 8
    last = programs.iloc[-1]
    assert_close(last["Cakupan (%)"], truth["cov_all"].loc["any", "coverage"] * 100, 1, "any")
    pkh = programs.iloc[0]
    assert pkh["Program"] == "PKH"
    assert_close(pkh["Galat eksklusi (%)"], truth["cov_all"].loc["PKH", "exclusion_error"] * 100, 1, "PKH")


def test_report_pptx_segment_numbers(packs, truth):
    table = slide_table(pptx_slides(packs["pptx"])[7], 0).set_index("Segmen")
    for label, key in (("Diberdayakan", "empower"), ("Dibantu", "assist")):
        seg = truth["seg"].loc[key]
        assert_close(table.loc[label, "Keluarga miskin"], seg["families"], 0, label)
        assert_close(table.loc[label, "Penduduk miskin (jiwa)"], seg["persons"], 0, label)
        assert_close(table.loc[label, "Sumbangan ke P2 (×100)"], seg["p2_contribution"] * 100, 3, label)
    per_kel = slide_table(pptx_slides(packs["pptx"])[7], 1)
    wide = truth["seg_kel"].pivot_table(index="nama", columns="segment", values="families")
    for _, row in per_kel.iterrows():
        assert_close(row["Keluarga diberdayakan"], wide.loc[row["Kelurahan"], "empower"], 0, row["Kelurahan"])
        assert_close(row["Keluarga dibantu"], wide.loc[row["Kelurahan"], "assist"], 0, row["Kelurahan"])


@pytest.mark.parametrize(("line", "line_column"), [("official", "official_line"), ("extreme", "extreme_line")])
def test_report_uncovered_families_equal_a_count_on_the_family_table(con, line, line_column):
    """The pack takes poor families without a program from ``coverage`` (eligible - covered),
    not from the household list: the numbers are those of a plain count of family rows."""
    from analytics.report.data import collect

    table = collect(con, YEAR, line).tables["coverage_area"].frame.set_index("Wilayah")
    expected = uncovered_by_sql(con, YEAR, line_column)
    shown = table["Keluarga miskin tanpa program"]
    kelurahan = shown.index.drop("Kota Bontang")
    assert shown[kelurahan].to_dict() == expected.reindex(kelurahan).fillna(0).to_dict()
    assert shown["Kota Bontang"] == expected.sum()
    assert line != "official" or expected.sum() > 0


def test_report_xlsx_numbers_equal_the_analytics(packs, truth, con):
    sheets = xlsx_sheets(packs["xlsx"])
    ranking = sheets["Peringkat P2"].set_index("Kelurahan")
    kel, dec = truth["kel"], truth["dec"]
    assert set(ranking.index) == set(kel.index)
    for column, source, scale in (
        ("P0 (%)", kel["p0"], 100),
        ("P1 (×100)", kel["p1"], 100),
        ("P2 (×100)", kel["p2"], 100),
        ("Penduduk miskin (jiwa)", kel["poor"], 1),
        ("Kontribusi ke P2 kota (×100)", dec["contribution_p2"], 100),
        ("Bagian dari P2 kota (%)", dec["contribution_share_p2"], 100),
    ):
        np.testing.assert_allclose(ranking[column], source.reindex(ranking.index) * scale, rtol=1e-12, err_msg=column)
    assert list(ranking["Peringkat"]) == list(range(1, 16))

    peta = sheets["Peta P2"].set_index("Kelurahan")
    np.testing.assert_allclose(peta["P2 (×100)"], kel["p2"].reindex(peta.index) * 100, rtol=1e-12)

    cov = sheets["Cakupan kelurahan"].set_index("Wilayah")
    np.testing.assert_array_equal(cov["Keluarga miskin"], truth["cov"]["eligible_families"].reindex(cov.index))
    np.testing.assert_allclose(cov["Cakupan (%)"], truth["cov"]["coverage"].reindex(cov.index) * 100, rtol=1e-12)
    uncovered = truth["uncovered"].reindex(cov.index).fillna(0)
    uncovered["Kota Bontang"] = truth["uncovered_total"]
    np.testing.assert_array_equal(cov["Keluarga miskin tanpa program"], uncovered)

    seg = sheets["Segmen"]
    np.testing.assert_array_equal(seg["Keluarga miskin"], truth["seg"].loc[["empower", "assist"], "families"])
    np.testing.assert_allclose(
        seg["Sumbangan ke P2 (×100)"].sum(), truth["city"]["p2"] * 100, rtol=1e-9
    )  # the two segments add up to the city's P2

    trend = sheets["Tren"]
    trend["year"] = trend["Tahun"].astype(str).str.slice(0, 4).astype(int)
    trend = trend.set_index("year")
    for year in (2021, 2022, 2023, 2024, 2025):
        city = fgt_by_area(con, year, by="kota").iloc[0]
        assert trend.loc[year, "P0 dasbor (%)"] == pytest.approx(city["p0"] * 100, rel=1e-12)
        assert trend.loc[year, "P2 dasbor (×100)"] == pytest.approx(city["p2"] * 100, rel=1e-12)
    bps = truth["bps"]
    for year in bps.index:
        expected = bps.loc[year, "p0"] * 100
        got = trend.loc[year, "P0 BPS (%)"]
        assert (pd.isna(got) and pd.isna(expected)) or got == pytest.approx(expected, rel=1e-12)
    # the official line of 2025 is an estimate in the reference data: the year is marked (and, its
    # P0 being the mayor's statement, marked † after that)
    status = con.execute("select official_status from poverty_line where year = 2025").fetchone()[0]
    assert sheets["Tren"]["Tahun"].astype(str).str.contains("*", regex=False).any() == (status == "estimated")
    assert sheets["Tren"]["Tahun"].astype(str).str.endswith("2025 * †").any()

    head = sheets["Angka utama"].set_index("Indikator")
    assert head.loc["Tingkat kemiskinan (P0)", f"Tahun {YEAR}"] == pytest.approx(truth["city"]["p0"] * 100, rel=1e-12)


def test_report_pdf_ranking_numbers(packs, truth):
    page = pdf_pages(packs["pdf"])[4]
    names = sorted(truth["kel"].index, key=len, reverse=True)
    seen = set()
    for line in page.splitlines():
        match = re.match(r"(\d+) (.+)", line)
        if not match:
            continue
        rest = match.group(2)
        name = next((n for n in names if rest.startswith(n + " ")), None)
        if name is None:
            continue
        seen.add(name)
        tokens = rest[len(name) :].replace(" %", "").split()
        population, poor, p0, p1, p2, contribution, share = tokens
        kel, dec = truth["kel"].loc[name], truth["dec"].loc[name]
        assert_close(population, kel["population"], 0, name)
        assert_close(poor, kel["poor"], 0, name)
        assert_close(p0, kel["p0"] * 100, 2, name)
        assert_close(p1, kel["p1"] * 100, 2, name)
        assert_close(p2, kel["p2"] * 100, 3, name)
        assert_close(contribution, dec["contribution_p2"] * 100, 4, name)
        assert_close(share, dec["contribution_share_p2"] * 100, 1, name)
    assert seen == set(truth["kel"].index)


def test_report_narrative_is_in_both_files(packs, con):
    from analytics.narrative import describe_year
    from analytics.summary import headline, kelurahan_change

    paragraph = describe_year(headline(con, YEAR), kelurahan_change(con, YEAR))
    pptx_text = " ".join(slide_texts(pptx_slides(packs["pptx"])[8]))
    assert paragraph in pptx_text
    pdf_text = " ".join(pdf_pages(packs["pdf"])[8].split())
    assert " ".join(paragraph.split()) in pdf_text


# ---------------------------------------------------------------- no names, no NIK


@pytest.fixture(scope="module")
def names(con):
    rows = con.execute(
        "select distinct upper(trim(name)) from person where name is not null "
        "union select distinct upper(trim(head_name)) from stg_regsosek where head_name is not null"
    ).fetchall()
    places = con.execute("select nama from kelurahan union select nama from kecamatan").fetchall()
    gazetteer = " ".join(n for (n,) in places)
    gazetteer_words = set(gazetteer.upper().replace("-", " ").split())
    all_names = {n for (n,) in rows if n}
    # A one-word name that is also a word of a place name (e.g. LESTARI in Bontang Lestari)
    # cannot be told apart from the place; such names are left out and counted.
    skipped = {n for n in all_names if " " not in n and n in gazetteer_words}
    assert len(skipped) <= 5, skipped
    return sorted(all_names - skipped)


def find_names(text: str, names: list[str]) -> list[str]:
    upper = " ".join(text.upper().split())
    words = set(re.findall(r"[A-Z']+", upper))
    found = []
    for name in names:
        parts = name.split()
        if not all(p in words for p in parts):  # fast filter
            continue
        if re.search(r"(?<![A-Z])" + re.escape(name) + r"(?![A-Z])", upper):
            found.append(name)
    return found


def test_report_name_and_nik_detectors_can_fail(names, niks):
    nik = sorted(niks)[0]
    multi = next(n for n in names if " " in n)
    assert NIK_PATTERN.search(f"NIK {nik} tercatat")
    assert not NIK_PATTERN.search("P0 0.03930155220559166")
    assert multi in find_names(f"Kepala keluarga {multi.title()} di Lok Tuan", names)
    assert find_names("Kepala keluarga di Lok Tuan", names) == []


# 16 digits standing alone; the fraction digits of a full-precision number in the XLSX XML
# (0.03930155220559166) follow a decimal point and are not a NIK.
NIK_PATTERN = re.compile(r"(?<![\d.])\d{16}(?!\d)")


@pytest.fixture(scope="module")
def niks(small_raw):
    """Every NIK and No KK of the raw exports (the database keeps none whole, only hashes and
    masked forms): any 16 digits standing alone in a cell."""
    found: set[str] = set()
    for path in small_raw.glob("[0-9][0-9][0-9][0-9]/*"):
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".xlsx":
            rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            text = "\n".join(",".join(str(v) for v in row) for row in rows)
        else:
            continue
        found |= set(re.findall(r"(?<!\d)\d{16}(?!\d)", text))
    assert len(found) > 1000
    return found


@pytest.mark.parametrize("fmt", ["pdf", "pptx", "xlsx"])
def test_report_files_hold_no_nik_and_no_name(packs, names, niks, fmt):
    text = all_text(fmt, packs[fmt])
    assert len(text) > 2000  # the extraction really read the file
    assert not NIK_PATTERN.search(text)
    digits = set(re.findall(r"\d{16,}", text))
    assert not [n for n in niks if any(n in d for d in digits)]
    if fmt == "xlsx":  # the cell values as a reader sees them, too
        cells = " ".join(frame.astype(str).to_string() for frame in xlsx_sheets(packs[fmt]).values())
        assert not NIK_PATTERN.search(cells)
        assert find_names(cells, names) == []
    assert find_names(text, names) == []


# ---------------------------------------------------------------- options and speed


def test_report_schematic_map_is_labelled(con):
    from geo.boundaries import KelurahanMap
    from geo.schematic import schematic_kelurahan

    schematic = build_report(con, YEAR, "pptx", boundaries=KelurahanMap(schematic_kelurahan()))
    assert "peta skematis" in " ".join(slide_texts(pptx_slides(schematic)[2]))
    official = KelurahanMap(schematic_kelurahan(), source="batas.geojson")
    plain = build_report(con, YEAR, "pptx", boundaries=official)
    assert "peta skematis" not in " ".join(slide_texts(pptx_slides(plain)[2]))


def test_report_extreme_line_and_estimated_official_line(con):
    extreme = xlsx_sheets(build_report(con, YEAR, "xlsx", line="extreme"))
    city = fgt_by_area(con, YEAR, by="kota", line="extreme").iloc[0]
    head = extreme["Angka utama"].set_index("Indikator")
    assert head.loc["Tingkat kemiskinan (P0)", f"Tahun {YEAR}"] == pytest.approx(city["p0"] * 100, rel=1e-12)
    assert extreme["Tren"]["P0 BPS (%)"].isna().all()  # BPS figures belong to the official line only
    slides = pptx_slides(build_report(con, 2025, "pptx"))
    method = " ".join(slide_texts(slides[9]))
    assert "garis kemiskinan resmi" in method and "perkiraan" in method


def test_report_rejects_unknown_format_and_year(con):
    with pytest.raises(UserError, match="format laporan"):
        build_report(con, YEAR, "docx")
    with pytest.raises(UserError, match="tahun"):
        build_report(con, 1999, "xlsx")
