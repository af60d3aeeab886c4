"""Program coverage and targeting errors by area, and the list of uncovered eligible families.

Definitions (families are counted, not persons: a program reaches a family):

* eligible: poor on the chosen line (``expenditure_pc < z``, BPS), extremely poor
  (below the year's extreme line) or in national desil ``<= N`` (Regsosek desil; a family
  without a desil is not eligible);
* ``coverage = covered_eligible / eligible_families`` and
  ``exclusion_error = 1 - coverage`` (eligible families the program misses);
* ``inclusion_error = recipients_not_eligible / recipients`` (recipients that are not
  eligible; the leakage share).

Ratios with a zero denominator are empty (NaN), never 0.

Programs (case-insensitive): PKH, SEMBAKO (also written BPNT), PBI (also PBI-JK, PBI-JKN:
state-paid JKN health insurance contributions), BST, BPUM, PRAKERJA, KUR, and 'any' (any
of them). Their grouping by the strategies of Inpres 4/2022 is :data:`PROGRAM_STRATEGY`.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import sql
from analytics.access.scope import User, household_scope
from analytics.errors import InputError
from analytics.poverty._checks import check_poor_if
from analytics.poverty.lines import PovertyLine, check_year, resolve_line
from analytics.programs._area import (
    as_int,
    check_by,
    check_segment,
    parse_desil_rule,
    ratio,
    run_grouped,
    with_area_names,
)
from analytics.reference import UNIT, normalize_region_code
from analytics.welfare.family import family_welfare

__all__ = [
    "COVERAGE_COLUMNS",
    "PROGRAMS",
    "PROGRAM_STRATEGY",
    "STRATEGIES",
    "UNCOVERED_COLUMNS",
    "Eligibility",
    "coverage",
    "coverage_by_strategy",
    "normalize_program",
    "resolve_eligibility",
    "uncovered_eligible",
]

PROGRAMS = ("PKH", "SEMBAKO", "PBI", "BST", "BPUM", "PRAKERJA", "KUR")

_ALIASES = {
    "BPNT": "SEMBAKO",
    "PBI-JK": "PBI",
    "PBI-JKN": "PBI",
    "PBIJK": "PBI",
    "PBIJKN": "PBI",
    "PBI JK": "PBI",
    "PBI JKN": "PBI",
    "PBI_JK": "PBI",
    "PBI_JKN": "PBI",
}

STRATEGY_REDUCE_SPENDING = "MENGURANGI BEBAN PENGELUARAN"
STRATEGY_RAISE_INCOME = "MENINGKATKAN PENDAPATAN"
STRATEGY_POCKETS = "MEMINIMALKAN WILAYAH KANTONG KEMISKINAN"
STRATEGIES = (STRATEGY_REDUCE_SPENDING, STRATEGY_RAISE_INCOME, STRATEGY_POCKETS)

#: Program -> strategy of Inpres 4/2022 (Percepatan Penghapusan Kemiskinan Ekstrem).
#: Social assistance lowers what poor families must spend (PKH, SEMBAKO, PBI, BST);
#: productive support raises their income (BPUM micro-business grants, Kartu Prakerja,
#: KUR credit). The third strategy, shrinking poverty pockets, is delivered through
#: places (basic infrastructure, slum and water upgrading), not through a per-family
#: benefit, so no program in the registers belongs to it and it has no coverage figure.
PROGRAM_STRATEGY = {
    "PKH": STRATEGY_REDUCE_SPENDING,
    "SEMBAKO": STRATEGY_REDUCE_SPENDING,
    "PBI": STRATEGY_REDUCE_SPENDING,
    "BST": STRATEGY_REDUCE_SPENDING,
    "BPUM": STRATEGY_RAISE_INCOME,
    "PRAKERJA": STRATEGY_RAISE_INCOME,
    "KUR": STRATEGY_RAISE_INCOME,
}
#: Strategies no program of the registers belongs to (coverage_by_strategy leaves them out).
STRATEGIES_WITHOUT_PROGRAMS = tuple(s for s in STRATEGIES if s not in PROGRAM_STRATEGY.values())

COVERAGE_COLUMNS = [
    "kode",
    "nama",
    "program",
    "eligible_families",
    "covered_eligible",
    "coverage",
    "exclusion_error",
    "recipients",
    "recipients_not_eligible",
    "inclusion_error",
]
STRATEGY_COLUMNS = ["kode", "nama", "strategy", "programs", *COVERAGE_COLUMNS[3:]]
UNCOVERED_COLUMNS = [
    "family_id",
    "kode_kelurahan",
    "kelurahan",
    "kode_kecamatan",
    "size",
    "expenditure_pc",
    "gap",
    "probability",
    "segment",
    "desil",
    "in_dtks",
    "in_p3ke",
    "lat",
    "lon",
    "coord_status",
]
#: Under a model: the probability of being poor from which a family counts as poor in a list.
MIN_PROBABILITY = 0.5
_COUNT_COLUMNS = ["eligible_families", "covered_eligible", "recipients", "recipients_not_eligible"]


class Eligibility:
    """A resolved eligibility rule: which families a program should reach.

    ``kind`` is 'poor' (below ``line``), 'extreme' (below the extreme line) or 'desil'
    (``desil <= max_desil``); ``line`` is the line gaps are measured against.
    """

    def __init__(self, kind: str, line: PovertyLine, max_desil: int | None = None, poor_if: str = "lt"):
        self.kind = kind
        self.line = line
        self.max_desil = max_desil
        self.poor_if = check_poor_if(poor_if)

    @property
    def label(self) -> str:
        return f"desil<={self.max_desil}" if self.kind == "desil" else self.kind

    def params(self) -> dict:
        return {
            "eligibility": "desil" if self.kind == "desil" else "line",
            "max_desil": self.max_desil or 0,
            "line": self.line.amount,
            "poor_le": self.poor_if == "le",
        }

    def as_dict(self) -> dict:
        return {"rule": self.label, "max_desil": self.max_desil, "line": self.line.as_dict()}


def resolve_eligibility(con, year: int, eligible="poor", line="official", poor_if: str = "lt") -> Eligibility:
    """Parse ``eligible`` ('poor', 'extreme' or 'desil<=N') against the year's lines.

    'poor' uses ``line``; 'extreme' always uses the year's extreme line; 'desil<=N'
    selects by desil and measures gaps against ``line``.
    """
    if isinstance(eligible, str) and eligible.strip().lower() in ("poor", "extreme"):
        kind = eligible.strip().lower()
        return Eligibility(kind, resolve_line(con, year, "extreme" if kind == "extreme" else line), poor_if=poor_if)
    n = parse_desil_rule(eligible)
    if n is None:
        raise InputError(f"kelayakan harus 'poor', 'extreme' atau 'desil<=N', bukan {eligible!r}")
    return Eligibility("desil", resolve_line(con, year, line), n, poor_if=poor_if)


def normalize_program(program) -> str:
    """Canonical program name: one of :data:`PROGRAMS`, 'any' or 'all'.

    >>> normalize_program("bpnt"), normalize_program("PBI-JKN"), normalize_program("Any")
    ('SEMBAKO', 'PBI', 'any')
    """
    if not isinstance(program, str):
        raise InputError(f"program harus berupa nama, bukan {program!r}")
    key = program.strip().upper()
    if key in ("ANY", "ALL"):
        return key.lower()
    key = _ALIASES.get(key, key)
    if key not in PROGRAMS:
        known = ", ".join(PROGRAMS)
        raise InputError(f"program tidak dikenal: {program!r} (pilihan: {known}, BPNT, PBI-JK, any, all)")
    return key


def _counts(con, year: int, by: str, rule: Eligibility, groups: dict[str, list[str]]) -> pd.DataFrame:
    params = {
        "year": year,
        "group_names": list(groups),
        "group_programs": [list(p) for p in groups.values()],
        **rule.params(),
    }
    welfare = family_welfare(con, year, rule.line, rule.poor_if, required=rule.kind != "desil")
    params.update(welfare.params)
    grouped = run_grouped(con, "programs/coverage", by, params, inputs={"family_welfare": welfare.sql})
    if grouped.empty:
        grouped = pd.DataFrame({"grp": pd.Series(dtype=object), "program": pd.Series(dtype=object)})
        for column in _COUNT_COLUMNS:
            grouped[column] = pd.Series(dtype="int64")
    frame = with_area_names(con, by, grouped, keys=["program"])
    frame = as_int(frame, _COUNT_COLUMNS)
    frame["coverage"] = ratio(frame["covered_eligible"], frame["eligible_families"])
    frame["exclusion_error"] = 1 - frame["coverage"]
    frame["inclusion_error"] = ratio(frame["recipients_not_eligible"], frame["recipients"])
    order = {name: i for i, name in enumerate(groups)}
    frame["_order"] = frame["program"].map(order)
    frame = frame.sort_values(["_order", "kode"], kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True)


def coverage(
    con: duckdb.DuckDBPyConnection,
    year: int,
    by: str = "kota",
    program: str = "any",
    eligible: str = "poor",
    line="official",
    poor_if: str = "lt",
    include_city: bool = False,
) -> pd.DataFrame:
    """Coverage, exclusion and inclusion errors of a program by area (families).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Integrated database (read-only is enough).
    year : int
    by : {'kota', 'kecamatan', 'kelurahan'}, default 'kota'
        'kota' gives one row (kode '64.74', nama 'Kota Bontang'); the other levels list
        every gazetteer area (zero counts and empty ratios where there are no families).
    program : str, default 'any'
        A program (case-insensitive; BPNT = SEMBAKO; PBI-JK, PBI-JKN = PBI), 'any' (any
        program) or 'all' (one block per program, in :data:`PROGRAMS` order, then 'any').
    eligible : {'poor', 'extreme'} or 'desil<=N', default 'poor'
        Poor on ``line``, below the year's extreme line, or national desil at most N.
    line : {'official', 'extreme'} or float, default 'official'
        Line for ``eligible='poor'`` (Rp per capita per month for an amount).
    include_city : bool, default False
        Put the city row(s) first when ``by`` is not 'kota' (the CLI does).

    Returns
    -------
    pandas.DataFrame
        kode, nama, program, eligible_families, covered_eligible, coverage,
        exclusion_error, recipients, recipients_not_eligible, inclusion_error.

    Examples
    --------
    >>> from analytics.poverty.testing import demo_connection
    >>> coverage(demo_connection(), 2023)[["kode", "program", "eligible_families", "coverage"]]
        kode program  eligible_families  coverage
    0  64.74     any                  2       0.0
    """
    by = check_by(by)
    year = check_year(con, year)
    rule = resolve_eligibility(con, year, eligible, line, poor_if)
    name = normalize_program(program)
    if name == "all":
        groups = {p: [p] for p in PROGRAMS} | {"any": list(PROGRAMS)}
    elif name == "any":
        groups = {"any": list(PROGRAMS)}
    else:
        groups = {name: [name]}
    frame = _counts(con, year, by, rule, groups)
    if include_city and by != "kota":
        city = _counts(con, year, "kota", rule, groups)
        frame = pd.concat([city, frame], ignore_index=True)
    frame = frame[COVERAGE_COLUMNS]
    return frame


def coverage_by_strategy(
    con: duckdb.DuckDBPyConnection,
    year: int,
    by: str = "kota",
    eligible: str = "poor",
    line="official",
    poor_if: str = "lt",
) -> pd.DataFrame:
    """Coverage by Inpres 4/2022 strategy: a family is covered by a strategy when it
    receives any of the strategy's programs (see :data:`PROGRAM_STRATEGY`).

    'MEMINIMALKAN WILAYAH KANTONG KEMISKINAN' has no per-family program in the registers
    and is left out (:data:`STRATEGIES_WITHOUT_PROGRAMS` names it).

    Returns
    -------
    pandas.DataFrame
        kode, nama, strategy, programs (comma-separated), then the count and ratio columns
        of :func:`coverage`.
    """
    by = check_by(by)
    year = check_year(con, year)
    rule = resolve_eligibility(con, year, eligible, line, poor_if)
    groups = {}
    for strategy in STRATEGIES:
        members = [p for p in PROGRAMS if PROGRAM_STRATEGY[p] == strategy]
        if members:
            groups[strategy] = members
    frame = _counts(con, year, by, rule, groups).rename(columns={"program": "strategy"})
    frame.insert(3, "programs", frame["strategy"].map(lambda s: ", ".join(groups[s])))
    frame = frame[STRATEGY_COLUMNS]
    return frame


def uncovered_eligible(
    con: duckdb.DuckDBPyConnection,
    year: int,
    eligible: str = "poor",
    line="official",
    poor_if: str = "lt",
    kode_kelurahan: str | None = None,
    segment: str | None = None,
    program: str = "any",
    *,
    user: User,
    min_probability: float = MIN_PROBABILITY,
) -> pd.DataFrame:
    """Eligible families that receive no program, deepest gap first: household rows, so only
    for a ``user`` whose scope covers them (:func:`analytics.access.scope.household_scope`).

    Parameters
    ----------
    eligible, line : see :func:`coverage`.
    kode_kelurahan : str, optional
        Only this kelurahan (Kemendagri code, dotted or 10 digits). A verifikator asking
        for the whole city gets its own kelurahan; asking for another is refused.
    segment : {'empower', 'assist'}, optional
        Only this segment (see :mod:`analytics.segments`).
    program : str, default 'any'
        'any': families that receive none of the programs; a program name: families that
        do not receive that program.
    user : User
        The signed-in user; :class:`analytics.access.scope.AccessDenied` when outside scope.
    min_probability : float, default 0.5
        Under a model run (no observed expenditure): the probability of being poor from which
        a family is listed as poor (more likely poor than not).

    Returns
    -------
    pandas.DataFrame
        family_id, kode_kelurahan, kelurahan, kode_kecamatan, size, expenditure_pc, gap
        (``1 - y / z`` against the eligibility line; negative for a desil-eligible family
        above it), probability (1 or 0 when observed), segment, desil, in_dtks, in_p3ke, lat,
        lon, coord_status. No names or NIK. Ordered by gap descending, then family_id; under
        a model (expenditure empty, gap its expectation) by probability descending.
    """
    year = check_year(con, year)
    rule = resolve_eligibility(con, year, eligible, line, poor_if)
    segment = check_segment(segment)
    name = normalize_program(program)
    if name == "all":
        raise InputError("program 'all' tidak berlaku untuk daftar keluarga; pilih satu program atau 'any'")
    programs = list(PROGRAMS) if name == "any" else [name]
    code = None
    if kode_kelurahan is not None:
        code = normalize_region_code(kode_kelurahan)
        known = {kode for (kode,) in sql.rows(con, "reference/kelurahan_codes")}
        if code is None or code not in known:
            raise InputError(f"kode {UNIT} tidak dikenal: {kode_kelurahan!r}")
    code = household_scope(user, code)
    params = {
        "year": year,
        "programs": programs,
        "kode_kelurahan": code,
        "segment": segment,
        **rule.params(),
    }
    welfare = family_welfare(con, year, rule.line, rule.poor_if, required=rule.kind != "desil")
    params.update(welfare.params, min_probability=min_probability)
    return sql.frame(con, "programs/uncovered", params, inputs={"family_welfare": welfare.sql})[UNCOVERED_COLUMNS]
