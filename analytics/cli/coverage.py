"""``python -m analytics coverage``: program coverage and targeting errors by area.

Stable interface (other tools read it)::

    python -m analytics coverage --db FILE --year Y [--by kota|kecamatan|kelurahan]
        [--program NAME|any|all] [--eligible poor|extreme|desil<=N]
        [--line official|extreme|AMOUNT] [--format csv|json]

Output columns, in this order: ``kode``, ``nama``, ``program``, ``eligible_families``,
``covered_eligible``, ``coverage``, ``exclusion_error``, ``recipients``,
``recipients_not_eligible``, ``inclusion_error`` (families; ratios as fractions with
full precision, empty when their denominator is 0). The city row (kode 64.74) comes
first. The database is opened read-only. Every user mistake ends with one line on stderr
and exit code 2.
"""

from __future__ import annotations

import sys

from analytics.cli.common import open_database, parse_line, parse_year, render
from analytics.errors import InputError

AREA_CHOICES = ("kota", "kecamatan", "kelurahan")
FORMAT_CHOICES = ("csv", "json")


def register(subparsers) -> None:
    """Add the ``coverage`` subcommand."""
    parser = subparsers.add_parser(
        "coverage",
        help="cakupan program dan galat penargetan per wilayah",
        description=(
            "Hitung cakupan program bantuan (keluarga layak yang menerima), galat eksklusi "
            "dan galat inklusi per wilayah dari basis data terpadu. Angka rasio berupa pecahan."
        ),
    )
    parser.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu (wajib)")
    parser.add_argument("--year", metavar="Y", help="tahun data (wajib)")
    parser.add_argument("--by", metavar="WILAYAH", default="kota", help="kota (bawaan), kecamatan atau kelurahan")
    parser.add_argument(
        "--program",
        metavar="NAMA",
        default="any",
        help="PKH, SEMBAKO/BPNT, PBI/PBI-JK/PBI-JKN, BST, BPUM, PRAKERJA, KUR, any (bawaan) atau all",
    )
    parser.add_argument(
        "--eligible",
        metavar="ATURAN",
        default="poor",
        help="keluarga layak: poor (miskin, bawaan), extreme (miskin ekstrem) atau desil<=N",
    )
    parser.add_argument(
        "--line",
        metavar="GARIS",
        default="official",
        help="garis kemiskinan untuk --eligible poor: official (bawaan), extreme atau jumlah Rp/kapita/bulan",
    )
    parser.add_argument("--format", dest="output_format", metavar="csv|json", default="csv", help="format keluaran")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Run the subcommand; user mistakes raise :class:`InputError`."""
    from analytics.programs.coverage import COVERAGE_COLUMNS, coverage, resolve_eligibility

    if args.output_format not in FORMAT_CHOICES:
        raise InputError(f"--format harus csv atau json, bukan {args.output_format!r}")
    if args.db is None:
        raise InputError("--db FILE wajib diisi")
    if args.year is None:
        raise InputError("--year wajib diisi")
    year = parse_year(args.year)
    if args.by not in AREA_CHOICES:
        raise InputError(f"--by harus kota, kecamatan atau kelurahan, bukan {args.by!r}")
    line = parse_line(args.line, allow_kind=True)
    con = open_database(args.db)
    try:
        frame = coverage(
            con,
            year,
            by=args.by,
            program=args.program,
            eligible=args.eligible,
            line=line,
            include_city=True,
        )
        used = resolve_eligibility(con, year, args.eligible, line).line
    finally:
        con.close()
    if used.is_estimated:
        label = "resmi" if used.kind == "official" else "ekstrem"
        print(f"catatan: garis kemiskinan {label} tahun {year} adalah estimasi, bukan angka resmi BPS", file=sys.stderr)
    sys.stdout.write(render(frame[COVERAGE_COLUMNS], args.output_format))
    return 0
