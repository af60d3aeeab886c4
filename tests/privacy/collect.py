"""What a pimpinan can read, collected through the same functions the pages and the pack use,
as a :class:`tests.privacy.attacker.System`. Nothing here reads analytics.disclosure."""

from __future__ import annotations

import io
import itertools

import pandas as pd

from analytics.access.scope import User
from analytics.poverty.area import area_names
from analytics.reference import REGION_CODE
from analytics.views import trend_page
from analytics.views.selection import Selection
from analytics.views.source import Source
from tests.privacy.attacker import System, parse

PIMPINAN = User("penyerang", "pimpinan")
LINES = ("official", "extreme")
LEVELS = ("kota", "kecamatan", "kelurahan")
PAGE_LEVELS = ("kecamatan", "kelurahan")  # the levels Tren offers
MOVES = ("Tetap miskin", "Keluar dari kemiskinan", "Masuk kemiskinan", "Tetap tidak miskin")


def areas(con) -> pd.DataFrame:
    """kode, nama, level of every area (public: the Kemendagri gazetteer)."""
    return pd.concat([area_names(con, by).assign(level=by) for by in LEVELS], ignore_index=True)


def parent(kode: str) -> str | None:
    return None if kode == REGION_CODE else kode.rsplit(".", 1)[0]


def hierarchy(system: System, gazetteer: pd.DataFrame, cell) -> None:
    """``cell(kode)`` of every parent area is the sum of its children's."""
    children: dict = {}
    for kode in gazetteer["kode"]:
        if (up := parent(kode)) is not None:
            children.setdefault(up, []).append(kode)
    for up, kids in children.items():
        system.total(cell(up), [cell(k) for k in kids])


def transitions(con, source: Source | None = None, years=None, gaps: bool = False) -> System:
    """Every transitions table of every pair of years, line and level on Tren, with what ties
    them: the moves add up to the families in both years (the same on both lines), leavers and
    newcomers do not depend on the line, the families of the last year are those in both plus
    the newcomers whichever pair, the city's families of a year are those in both plus the
    leavers of a pair starting then, areas add up, and the extremely poor are poor."""
    source = source or Source.of(con)
    system, gazetteer = System(gaps=gaps), areas(con)
    by_level = {level: dict(zip(g["nama"], g["kode"], strict=True)) for level, g in gazetteer.groupby("level")}
    years = years or [y for y in sorted(source.get(_years)) if _observed(source, y)]
    for year_from, year_to in itertools.combinations(years, 2):
        pair = (year_from, year_to)
        seen_lines = []
        for line, level in itertools.product(LINES, PAGE_LEVELS):
            page = trend_page.changes(source, Selection(year_to, line), year_from, year_to, level, PIMPINAN)
            if page.unavailable or page.transitions.empty:
                continue
            seen_lines.append(line)
            for row in page.transitions.itertuples(index=False):
                kode = by_level[level][row[0]]
                for move, text in zip(MOVES, row[1:5], strict=True):
                    system.see(("move", pair, line, kode, move), text)
                system.see(("gone", pair, kode), row[5])
                system.see(("new", pair, kode), row[6])
        for line in set(seen_lines):
            for move in MOVES:
                hierarchy(system, gazetteer, lambda k, pair=pair, line=line, move=move: ("move", pair, line, k, move))
        for what in ("gone", "new", "both"):
            hierarchy(system, gazetteer, lambda k, pair=pair, what=what: (what, pair, k))
        for kode in gazetteer["kode"]:
            both = ("both", pair, kode)
            system.unknown(both)
            for line in set(seen_lines):
                system.total(both, [("move", pair, line, kode, m) for m in MOVES])
            system.unknown(("families", year_to, kode))
            system.total(("families", year_to, kode), [both, ("new", pair, kode)])
            if {"official", "extreme"} <= set(seen_lines):
                nested(system, pair, kode)
        system.unknown(("families", year_from, REGION_CODE))
        system.total(("families", year_from, REGION_CODE), [("both", pair, REGION_CODE), ("gone", pair, REGION_CODE)])
    return system


def nested(system: System, pair, kode) -> None:
    """The extremely poor are poor, in each year."""

    def cell(line, move):
        return ("move", pair, line, kode, move)

    stayed, left, entered, out = MOVES
    system.at_most([cell("extreme", stayed)], [cell("official", stayed)])
    system.at_most([cell("extreme", stayed), cell("extreme", left)], [cell("official", stayed), cell("official", left)])
    system.at_most(
        [cell("extreme", stayed), cell("extreme", entered)], [cell("official", stayed), cell("official", entered)]
    )
    system.at_most([cell("official", out)], [cell("extreme", out)])


def _years(con) -> list[int]:
    from analytics.poverty.lines import available_years

    return list(available_years(con))


