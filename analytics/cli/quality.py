"""``python -m analytics quality``: the data-quality tables of Kualitas Data.

    python -m analytics quality --db FILE --table import-log|overlap|links|reasons|conflicts|priority
        [--year Y] [--line L] [--format csv|json]

``conflicts`` and ``priority`` are household rows: names and NIK masked to their first 6
digits, as the page shows them to an analis. The full quarantine (original values) is not
printed: it is read where it is needed, on the admin's Impor Data page.
"""

from __future__ import annotations

import sys

from analytics.access.scope import User
from analytics.cli.common import open_database, parse_line, parse_year, render
from analytics.errors import InputError

TABLES = ("import-log", "overlap", "links", "reasons", "conflicts", "priority", "frame", "frame-source")
#: The command line reads what an analis sees: every kelurahan, NIK masked.
CLI_USER = User("(baris-perintah)", "analis")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "quality",
        help="tabel kualitas data (halaman Kualitas Data)",
        description="Tabel kualitas data: impor, keterkaitan register, karantina, "
        "perbedaan antarsumber, prioritas verifikasi, dan kerangka keluarga (Regsosek atau DTSEN) "
        "dibanding tahun sebelumnya.",
    )
    parser.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu (wajib)")
    parser.add_argument("--table", metavar="TABEL", help=f"salah satu: {', '.join(TABLES)} (wajib)")
    parser.add_argument("--year", metavar="Y", help="tahun data (wajib kecuali import-log dan reasons)")
    parser.add_argument("--line", metavar="GARIS", default="official", help="garis untuk priority (bawaan official)")
    parser.add_argument("--format", dest="output_format", metavar="csv|json", default="csv", help="format keluaran")
    parser.set_defaults(func=run)


def run(args) -> int:
    from analytics import quality

    if args.db is None or args.table is None:
        raise InputError("--db FILE dan --table wajib diisi")
    if args.table not in TABLES:
        raise InputError(f"--table harus salah satu dari {', '.join(TABLES)}, bukan {args.table!r}")
    if args.output_format not in ("csv", "json"):
        raise InputError(f"--format harus csv atau json, bukan {args.output_format!r}")
    needs_year = args.table not in ("import-log", "reasons")
    if needs_year and args.year is None:
        raise InputError(f"--year wajib diisi untuk --table {args.table}")
    year = parse_year(args.year) if needs_year else None
    con = open_database(args.db)
    try:
        frame = {
            "import-log": lambda: quality.import_log(con),
            "overlap": lambda: quality.register_overlap(con, year),
            "links": lambda: quality.link_methods(con, year),
            "reasons": lambda: quality.quarantine_by_reason(con),
            "conflicts": lambda: quality.source_conflicts(con, year, user=CLI_USER),
            "frame": lambda: quality.frame_change(con, year),
            "frame-source": lambda: quality.frame_sources(con, year),
            "priority": lambda: quality.verification_priority(
                con, year, parse_line(args.line, allow_kind=True), user=CLI_USER
            ),
        }[args.table]()
    finally:
        con.close()
    sys.stdout.write(render(frame, args.output_format))
    return 0
