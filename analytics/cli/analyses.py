"""The analysis commands: one per figure a page shows beyond FGT and coverage.

Each takes ``--db FILE`` (opened read-only), prints one table as ``--format csv`` (default)
or ``json`` with fractions at full precision (as ``fgt`` and ``coverage`` do), and ends a
user mistake with one Indonesian line and exit code 2::

    python -m analytics segments --db F --year Y [--by kota|kecamatan|kelurahan] [--line L] [--poor-if lt|le]
    python -m analytics mpi --db F --year Y [--by …] [--k 0.3333] [--contributions]
    python -m analytics transitions --db F --from Y1 --to Y2 [--by …] [--line L] [--poor-if lt|le]
    python -m analytics change --db F --from Y1 --to Y2 [--by kecamatan|kelurahan] [--line official|extreme]
    python -m analytics datt-ravallion --db F --from Y1 --to Y2 [--line official|extreme]
    python -m analytics simulate --db F --year Y --amount RP (--families N | --budget RP) [--rule R] [--line L]
    python -m analytics p4gn --db F --year Y [--line L] [--status-file CSV]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics.cli.common import open_database, parse_line, parse_year, render
from analytics.errors import InputError
from analytics.reference import REGION_KIND, UNIT

AREAS = ("kota", "kecamatan", "kelurahan")


@dataclass(frozen=True)
class Analysis:
    """A command: its name, what it says in ``--help``, which of the shared options it takes,
    its own arguments and the table it computes from an open connection."""

    name: str
    help: str
    options: tuple[str, ...]
    compute: Callable
    arguments: Callable | None = None
    areas: tuple[str, ...] = AREAS


def _shared(parser, analysis: Analysis) -> None:
    parser.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu (wajib)")
    if "year" in analysis.options:
        parser.add_argument("--year", metavar="Y", help="tahun data (wajib)")
    if "years" in analysis.options:
        parser.add_argument("--from", dest="year_from", metavar="Y1", help="tahun awal (wajib)")
        parser.add_argument("--to", dest="year_to", metavar="Y2", help="tahun akhir (wajib)")
    if "by" in analysis.options:
        parser.add_argument(
            "--by",
            metavar="WILAYAH",
            default=analysis.areas[0],
            help=f"{' atau '.join(analysis.areas)} (bawaan {analysis.areas[0]})",
        )
    if "line" in analysis.options:
        parser.add_argument(
            "--line", metavar="GARIS", default="official", help="official (bawaan), extreme atau jumlah Rp/kapita/bulan"
        )
    if "line_kind" in analysis.options:
        parser.add_argument(
            "--line",
            metavar="GARIS",
            default="official",
            help="official (bawaan) atau extreme: tiap tahun memakai garisnya sendiri",
        )
    if "poor_if" in analysis.options:
        parser.add_argument(
            "--poor-if",
            dest="poor_if",
            metavar="lt|le",
            default="lt",
            help="miskin jika y < garis (lt, bawaan BPS) atau y <= garis (le)",
        )
    parser.add_argument("--format", dest="output_format", metavar="csv|json", default="csv", help="format keluaran")


def register(subparsers) -> None:
    for analysis in ANALYSES:
        parser = subparsers.add_parser(analysis.name, help=analysis.help, description=analysis.help)
        _shared(parser, analysis)
        if analysis.arguments is not None:
            analysis.arguments(parser)
        parser.set_defaults(func=lambda args, analysis=analysis: run(analysis, args))


def run(analysis: Analysis, args) -> int:
    """Check the shared options, compute the table on the read-only database and print it."""
    if args.output_format not in ("csv", "json"):
        raise InputError(f"--format harus csv atau json, bukan {args.output_format!r}")
    if args.db is None:
        raise InputError("--db FILE wajib diisi")
    for option in ("year", "year_from", "year_to"):
        if hasattr(args, option):
            flag = {"year": "--year", "year_from": "--from", "year_to": "--to"}[option]
            if getattr(args, option) is None:
                raise InputError(f"{flag} wajib diisi")
            setattr(args, option, parse_year(getattr(args, option), flag))
    if hasattr(args, "by") and args.by not in analysis.areas:
        raise InputError(f"--by harus {' atau '.join(analysis.areas)}, bukan {args.by!r}")
    if "line" in analysis.options:
        args.line = parse_line(args.line, allow_kind=True)
    if "line_kind" in analysis.options and args.line not in ("official", "extreme"):
        raise InputError(f"--line harus official atau extreme, bukan {args.line!r}")
    if "poor_if" in analysis.options and args.poor_if not in ("lt", "le"):
        raise InputError(f"--poor-if harus lt atau le, bukan {args.poor_if!r}")
    con = open_database(args.db)
    try:
        frame = analysis.compute(con, args)
    finally:
        con.close()
    sys.stdout.write(render(frame, args.output_format))
    return 0


def _segments(con, args) -> pd.DataFrame:
    from analytics.segments import segments

    return segments(con, args.year, args.by, args.line, args.poor_if)


def _mpi_arguments(parser) -> None:
    parser.add_argument("--k", type=float, default=1 / 3, help="batas k Alkire-Foster (bawaan 1/3)")
    parser.add_argument("--contributions", action="store_true", help="sumbangan tiap indikator, bukan H, A, M0")


def _mpi(con, args) -> pd.DataFrame:
    from analytics.mpi import alkire_foster, mpi_contributions, year_note

    note = year_note(con, args.year)
    if note:  # the page says it beside M0; the table goes to stdout, the note beside it
        print(f"Catatan: {note}", file=sys.stderr)
    if args.contributions:
        return mpi_contributions(con, args.year, args.by, args.k)
    return alkire_foster(con, args.year, args.by, args.k)


def _transitions(con, args) -> pd.DataFrame:
    from analytics.welfare.measures import family_transitions
    from analytics.welfare.request import welfare_request

    start = welfare_request(con, args.year_from, args.line, args.poor_if)
    end = welfare_request(con, args.year_to, args.line, args.poor_if)
    return family_transitions(con, start, end, args.by)


def _change(con, args) -> pd.DataFrame:
    from analytics.welfare.measures import area_change, two_year_requests

    start, end = two_year_requests(con, args.year_from, args.year_to, args.line)
    table = area_change(con, start, end, level=args.by).table
    return table.assign(source_start=start.kind, source_end=end.kind)


def _datt_ravallion(con, args) -> pd.DataFrame:
    from analytics.welfare.measures import growth_redistribution, two_year_requests

    start, end = two_year_requests(con, args.year_from, args.year_to, args.line)
    return growth_redistribution(con, start, end).table


def _simulate_arguments(parser) -> None:
    parser.add_argument("--amount", type=float, required=True, help="bantuan per keluarga per bulan (Rp)")
    parser.add_argument("--families", type=int, default=None, help="jumlah keluarga yang dijangkau")
    parser.add_argument("--budget", type=float, default=None, help="anggaran per bulan (Rp)")
    parser.add_argument("--rule", default="poorest", help="poorest (bawaan), uncovered_poorest atau desil<=N")


def _simulate(con, args) -> pd.DataFrame:
    from analytics.simulation import simulate_transfer

    result = simulate_transfer(con, args.year, args.amount, args.families, args.budget, args.rule, args.line)
    reach = {
        "families_reached": result.families_reached,
        "persons_reached": result.persons_reached,
        "cost_per_month": result.cost_per_month,
        "cost_per_p2_point": result.cost_per_p2_point,
    }
    return result.table.assign(**reach)


def _p4gn_arguments(parser) -> None:
    parser.add_argument(
        "--status-file",
        metavar="CSV",
        default=None,
        help="berkas status tim P4GN (bawaan: KEMISKINAN_P4GN_FILE, atau contoh demo)",
    )


def _p4gn(con, args) -> pd.DataFrame:
    from analytics.alternative_development import configured_status_file, cross_with_poverty, read_status_table
    from analytics.segments import segments
    from analytics.welfare.measures import area_fgt
    from analytics.welfare.request import welfare_request

    status = read_status_table(args.status_file or configured_status_file())
    fgt = area_fgt(con, welfare_request(con, args.year, args.line), by="kelurahan")
    crossed = cross_with_poverty(status.table, fgt, segments(con, args.year, "kelurahan", args.line))
    return crossed.assign(date=crossed["date"].map(lambda d: None if d is None or pd.isna(d) else d.isoformat()))


ANALYSES = (
    Analysis(
        "segments",
        "Keluarga miskin yang dapat diberdayakan dan yang perlu dibantu, per wilayah.",
        ("year", "by", "line", "poor_if"),
        _segments,
    ),
    Analysis(
        "mpi", "Kemiskinan multidimensi Alkire-Foster (H, A, M0) per wilayah.", ("year", "by"), _mpi, _mpi_arguments
    ),
    Analysis(
        "transitions",
        "Transisi kemiskinan keluarga antara dua tahun, per wilayah.",
        ("years", "by", "line", "poor_if"),
        _transitions,
    ),
    Analysis(
        "change",
        f"Sumbangan tiap wilayah terhadap perubahan P0, P1, P2 {REGION_KIND} antara dua tahun.",
        ("years", "by", "line_kind"),
        _change,
        areas=("kelurahan", "kecamatan"),
    ),
    Analysis(
        "datt-ravallion",
        f"Perubahan P0, P1, P2 {REGION_KIND} dipecah menjadi pertumbuhan dan redistribusi.",
        ("years", "line_kind"),
        _datt_ravallion,
    ),
    Analysis(
        "simulate",
        f"Simulasi bantuan tunai: P0, P1, P2 {REGION_KIND} sebelum dan sesudah.",
        ("year", "line"),
        _simulate,
        _simulate_arguments,
    ),
    Analysis(
        "p4gn",
        f"Status kerawanan P4GN tiap {UNIT} berdampingan dengan angka kemiskinannya.",
        ("year", "line"),
        _p4gn,
        _p4gn_arguments,
    ),
)
