"""Chapter 6, Prioritas wilayah dan intervensi: where to act first, and with what.

The rule, stated on the page and in the report: kelurahan are ranked by severity (P2, as the
briefing pack ranks them), with the poor families no programme reaches and the quadrant of
chapter 2 beside. The intervention follows the city's approach: families that can work are
empowered (raise income), families of only elderly, children or members with a disability are
assisted (reduce their spending); a kelurahan gets the kind most of its poor families need, or
both when the smaller group is at least :data:`BOTH_SHARE` of them.
"""

from __future__ import annotations

import pandas as pd

from analytics.access.scope import User
from analytics.disclosure import is_marker
from analytics.evaluation.chapter import TITLES, Chapter, Chart, Series
from analytics.evaluation.programmes import protected_figures
from analytics.evaluation.quadrant import placed
from analytics.formats import MISSING, listed
from analytics.reference import UNIT, UNIT_TITLE
from analytics.report.tables import coverage_area_table, ranking_table, segment_area_table, table
from analytics.views.source import Source

BOTH_SHARE = 0.4
EMPOWER = "Pemberdayaan (tingkatkan pendapatan)"
ASSIST = "Bantuan (kurangi beban pengeluaran)"
BOTH = "Pemberdayaan dan bantuan"
RULE = (
    "Urutan: P2 (keparahan) tertinggi lebih dulu, seperti peringkat di bahan paparan. Jenis intervensi: segmen "
    "keluarga miskin yang terbanyak; keduanya bila segmen yang lebih kecil paling sedikit 40 %."
)
TOP = 5


def intervention(empower, assist) -> str:
    """The kind of intervention a kelurahan's poor families need (module doc); '–' when a count
    is hidden or there are no poor families.

    >>> intervention(30, 5), intervention(5, 30), intervention(12, 10), intervention("<10", 4)
    ('Pemberdayaan (tingkatkan pendapatan)', 'Bantuan (kurangi beban pengeluaran)', 'Pemberdayaan dan bantuan', '–')
    """
    if is_marker(empower) or is_marker(assist) or pd.isna(empower) or pd.isna(assist):
        return MISSING
    total = float(empower) + float(assist)
    if total == 0:
        return MISSING
    if min(float(empower), float(assist)) / total >= BOTH_SHARE:
        return BOTH
    return EMPOWER if float(empower) > float(assist) else ASSIST


def priority_frame(source: Source, year: int, line, user: User | None) -> pd.DataFrame:
    """The ranking with the uncovered poor families, the segments, the quadrant and the intervention."""
    protected = protected_figures(source, year, line, user)
    con = source.cursor()
    ranking = ranking_table(con, year, line, protected).frame
    uncovered = coverage_area_table(con, year, line, protected).frame.set_index("Kode")
    segments = segment_area_table(con, year, line, protected).frame.set_index("Kode")
    quadrants = placed(source, year, line, user)[0].set_index("kode")["quadrant"]
    frame = ranking[["Peringkat", "Kode", UNIT_TITLE, "P0 (%)", "P2 (×100)"]].copy()
    frame["Kuadran"] = frame["Kode"].map(quadrants)
    frame["Keluarga miskin tanpa program"] = frame["Kode"].map(uncovered["Keluarga miskin tanpa program"])
    for column in ("Keluarga diberdayakan", "Keluarga dibantu"):
        frame[column] = frame["Kode"].map(segments[column])
    frame["Intervensi utama"] = [
        intervention(e, a) for e, a in zip(frame["Keluarga diberdayakan"], frame["Keluarga dibantu"], strict=True)
    ]
    return frame


def priorities_chapter(source: Source, year: int, line, user: User | None) -> Chapter:
    """Chapter 6: the ranked table, the chart of the segments of the first kelurahan, the sentences."""
    frame = priority_frame(source, year, line, user)
    kinds = {
        "Peringkat": "int",
        "P0 (%)": "pct",
        "P2 (×100)": "bps3",
        "Keluarga miskin tanpa program": "int",
        "Keluarga diberdayakan": "int",
        "Keluarga dibantu": "int",
    }
    counts = ("Keluarga miskin tanpa program", "Keluarga diberdayakan", "Keluarga dibantu")
    tables = [table("Prioritas", f"Prioritas {UNIT} dan jenis intervensi, {year}", frame, kinds, RULE, counts)]
    top = frame.head(TOP)
    chart = Chart(
        kind="barh",
        title=f"Keluarga miskin tanpa program dan menurut segmen, {TOP} {UNIT} prioritas",
        frame=pd.DataFrame(
            {
                "nama": top[UNIT_TITLE],
                **{c: [float("nan") if is_marker(v) else v for v in top[c]] for c in counts},
            }
        ).astype({c: float for c in counts}),
        x="nama",
        series=tuple(Series(c, c) for c in counts),
        y_title="keluarga",
        decimals=0,
    )
    return Chapter(6, TITLES[5], _sentences(frame, year), tables, chart)


def _sentences(frame: pd.DataFrame, year: int) -> list[str]:
    top = frame.head(TOP)
    out = [f"Lima {UNIT} dengan kemiskinan terparah (P2) pada {year}: {listed(top[UNIT_TITLE])}."]
    groups = top[top["Intervensi utama"] != MISSING].groupby("Intervensi utama", sort=False)[UNIT_TITLE]
    needs = [f"{kind.lower()} di {listed(names)}" for kind, names in groups]
    if needs:
        out.append(f"Intervensi utama yang dibutuhkan: {'; '.join(needs)}.")
    return out
