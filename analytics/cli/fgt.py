"""``python -m analytics fgt``: P0, P1, P2 and Watts by area, from the database or a CSV.

Stable interface (other tools read it)::

    python -m analytics fgt --db FILE --year Y [--by kota|kecamatan|kelurahan]
        [--line official|extreme|AMOUNT] [--poor-if lt|le] [--format csv|json]
    python -m analytics fgt --csv FILE --welfare COL --line AMOUNT [--weight COL]
        [--size COL] [--by COL] [--poor-if lt|le] [--format csv|json]

Output columns: ``kode``, ``nama`` (db mode; the city row, kode 64.74, comes first) or the
``--by`` column (csv mode, if given), then ``population``, ``poor``, ``p0``, ``p1``, ``p2``,
``watts`` as fractions with full precision. Every user mistake ends with one line on
stderr and exit code 2.
"""

from __future__ import annotations

import json
import math
import os
import sys

import duckdb

from analytics.cli import CliError
from analytics.poverty._sql import table_columns

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
    """Run the subcommand; user mistakes raise :class:`CliError`."""
    if args.output_format not in FORMAT_CHOICES:
        raise CliError(f"--format harus csv atau json, bukan {args.output_format!r}")
    if args.poor_if not in POOR_IF_CHOICES:
        raise CliError(f"--poor-if harus lt atau le, bukan {args.poor_if!r}")
    if (args.db is None) == (args.csv is None):
        raise CliError("pilih salah satu sumber data: --db FILE atau --csv FILE")
    frame = _run_db(args) if args.db is not None else _run_csv(args)
    sys.stdout.write(_render(frame, args.output_format))
    return 0


def _run_db(args):
    from analytics.poverty.area import fgt_by_area

    for option, value in (("--welfare", args.welfare), ("--weight", args.weight), ("--size", args.size)):
        if value is not None:
            raise CliError(f"{option} hanya dipakai dengan --csv")
    if args.year is None:
        raise CliError("--year wajib diisi untuk mode --db")
    year = _parse_year(args.year)
    by = args.by or "kota"
    if by not in AREA_CHOICES:
        raise CliError(f"--by harus kota, kecamatan atau kelurahan, bukan {by!r}")
    line = _parse_line(args.line or "official", allow_kind=True)
    con = _open_database(args.db)
    try:
        frame = fgt_by_area(con, year, by=by, line=line, poor_if=args.poor_if, include_city=True)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    except duckdb.Error as exc:
        raise CliError(f"basis data tidak sesuai skema: {_first_line(exc)}") from None
    finally:
        con.close()
    used = frame.attrs.get("line", {})
    if used.get("status") == "estimated":
        label = "resmi" if used.get("kind") == "official" else "ekstrem"
        print(
            f"catatan: garis kemiskinan {label} tahun {year} adalah estimasi "
            f"(Rp {_rupiah(used['amount'])}), bukan angka resmi BPS",
            file=sys.stderr,
        )
    return frame[["kode", "nama", *MEASURE_COLUMNS]]


def _run_csv(args):
    from analytics.poverty.frame import fgt_frame, read_csv

    if args.year is not None:
        raise CliError("--year hanya dipakai dengan --db")
    if args.welfare is None:
        raise CliError("--welfare wajib diisi untuk mode --csv")
    if args.line is None:
        raise CliError("--line wajib diisi untuk mode --csv (jumlah Rp per kapita per bulan)")
    line = _parse_line(args.line, allow_kind=False)
    try:
        data = read_csv(args.csv)
        frame = fgt_frame(
            data,
            args.welfare,
            line,
            by=args.by,
            weight=args.weight,
            size=args.size,
            poor_if=args.poor_if,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None
    except duckdb.Error as exc:
        raise CliError(f"berkas CSV tidak dapat diolah: {_first_line(exc)}") from None
    columns = ([args.by] if args.by is not None else []) + MEASURE_COLUMNS
    return frame[columns]


def _parse_year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CliError(f"--year harus berupa bilangan bulat, bukan {text!r}") from None


def _parse_line(text: str, *, allow_kind: bool):
    if text in ("official", "extreme"):
        if not allow_kind:
            raise CliError("mode --csv perlu --line berupa jumlah Rp, bukan official/extreme")
        return text
    try:
        amount = float(text)
    except ValueError:
        expected = "official, extreme atau jumlah Rp" if allow_kind else "jumlah Rp"
        raise CliError(f"--line harus {expected}, bukan {text!r}") from None
    if not math.isfinite(amount) or amount <= 0:
        raise CliError(f"--line harus berupa jumlah positif, bukan {text!r}")
    return amount


def _open_database(path: str) -> duckdb.DuckDBPyConnection:
    if not os.path.isfile(path):
        raise CliError(f"berkas basis data tidak ditemukan: {path}")
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise CliError(f"berkas basis data tidak dapat dibuka: {path} ({_first_line(exc)})") from None
    if "expenditure_pc" not in table_columns(con, "family"):
        con.close()
        raise CliError(f"berkas basis data tidak berisi tabel family: {path}")
    return con


def _render(frame, output_format: str) -> str:
    if output_format == "csv":
        # Default float formatting is repr: the shortest text that reads back exactly.
        return frame.to_csv(index=False, lineterminator="\n")
    records = []
    for row in frame.to_dict(orient="records"):
        records.append({key: _json_value(value) for key, value in row.items()})
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _json_value(value):
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _rupiah(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", ".")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
