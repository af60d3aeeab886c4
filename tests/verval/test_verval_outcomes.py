"""What the verval records change: progress, outcomes and targeting figures per kelurahan and
RT, and the agreement of the register with the field, each checked against a pandas count of
the records the test itself saved; the pimpinan's protection and the verifikator's scope."""

import itertools

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.access.scope import AccessDenied, User
from analytics.disclosure import is_marker
from analytics.poverty.lines import resolve_line
from analytics.verval import agreement, families, store
from analytics.verval.outcomes import COUNTS, area_counts, outcome_families, rt_counts
from analytics.verval.worklist import worklist_families
from analytics.views import verval_agreement, verval_outcomes_page
from analytics.views.selection import Selection, area_name
from analytics.views.source import Source
from tests.verval.conftest import YEAR

ANALIS = User("ani", "analis")
PIMPINAN = User("pia", "pimpinan")
REGISTER_PROGRAMS = {"PKH", "SEMBAKO", "PBI", "BST", "BPUM", "PRAKERJA", "KUR"}
GONE = ["tidak_ditemukan", "pindah", "meninggal", "menolak"]
DWELLING = {
    "size": 4,
    "n_working_age": 2,
    "n_disabled": 0,
    "n_elderly": 0,
    "n_out_of_school": 0,
    "floor": "SEMEN",
    "wall": "TEMBOK",
    "roof": "ASBES/SENG",
    "water_source": "LEDENG/PAM",
    "sanitation": "MILIK SENDIRI",
    "lighting": "LISTRIK PLN METERAN",
    "cooking_fuel": "LISTRIK/GAS",
    "income": "upah",
}


def _candidates(con) -> pd.DataFrame:
    """This year's families with both keys unique (a save finds no other family's record):
    family_id, kelurahan, rt, on the worklist or not, the probability of being poor as the
    test computes it (observed expenditure below the line) and DTKS membership."""
    line = resolve_line(con, YEAR, "official").amount
    frame = con.execute(
        "select s.family_id, s.kode_kelurahan as kelurahan, s.rt, f.in_dtks, "
        "case when f.expenditure_pc < ? then 1.0 else 0.0 end as p from stg_regsosek s "
        "join family f on f.year = s.year and f.family_id = s.family_id "
        "join link_key_kk k on k.year = s.year and k.no_kk_hash = s.no_kk_hash "
        "join link_key_head_nik n on n.year = s.year and n.head_nik_hash = s.head_nik_hash "
        "where s.year = ? order by s.family_id",
        [line, YEAR],
    ).df()
    listed = set(worklist_families(con, YEAR, user=ANALIS)["family_id"])
    return frame.assign(on_worklist=frame["family_id"].isin(listed))