def observed(con) -> list[int]:
    """The years whose welfare is observed (the only ones with transitions)."""
    source = Source.of(con)
    return [y for y in sorted(source.get(_years)) if _observed(source, y)]


def _observed(source: Source, year: int) -> bool:
    from analytics.views.welfare_page import year_source

    return year_source(source, year).kind == "observed"


def xlsx_sheets(content: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(content), sheet_name=None, header=1, engine="calamine")


def pack(sheets: dict[str, pd.DataFrame], year: int, system: System | None = None, tag: tuple = ()) -> System:
    """The counts of a pimpinan's Excel pack and how they relate: kelurahan add up to the city,
    poor families split into covered and uncovered and into the two segments, poor persons into
    the segments, and every percentage is a ratio of two of them, rounded as printed. ``tag``
    goes in front of every cell, so that packs of several years and lines share one system."""
    system = system if system is not None else System()

    def c(name, kode):
        return (*tag, name, kode)

    rank, cover, seg = sheets["Peringkat P2"], sheets["Cakupan kelurahan"], sheets["Segmen kelurahan"]
    kelurahan = list(rank["Kode"])
    head = sheets["Angka utama"].set_index("Indikator")
    system.see(c("poor", REGION_CODE), head.loc["Penduduk miskin", f"Tahun {year}"])
    for row in rank.itertuples(index=False):
        system.see(c("pop", row.Kode), row[3])
        system.see(c("poor", row.Kode), row[4])
        system.share(c("poor", row.Kode), c("pop", row.Kode), row[5])
    for row in cover.itertuples(index=False):
        for name, value in zip(("elig", "cov", "unc", "rec"), (row[2], row[3], row[5], row[6]), strict=True):
            system.see(c(name, row.Kode), value)
        system.total(c("elig", row.Kode), [c("cov", row.Kode), c("unc", row.Kode)])
        system.total(c("rec", row.Kode), [c("cov", row.Kode), c("rne", row.Kode)])
        system.share(c("cov", row.Kode), c("elig", row.Kode), row[4])
        system.share(c("rne", row.Kode), c("rec", row.Kode), row[7])
    for row in seg.itertuples(index=False):
        for name, value in zip(("ef", "af", "ep", "ap"), row[2:6], strict=True):
            system.see(c(name, row.Kode), value)
        system.total(c("elig", row.Kode), [c("ef", row.Kode), c("af", row.Kode)])
        system.total(c("poor", row.Kode), [c("ep", row.Kode), c("ap", row.Kode)])
    city = sheets["Segmen"].set_index("Segmen")
    for segment, (families, persons) in {"Diberdayakan": ("ef", "ep"), "Dibantu": ("af", "ap")}.items():
        system.see(c(families, REGION_CODE), city.loc[segment, "Keluarga miskin"])
        system.see(c(persons, REGION_CODE), city.loc[segment, "Penduduk miskin (jiwa)"])
    for name in ("pop", "poor", "elig", "cov", "unc", "rec", "rne", "ef", "af", "ep", "ap"):
        system.total(c(name, REGION_CODE), [c(name, k) for k in kelurahan])
    return system


def together(con, packs: dict, years: list[int], source: Source | None = None) -> System:
    """Tren's transitions and the packs of every year and line as one system, tied by what
    anyone knows of them: a year's poor families of an area (the pack's *Keluarga miskin*) are
    those that stayed poor or entered poverty since any earlier year, plus poor newcomers, who
    are no more than the newcomers; for the city, the first year's poor families are those that
    stayed poor or left, plus poor leavers, no more than the leavers. ``packs``: (year, line) ->
    sheets of the pack built for a pimpinan."""
    source = source or Source.of(con)
    system = transitions(con, source, years=years)
    for (year, line), sheets in packs.items():
        pack(sheets, year, system, tag=(year, line))
        map_frames(system, source, year, line)
    stayed, left, entered, _ = MOVES
    kelurahan = set(areas(con).query("level == 'kelurahan'")["kode"])
    for year_from, year_to in itertools.combinations(years, 2):
        pair = (year_from, year_to)
        for line in LINES:
            if (year_to, line) not in packs:
                continue
            for kode in kelurahan | {REGION_CODE}:
                newcomers = ("poor new", pair, line, kode)
                system.unknown(newcomers)
                moves = [("move", pair, line, kode, m) for m in (stayed, entered)]
                system.total((year_to, line, "elig", kode), [*moves, newcomers])
                system.at_most([newcomers], [("new", pair, kode)])
            if (year_from, line) in packs:
                leavers = ("poor gone", pair, line, REGION_CODE)
                system.unknown(leavers)
                moves = [("move", pair, line, REGION_CODE, m) for m in (stayed, left)]
                system.total((year_from, line, "elig", REGION_CODE), [*moves, leavers])
                system.at_most([leavers], [("gone", pair, REGION_CODE)])
    return system


