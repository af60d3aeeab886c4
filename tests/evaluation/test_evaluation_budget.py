"""Chapter 5's budget table from a region's budget file (synthetic amounts here)."""

import pytest

from analytics.access.scope import User
from analytics.errors import DataError
from analytics.evaluation.budget import HOW_TO, read_budget
from analytics.evaluation.programmes import programmes_chapter
from analytics.report.tables import coverage_program_table
from analytics.views.source import Source


def write(path, rows):
    path.write_text("program,year,rupiah,source\n" + "".join(f"{r}\n" for r in rows))
    return path


def test_budget_rows_are_read_by_programme_and_bad_rows_refused(tmp_path):
    rows = ["BPNT,2024,1200000000,APBD uji", "pbi-jk,2024,Rp 500.000.000,APBD uji"]
    budget = read_budget(write(tmp_path / "a.csv", rows))
    assert list(budget["program"]) == ["SEMBAKO", "PBI"]
    assert list(budget["rupiah"]) == [1.2e9, 5e8]  # written the Indonesian way too
    with pytest.raises(DataError) as caught:
        read_budget(write(tmp_path / "b.csv", ["Bansos Lain,2024,100,uji", "PKH,2024,,"]))
    text = caught.value.message
    assert "baris 2" in text and "program tidak dikenal" in text and "baris 3" in text and "sumber" in text


def test_cost_per_family_is_the_budget_over_the_pack_counts(model_con, tmp_path):
    source = Source.of(model_con)
    budget = read_budget(write(tmp_path / "a.csv", ["PKH,2024,2000000000,APBD uji", "PKH,2023,1,APBD uji"]))
    chapter = programmes_chapter(source, 2024, "official", User("a", "analis"), budget)
    costs = chapter.tables[-1].frame
    pack = coverage_program_table(model_con, 2024, "official", None).frame.set_index("Program")
    assert list(costs["Program"]) == ["PKH"]
    assert costs.loc[0, "Anggaran (Rp)"] == 2_000_000_000  # the 2023 row is another year's
    assert costs.loc[0, "Biaya per keluarga penerima (Rp)"] == pytest.approx(2e9 / pack.loc["PKH", "Penerima"])
    poor = pack.loc["PKH", "Keluarga miskin penerima"]
    assert costs.loc[0, "Biaya per keluarga miskin terjangkau (Rp)"] == pytest.approx(2e9 / poor)
    assert HOW_TO in programmes_chapter(source, 2024, "official", User("a", "analis")).notes
    elsewhere = programmes_chapter(source, 2022, "official", User("a", "analis"), budget)
    assert "tidak memuat program tahun 2022" in " ".join(elsewhere.notes)


def test_a_bad_or_missing_budget_file_keeps_chapter_5(model_con, tmp_path, monkeypatch):
    from analytics.evaluation import build_evaluation

    source = Source.of(model_con)
    monkeypatch.setenv("KEMISKINAN_BUDGET_FILE", str(write(tmp_path / "b.csv", ["PKH,2024,1.5,uji"])))
    chapter = build_evaluation(source, 2024, "official", User("a", "analis")).chapters[4]
    assert len(chapter.tables) == 2 and "rupiah harus jumlah bulat" in " ".join(chapter.notes)
    monkeypatch.setenv("KEMISKINAN_BUDGET_FILE", str(tmp_path / "tidak-ada.csv"))
    chapter = build_evaluation(source, 2024, "official", User("a", "analis")).chapters[4]
    assert len(chapter.tables) == 2 and "tidak ditemukan" in " ".join(chapter.notes)
