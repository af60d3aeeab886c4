"""``python -m analytics fgt``: P0, P1, P2 and Watts by area, from the database or a CSV.

Stable interface (other tools read it)::

    python -m analytics fgt --db FILE --year Y [--by kota|kecamatan|kelurahan]
        [--line official|extreme|AMOUNT] [--poor-if lt|le] [--format csv|json]
    python -m analytics fgt --csv FILE --welfare COL --line AMOUNT [--weight COL]
        [--size COL] [--by COL] [--poor-if lt|le] [--format csv|json]

Output columns: ``kode``, ``nama`` (db mode; the city row, kode 64.74, comes first) or the
``--by`` column (csv mode, if given), then ``population``, ``poor``, ``p0``, ``p1``, ``p2``,
``watts`` as fractions with full precision. In db mode the figures come from the year's
welfare source (:mod:`analytics.welfare.measures`) and a ``source`` column says which:
``observed`` (every family's expenditure) or ``model`` (the published small-area estimates,
exactly as ``sae estimates`` and the pages show them, followed by ``n_sample`` and each
indicator's ``mse_``, ``cv_``, ``lower_``, ``upper_``, ``reliability_``; ``poor`` is then the
expected number of poor persons). A year without any money measure exits 2 with the reason.
Every user mistake ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys

from analytics.cli.common import open_database, parse_line, parse_year, render
from analytics.errors import InputError
from analytics.formats import number
from analytics.welfare.estimates import MODEL_COLUMNS

AREA_CHOICES = ("kota", "kecamatan", "kelurahan")
FORMAT_CHOICES = ("csv", "json")
POOR_IF_CHOICES = ("lt", "le")
MEASURE_COLUMNS = ["population", "poor", "p0", "p1", "p2", "watts"]


def register(subparsers) -> None:
    """Add the ``fgt`` subcommand."""
    parser = subparsers.add_parser(
        "fgt",
        help="indeks kemiskinan P0, P1, P2 dan Watts per wilayah",
        description=(
            "Hitung P0 (persentase penduduk miskin), P1 (kedalaman), P2 (keparahan) dan "
            "indeks Watts per wilayah, dari basis data terpadu (--db) atau berkas CSV "
            "(--csv). Angka berupa pecahan (bukan x100)."
        ),
    )
    # Turn the sub-parser's own errors (e.g. an option without its value) into one line.
    source = parser.add_argument_group("sumber data (pilih satu)")
    source.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu")
    source.add_argument("--csv", metavar="FILE", help="berkas CSV satu baris per rumah tangga/orang")
    parser.add_argument("--year", metavar="Y", help="tahun data (mode --db)")
    parser.add_argument(
        "--by",
        metavar="WILAYAH|KOLOM",
        help="mode --db: kota (bawaan), kecamatan atau kelurahan; mode --csv: nama kolom",
    )
    parser.add_argument(
        "--line",
        metavar="GARIS",
        help="garis kemiskinan: official (bawaan, mode --db), extreme, atau jumlah Rp/kapita/bulan",
    )
    parser.add_argument("--welfare", metavar="KOLOM", help="mode --csv: kolom pengeluaran per kapita")
    parser.add_argument("--weight", metavar="KOLOM", help="mode --csv: kolom bobot survei")
    parser.add_argument("--size", metavar="KOLOM", help="mode --csv: kolom jumlah anggota (dikalikan ke bobot)")
    parser.add_argument(
        "--poor-if",
        dest="poor_if",
        metavar="lt|le",
        default="lt",
        help="miskin jika y < garis (lt, bawaan BPS) atau y <= garis (le)",
    )
    parser.add_argument("--format", dest="output_format", metavar="csv|json", default="csv", help="format keluaran")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Run the subcommand; user mistakes raise :class:`InputError`."""
    if args.output_format not in FORMAT_CHOICES:
        raise InputError(f"--format harus csv atau json, bukan {args.output_format!r}")
    if args.poor_if not in POOR_IF_CHOICES:
        raise InputError(f"--poor-if harus lt atau le, bukan {args.poor_if!r}")
    if (args.db is None) == (args.csv is None):
        raise InputError("pilih salah satu sumber data: --db FILE atau --csv FILE")
    frame = _run_db(args) if args.db is not None else _run_csv(args)
    sys.stdout.write(render(frame, args.output_format))
    return 0


def _run_db(args):
    from analytics.welfare.measures import area_fgt
    from analytics.welfare.request import welfare_request

    for option, value in (("--welfare", args.welfare), ("--weight", args.weight), ("--size", args.size)):
        if value is not None:
            raise InputError(f"{option} hanya dipakai dengan --csv")
    if args.year is None:
        raise InputError("--year wajib diisi untuk mode --db")
    year = parse_year(args.year)
    by = args.by or "kota"
    if by not in AREA_CHOICES:
        raise InputError(f"--by harus kota, kecamatan atau kelurahan, bukan {by!r}")
    line = parse_line(args.line or "official", allow_kind=True)
    con = open_database(args.db)
    try:
        request = welfare_request(con, year, line, args.poor_if)
        frame = area_fgt(con, request, by=by, include_city=True)
    finally:
        con.close()
    used = request.line
    if used.is_estimated:
        label = "resmi" if used.kind == "official" else "ekstrem"
        print(
            f"catatan: garis kemiskinan {label} tahun {year} adalah estimasi "
            f"(Rp {number(used.amount)}), bukan angka resmi BPS",
            file=sys.stderr,
        )
    if request.kind == "model":
        print(
            f"catatan: tahun {year} memakai estimasi model (SAE); 'poor' adalah perkiraan jumlah penduduk miskin "
            "(P0 x penduduk), dengan selang 90 % (lower_, upper_) dan CV tiap indikator",
            file=sys.stderr,
        )
        return frame[["kode", "nama", *MEASURE_COLUMNS, "source", *MODEL_COLUMNS]]
    return frame[["kode", "nama", *MEASURE_COLUMNS, "source"]]


def _run_csv(args):
    from analytics.poverty.frame import fgt_frame, read_csv

    if args.year is not None:
        raise InputError("--year hanya dipakai dengan --db")
    if args.welfare is None:
        raise InputError("--welfare wajib diisi untuk mode --csv")
    if args.line is None:
        raise InputError("--line wajib diisi untuk mode --csv (jumlah Rp per kapita per bulan)")
    line = parse_line(args.line, allow_kind=False)
    data = read_csv(args.csv)
    frame = fgt_frame(data, args.welfare, line, by=args.by, weight=args.weight, size=args.size, poor_if=args.poor_if)
    columns = ([args.by] if args.by is not None else []) + MEASURE_COLUMNS
    return frame[columns]