def map_frames(system: System, source: Source, year: int, line: str) -> None:
    """What Peta sends a pimpinan's browser for each kelurahan (the tooltip texts, issue 21):
    poor persons, P0 = poor / population and the coverage gap = poor families without a
    program / poor families, as printed; cells as :func:`pack` names them."""
    from analytics.views import map_page

    def values(indicator):
        frame = map_page.indicator_values(source, year, line, indicator, protected=True)
        return zip(frame["kode"], frame["text"], strict=True)

    for kode, text in values("poor"):
        system.see((year, line, "poor", kode), text)
    for kode, text in values("p0"):
        system.share((year, line, "poor", kode), (year, line, "pop", kode), text)
    for kode, text in values("exclusion_error"):
        system.share((year, line, "unc", kode), (year, line, "elig", kode), text)


def single_families(sheets: dict[str, pd.DataFrame]) -> list[tuple[str, int]]:
    """Segments whose count is hidden but whose P1 and P2 contributions are printed, and whose
    contributions fit one family exactly: its gap is P2 / P1 contribution, its size the P1
    contribution times the city's population over the gap (issue 13). (segment, persons)."""
    population = float(sheets["Peringkat P2"]["Penduduk (jiwa)"].sum())
    found = []
    for row in sheets["Segmen"].itertuples(index=False):
        p1, p2 = parse(row[3]), parse(row[5])
        if not isinstance(parse(row[1]), str) or not isinstance(p1, float) or not isinstance(p2, float) or p1 <= 0:
            continue
        gap = p2 / p1
        size = p1 / 100 * population / gap
        if 1 <= round(size) <= 9 and abs(size - round(size)) < 1e-3:
            found.append((row[0], round(size)))
    return found


def desil(con, year: int, source: Source | None = None, gaps: bool = False) -> System:
    """The *none* view of ``year`` for the city, every kecamatan and kelurahan: families,
    persons, desil 1 and 1-4 with their shares of the ranked families, P3KE families, the
    families and persons per desil; desils add up to the area, areas to their parents. The view
    shows every hidden cell as x; ``gaps``: read x as 0 or at least 10 (the rule beside '<10')."""
    from analytics.views import welfare_page

    source = source or Source.of(con)
    system, gazetteer = System(gaps=gaps), areas(con)
    for row in gazetteer.itertuples(index=False):
        kec = row.kode if row.level == "kecamatan" else parent(row.kode) if row.level == "kelurahan" else None
        selection = Selection(year, kecamatan=kec, kelurahan=row.kode if row.level == "kelurahan" else None)
        page = welfare_page.rank_page(source, selection, PIMPINAN)
        _rank_area(system, row.kode, page)
        for kel in page.table.itertuples(index=False):
            kode = dict(zip(gazetteer["nama"], gazetteer["kode"], strict=True))[kel[0]]
            for name, value in zip(("families", "persons", "desil1"), kel[1:4], strict=True):
                system.see((name, kode), value)
            system.see(("desil1_4", kode), kel[5])
            system.see(("p3ke", kode), kel[7])
    names = [
        "families",
        "persons",
        "desil1",
        "desil1_4",
        "p3ke",
        "ranked",
        *[(w, d) for w in ("families", "persons") for d in range(11)],
    ]
    for name in names:
        hierarchy(system, gazetteer, lambda k, name=name: (name, k))
    return system


def _rank_area(system: System, kode: str, page) -> None:
    metrics = {m.label: m for m in page.rank_metrics}
    system.see(("families", kode), metrics["Keluarga di Regsosek"].value)
    system.see(("persons", kode), metrics["Keluarga di Regsosek"].caption.split(" jiwa")[0])
    system.see(("desil1", kode), metrics["Keluarga desil 1"].value)
    system.see(("desil1_4", kode), metrics["Keluarga desil 1–4"].value)
    system.see(("p3ke", kode), metrics["Keluarga P3KE"].value)
    system.share(("desil1", kode), ("ranked", kode), metrics["Keluarga desil 1"].caption.split(" keluarga")[0])
    system.share(("desil1_4", kode), ("ranked", kode), metrics["Keluarga desil 1–4"].caption.split(" keluarga")[0])
    listed = set()
    for row in page.distribution.itertuples(index=False):
        d = 0 if row[0] == "tanpa desil" else int(row[0].split()[-1])
        listed.add(d)
        system.see((("families", d), kode), row[1])
        system.see((("persons", d), kode), row[2])
    for d in set(range(11)) - listed:  # a desil not listed has no family
        system.see((("families", d), kode), 0)
        system.see((("persons", d), kode), 0)
    for what in ("families", "persons"):
        system.total((what, kode), [((what, d), kode) for d in range(11)])
    system.total(("desil1", kode), [(("families", 1), kode)])
    system.total(("desil1_4", kode), [(("families", d), kode) for d in range(1, 5)])
    system.total(("ranked", kode), [(("families", d), kode) for d in range(1, 11)])