def _answers(i: int, p: float) -> dict:
    """A varied visit: every tenth family not found (each way in turn), else found and poor by
    the field mostly as the register says (every fifth the other way), half by the group, half
    by six indicators; programs a register one, a non-register one, or none."""
    if i % 10 == 9:
        return {"outcome": GONE[(i // 10) % 4], "note": ""}
    poor = (p == 1.0) != (i % 5 == 0)
    by_group = i % 2 == 0
    group = "dtsen" if poor and by_group else "bantuan_lain" if poor or i % 3 == 0 else "tidak_miskin"
    indicators = 6 if poor and not by_group else 2
    visit = {
        **DWELLING,
        "outcome": "ditemukan",
        "group": group,
        "finding": "dikoreksi" if i % 2 else "benar",
        "programs": [["PKH"], ["PEMDA"], [], []][i % 4],
        "note": "",
        **{f"ind_{k}": k <= indicators for k in range(1, 9)},
    }
    if group != "tidak_miskin":
        visit["support"] = "bantu"
    if group == "bantuan_lain":
        visit["referrals"] = ["baznas"]
    return visit


def _status(i: int) -> str:
    return "submitted" if i % 7 == 3 else "returned" if i % 7 == 5 else "approved"


def seed(db, shuffle: int | None = None) -> pd.DataFrame:
    """Records for 60 worklist families (about half poor by the register) and 4 others; some
    approved, some returned, some left submitted. Returns what was saved, one row a family.
    The families are the first candidates in register order, or in the order of ``shuffle``
    (a random state)."""
    with duckdb.connect(str(db), read_only=True) as con:
        pool = _candidates(con)
        if shuffle is not None:
            pool = pool.sample(frac=1, random_state=shuffle)
        listed = pool[pool["on_worklist"]]
        chosen = pd.concat(
            [listed[listed["p"] == 1].head(28), listed[listed["p"] == 0].head(32), pool[~pool["on_worklist"]].head(4)]
        ).reset_index(drop=True)
        keys = [families.family_keys(con, YEAR, f) for f in chosen["family_id"]]
    rows = []
    for i, (row, key) in enumerate(zip(chosen.itertuples(), keys, strict=True)):
        visit = _answers(i, row.p)
        record_id, version = store.save_visit(db, key, visit, 0, user=User("vera", "verifikator", key.kode_kelurahan))
        status = _status(i)
        if status != "submitted":
            store.review(db, record_id, version, status, "Foto kurang" if status == "returned" else "", user=ANALIS)
        rows.append({**row._asdict(), "record_id": record_id, "status": status, **visit})
    return pd.DataFrame(rows).drop(columns="Index")


def expected_counts(book: pd.DataFrame, worklist: pd.DataFrame) -> pd.DataFrame:
    """The counts per kelurahan, straight from what the test saved and the worklist."""
    b = book.copy()
    b["approved"] = b["status"] == "approved"
    b["found"] = b["approved"] & (b["outcome"] == "ditemukan")
    indicators = b[[f"ind_{k}" for k in range(1, 9)]].fillna(False).astype(bool).sum(axis=1)
    b["poor"] = b["found"] & ((b["group"] == "dtsen") | (indicators >= 6))
    b["program"] = b["programs"].map(lambda p: isinstance(p, list) and bool(REGISTER_PROGRAMS & set(p)))
    flags = pd.DataFrame(
        {
            "kode": b["kelurahan"],
            "visited": b["on_worklist"],
            "approved": b["on_worklist"] & b["approved"],
            "outside": ~b["on_worklist"],
            "approved_all": b["approved"],
            "found": b["found"],
            **{c: b["approved"] & (b["outcome"] == o) for o, c in zip(GONE, ["not_found", "moved", "died", "refused"])},
            "dtsen": b["found"] & (b["group"] == "dtsen"),
            "other_help": b["found"] & (b["group"] == "bantuan_lain"),
            "not_poor": b["found"] & (b["group"] == "tidak_miskin"),
            "field_poor": b["poor"],
            "fakir_miskin": b["found"] & (indicators >= 6),
            "to_correct": b["found"] & (b["finding"] == "dikoreksi"),
            "poor_no_program": b["poor"] & ~b["program"],
            "poor_not_in_dtks": b["poor"] & ~b["in_dtks"].astype(bool),
            "not_poor_with_program": b["found"] & ~b["poor"] & (b["group"] == "tidak_miskin") & b["program"],
        }
    )
    counts = flags.groupby("kode").sum().astype(int)
    work = worklist[~worklist["reasons"].map(lambda r: "not_seen" in r)]
    counts = counts.join(worklist.groupby("kode_kelurahan").size().rename("worklist"), how="outer")
    desil1 = work[(work["desil"] == 1) & ~work["has_program"]].groupby("kode_kelurahan").size()
    return counts.join(desil1.rename("desil1_no_program"), how="outer").fillna(0).astype(int)


def boss_agreement(db) -> agreement.Agreement:
    """The agreement of the whole city (what a pimpinan is shown)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return agreement.agreement(outcome_families(con, db, YEAR), "observed")


@pytest.fixture
def seeded(first_year):
    return first_year, seed(first_year)


def test_counts_per_kelurahan_and_rt_match_the_records_saved(seeded):
    db, book = seeded
    with duckdb.connect(str(db), read_only=True) as con:
        frame = outcome_families(con, db, YEAR)
        worklist = worklist_families(con, YEAR, user=ANALIS)
    table = area_counts(frame).set_index("kode")
    expected = expected_counts(book, worklist)
    kelurahan = table[table.index.str.count(r"\.") == 3]
    for column in expected.columns:
        got = kelurahan[column][kelurahan[column] > 0]
        assert got.to_dict() == expected[column][expected[column] > 0].to_dict(), column
    assert table.loc["64.74", list(COUNTS)].to_dict() == kelurahan[list(COUNTS)].sum().to_dict()
    assert (table["approved"] <= table["visited"]).all() and (table["visited"] <= table["worklist"]).all()
    assert table.loc["64.74", "outside"] == 4 and table.loc["64.74", "visited"] == 60
    assert book["status"].value_counts().to_dict() == {"approved": 46, "submitted": 9, "returned": 9}
    # Per RT of the kelurahan with most records: the same counts by the RT the register gives.
    busiest = book["kelurahan"].mode()[0]
    rts = rt_counts(frame, busiest).set_index("rt")
    mine = book[book["kelurahan"] == busiest]
    assert rts["visited"][rts["visited"] > 0].to_dict() == mine[mine["on_worklist"]].groupby("rt").size().to_dict()
    assert rts[list(COUNTS)].sum().to_dict() == table.loc[busiest, list(COUNTS)].to_dict()


def _cell(view, label: str) -> str:
    return view.targeting.set_index("Ukuran").loc[label, "Keluarga"]


def test_targeting_figures_count_approved_records_only(seeded):
    db, book = seeded
    field = "Keluarga miskin terkonfirmasi lapangan tanpa program"
    with duckdb.connect(str(db), read_only=True) as con:
        expected = expected_counts(book, worklist_families(con, YEAR, user=ANALIS))
        before = verval_outcomes_page.build(Source.of(con), str(db), "1", Selection(YEAR), ANALIS)
    assert _cell(before, field) == str(expected["poor_no_program"].sum())
    assert _cell(before, "Keluarga desil 1 tanpa program") == str(expected["desil1_no_program"].sum())
    # Every record still waiting would count as poor without a program once approved: approving
    # them moves the field figure by exactly their number, and by nothing before.
    waiting = book[(book["status"] == "submitted") & (book["outcome"] == "ditemukan")]
    indicators = waiting[[f"ind_{k}" for k in range(1, 9)]].sum(axis=1)
    poor = (waiting["group"] == "dtsen") | (indicators >= 6)
    no_program = waiting["programs"].map(lambda p: not REGISTER_PROGRAMS & set(p))
    assert (poor & no_program).sum() > 0, "the seed leaves a poor family without a program waiting"
    for record_id in waiting["record_id"]:
        store.review(db, record_id, 1, "approved", user=ANALIS)
    with duckdb.connect(str(db), read_only=True) as con:
        after = verval_outcomes_page.build(Source.of(con), str(db), "2", Selection(YEAR), ANALIS)
    assert int(_cell(after, field)) - int(_cell(before, field)) == (poor & no_program).sum()


def _pairwise_auc(score: pd.Series, poor: pd.Series) -> float:
    """AUC as the share of (poor, not poor) pairs the score orders right, ties half: every
    pair compared, no ranks."""
    pos, neg = score[poor.to_numpy()].to_numpy(), score[~poor.to_numpy()].to_numpy()
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_agreement_matches_an_independent_computation(seeded):
    db, book = seeded
    with duckdb.connect(str(db), read_only=True) as con:
        frame = outcome_families(con, db, YEAR)
        view = verval_outcomes_page.build(Source.of(con), str(db), "1", Selection(YEAR), ANALIS)
    result = agreement.agreement(frame, "observed")
    found = book[(book["status"] == "approved") & (book["outcome"] == "ditemukan")]
    indicators = found[[f"ind_{k}" for k in range(1, 9)]].astype(bool).sum(axis=1)
    poor = ((found["group"] == "dtsen") | (indicators >= 6)).reset_index(drop=True)
    p = found["p"].reset_index(drop=True)
    assert result.basis == "observed" and result.n == len(found) >= agreement.MIN_RECORDS
    assert result.found_poor == poor.sum() and min(poor.sum(), (~poor).sum()) >= agreement.MIN_CLASS
    assert result.auc == pytest.approx(_pairwise_auc(p, poor))
    assert 0.5 < result.auc < 1, "the seed flips every fifth family: agreement, not perfect"
    assert result.brier == pytest.approx(((p - poor.astype(float)) ** 2).mean())
    assert result.mean_predicted == pytest.approx(p.mean())
    bands = result.calibration.set_index("band")
    for label, inside in (("0–20 %", p < 0.2), ("80–100 %", p >= 0.8)):
        assert bands.loc[label, "n"] == inside.sum() and bands.loc[label, "found_poor"] == poor[inside].sum()
        assert bands.loc[label, "share_poor"] == pytest.approx(poor[inside].mean())
    assert f"AUC **{result.auc:.2f}".replace(".", ",") in view.agreement.headline
    assert view.agreement.table["Keluarga"].iloc[0] == str(len(found))


def _number(text):
    return None if is_marker(text) else int(str(text).replace(".", ""))


def test_a_pimpinan_sees_protected_counts_and_a_verifikator_its_kelurahan_only(seeded):
    db, book = seeded
    with duckdb.connect(str(db), read_only=True) as con:
        source = Source.of(con)
        raw = area_counts(outcome_families(con, db, YEAR)).set_index("kode")
        boss = verval_outcomes_page.build(source, str(db), "1", Selection(YEAR), PIMPINAN)
        boss_extreme = verval_outcomes_page.build(source, str(db), "1", Selection(YEAR, line="extreme"), PIMPINAN)
        kel = book["kelurahan"].mode()[0]
        vera = User("vera", "verifikator", kel)
        mine = verval_outcomes_page.build(source, str(db), "1", Selection(YEAR), vera)
        other = next(k for k in book["kelurahan"] if k != kel)
        with pytest.raises(AccessDenied):
            verval_outcomes_page.build(source, str(db), "1", Selection(YEAR, kelurahan=other), vera)
    headers = {**verval_outcomes_page.PROGRESS_COLUMNS, **verval_outcomes_page.OUTCOME_HEADERS}
    names = dict(zip(raw["nama"], raw.index, strict=False))
    hidden_small = 0
    for shown in (boss.progress.progress, boss.progress.outcomes):
        for column, header in headers.items():
            if header not in shown.columns or column == "visited_share":
                continue
            cells = dict(zip(shown["Wilayah"].map(lambda n: names.get(n, "64.74")), shown[header], strict=True))
            for code, text in cells.items():
                value = raw.loc[code, column]
                if 1 <= value < 10:
                    # every hidden cell is x, small ones too (issue 21: '<10' beside 'x' gave bounds)
                    assert text == "x", (column, code)
                    hidden_small += 1
                else:
                    assert text in ("x", str(value)) or _number(text) == value, (column, code, text)
            kel_hidden = sum(is_marker(t) for c, t in cells.items() if c != "64.74")
            # No column gives a hidden kelurahan back by subtraction from the city's figure.
            assert is_marker(cells["64.74"]) or kel_hidden != 1, column
    assert hidden_small > 0 and boss.progress.rt_progress.empty
    # The outcome counts do not depend on the line: both lines publish one protected table
    # (issue 21: each line protected on its own gave hidden cells back).
    pd.testing.assert_frame_equal(boss.progress.outcomes, boss_extreme.progress.outcomes)
    assert not any((t == "<10").any().any() for t in (boss.progress.progress, boss.progress.outcomes))
    assert all(t in ("0", "<10", "x") or _number(t) >= 10 for t in boss.targeting["Keluarga"].iloc[1:])
    # The families found at home are counted in the targeting table and under the agreement:
    # a count hidden in one is hidden in the other (else the x gives back a small group).
    found = boss.targeting.set_index("Ukuran").loc["Keluarga ditemukan di rumah (dasar angka lapangan)", "Keluarga"]
    total = boss.agreement.table["Keluarga"].iloc[0]
    assert is_marker(found) == is_marker(total) and (is_marker(found) or found == total), (found, total)
    forced = verval_agreement.agreement_view(boss_agreement(db), "64.74", PIMPINAN, hidden_total=True).table
    assert is_marker(forced["Keluarga"].iloc[0])
    assert sum(is_marker(v) for v in forced["Keluarga"].iloc[1:]) >= 1  # the bands do not add up to it
    assert mine.progress.progress["Wilayah"].tolist() == [raw.loc[kel, "nama"]]
    assert _number(mine.progress.progress["Sudah dikunjungi"].iloc[0]) == raw.loc[kel, "visited"]
    assert mine.progress.rt_progress["Sudah dikunjungi"].map(_number).sum() == raw.loc[kel, "visited"]
    assert (
        mine.agreement.n
        == ((book["kelurahan"] == kel) & (book["status"] == "approved") & (book["outcome"] == "ditemukan")).sum()
    )


def test_agreement_by_desil_and_too_few_families():
    rng = np.random.default_rng(5)
    desil = pd.Series(rng.integers(1, 11, 60)).astype(float)
    poor = pd.Series(rng.random(60) < (11 - desil) / 12)
    frame = pd.DataFrame(
        {"approved": True, "outcome": "ditemukan", "probability": np.nan, "desil": desil, "field_poor": poor}
    )
    result = agreement.agreement(frame, "none")
    assert result.basis == "desil" and result.brier is None and result.mean_predicted is None
    assert result.auc == pytest.approx(_pairwise_auc(-desil, poor))
    band = result.calibration.set_index("band")
    assert band.loc["Desil 5–10", "n"] == (desil >= 5).sum()
    assert band.loc["Desil 1", "found_poor"] == poor[desil == 1].sum()
    few = agreement.agreement(frame.head(agreement.MIN_RECORDS - 1), "none")
    assert not few.enough and few.auc is None and few.calibration["n"].sum() == 0
    shown = verval_outcomes_page.agreement_view(few, "64.74", ANALIS)
    assert shown.table.empty and "perlu sedikitnya 30" in shown.headline


def test_a_record_counts_for_the_year_whose_registers_it_was_made_against(small_raw, first_year):
    from tests.verval.conftest import NEXT, add_next_year

    with duckdb.connect(str(first_year), read_only=True) as con:
        chosen = _candidates(con).head(5)
        keys = [families.family_keys(con, YEAR, f) for f in chosen["family_id"]]
    visit = _answers(2, 1.0)  # found, poor by the group (DTSEN), no program
    for key in keys:
        record_id, version = store.save_visit(
            first_year, key, visit, 0, user=User("v", "verifikator", key.kode_kelurahan)
        )
        store.review(first_year, record_id, version, "approved", user=ANALIS)
    add_next_year(small_raw, first_year, {})
    with duckdb.connect(str(first_year), read_only=True) as con:
        still_there = con.execute(
            "select count(*) from family where year = ? and family_id in ?", [NEXT, chosen["family_id"].tolist()]
        ).fetchone()[0]
        before = area_counts(outcome_families(con, first_year, YEAR)).set_index("kode").loc["64.74"]
        after = area_counts(outcome_families(con, first_year, NEXT)).set_index("kode").loc["64.74"]
    assert before["approved_all"] == before["dtsen"] == len(chosen)
    # Next year's figures hold only the families no longer in its registers (the worklist's
    # "not seen this year"), never a finding about a family the new registers describe anew.
    assert after["approved_all"] == len(chosen) - still_there and still_there > 0


def _parent(kode: str) -> str | None:
    return {3: kode.rsplit(".", 1)[0], 2: "64.74"}.get(kode.count("."))


#: Other choices of the seeded families (a shuffle of the candidates): the protection must hold
#: whichever families the verifikators visited. On the families in register order of today's
#: demo the old protection happens to give nothing back; with shuffle 3 it gives 29 of 161.
SHUFFLES = (None, 3, 5)


@pytest.mark.parametrize("shuffle", SHUFFLES)
def test_the_attacker_recovers_no_hidden_verval_outcome_across_lines_and_areas(first_year, shuffle):
    seed(first_year, shuffle)
    system = _attack(first_year, gaps=False)
    assert system.hidden, "the seeded records must leave something to hide"
    # A complement pinned to 0 tells what every page shows anyway (0 stays 0), as in
    # tests/privacy/test_privacy_attack.py; no count of 1 to 9 may come back.
    recovered = system.recovered()
    assert {cell: n for cell, n in recovered.items() if n != 0} == {}, recovered


def test_the_attacker_recovers_verval_outcomes_under_the_old_protection(first_year, monkeypatch):
    """The protection this replaced: each line on its own, '<10' beside 'x'."""
    seed(first_year, SHUFFLES[1])
    from analytics.disclosure import Ratio, Sum, suppress_linked
    from analytics.verval.outcomes import GROUP_COLUMNS, OUTCOME_COLUMNS

    def old(source, db_path, stamp, selection, user):
        frame, table = verval_outcomes_page._counts(source, db_path, stamp, selection.year, selection.line)
        sums = [Sum("approved_all", tuple(OUTCOME_COLUMNS.values())), Sum("found", tuple(GROUP_COLUMNS.values()))]
        ratios = [Ratio("visited_share", "visited", "worklist")]
        return frame, suppress_linked(table, COUNTS, sums=sums, ratios=ratios)

    monkeypatch.setattr(verval_outcomes_page, "_area_table", old)
    try:
        system = _attack(first_year, gaps=True)
    except AssertionError as exc:  # a cell hidden on one line and shown on the other
        assert "shown elsewhere" in str(exc)
        return
    assert system.recovered(), "the old protection leaked on this data"


def _attack(db, gaps: bool):
    """Issue 21: each line protected on its own, ``<10`` beside ``x`` and no inequalities gave 7
    of 115 hidden counts back. The attacker (tests/privacy/attacker.py, independent of the
    protection) reads both lines' tables for the city and each kecamatan, with every sum,
    share and inequality between the columns and areas."""
    from tests.privacy.attacker import System

    system = System(gaps=gaps)
    headers = {**verval_outcomes_page.PROGRESS_COLUMNS, **verval_outcomes_page.OUTCOME_HEADERS}
    per_line = set(verval_outcomes_page.LINE_COUNTS) | {"visited_share"}
    with duckdb.connect(str(db), read_only=True) as con:
        source = Source.of(con)
        raw = area_counts(outcome_families(con, db, YEAR))
        names = {area_name(k): k for k in raw["kode"]}
        areas = [None, *raw.loc[raw["kode"].str.count(r"\.") == 2, "kode"]]

        def cell(kode, column, line):
            return (kode, column, line) if column in per_line else (kode, column)

        for line in ("official", "extreme"):
            for area in areas:
                view = verval_outcomes_page.build(
                    source, str(db), "1", Selection(YEAR, line=line, kecamatan=area), PIMPINAN
                )
                for shown in (view.progress.progress, view.progress.outcomes):
                    for _, row in shown.iterrows():
                        kode = names[row["Wilayah"]]
                        for column, header in headers.items():
                            if header not in shown.columns:
                                continue
                            if column == "visited_share":
                                system.share(cell(kode, "visited", line), cell(kode, "worklist", line), row[header])
                            else:
                                system.see(cell(kode, column, line), row[header])
    for kode in raw["kode"]:
        system.total((kode, "approved_all"), [(kode, c) for c in ("found", "not_found", "moved", "died", "refused")])
        system.total((kode, "found"), [(kode, c) for c in ("dtsen", "other_help", "not_poor")])
        for small in ("fakir_miskin", "to_correct", "field_poor"):
            system.at_most([(kode, small)], [(kode, "found")])
        for line in ("official", "extreme"):
            system.at_most([(kode, "approved", line)], [(kode, "approved_all")])
            system.at_most([(kode, "approved", line)], [(kode, "visited", line)])
            system.at_most([(kode, "visited", line)], [(kode, "worklist", line)])
    for parent in {_parent(k) for k in raw["kode"]} - {None}:
        children = [k for k in raw["kode"] if _parent(k) == parent]
        for column in headers:
            if column == "visited_share":
                continue
            for line in ("official", "extreme") if column in per_line else (None,):
                tail = (column, line) if line else (column,)
                system.total((parent, *tail), [(k, *tail) for k in children])
    return system
