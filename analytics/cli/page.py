"""``python -m analytics page``: what a dashboard page shows, headless.

    python -m analytics page ringkasan|peta|tren|cakupan|kualitas|p4gn --db FILE --year Y
        [--line official|extreme|AMOUNT] [--kecamatan KODE] [--kelurahan KODE]
        [--role pimpinan|analis|verifikator|admin] [--from Y1 --to Y2 --level kecamatan|kelurahan]
        [--indicator p0|p1|p2|poor|exclusion_error|M0] [--eligible R] [--program P] [--format json|csv]

The page's figures come from the same functions the page calls (:mod:`analytics.views`), with
the protection of ``--role`` (default analis; a pimpinan gets ``<10`` and ``x`` exactly as on
screen). ``json`` prints one object of the page's titles, captions and tables (rows as
records); ``csv`` prints each table under a ``# name`` line. Household lists are left out.
"""

from __future__ import annotations

import json
import sys
from dataclasses import fields, is_dataclass

import pandas as pd

from analytics.access.scope import ROLES, User
from analytics.cli.common import open_database, parse_line, parse_year
from analytics.csvsafe import csv_text
from analytics.errors import InputError
from analytics.reference import EXAMPLE_KECAMATAN, EXAMPLE_KELURAHAN, UNIT
from analytics.views.protection import needs_protection
from analytics.views.selection import Selection, kecamatan_of, kelurahan_names
from analytics.views.source import Source

PAGES = ("ringkasan", "peta", "tren", "cakupan", "kualitas", "p4gn")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "page",
        help="angka satu halaman dasbor, tanpa peramban",
        description="Cetak judul, keterangan dan tabel satu halaman dasbor untuk "
        "pilihan dan peran yang sama seperti di layar.",
    )
    parser.add_argument("name", metavar="HALAMAN", help=f"salah satu: {', '.join(PAGES)}")
    parser.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu (wajib)")
    parser.add_argument("--year", metavar="Y", help="tahun data (wajib)")
    parser.add_argument("--line", metavar="GARIS", default="official", help="official (bawaan), extreme atau Rp")
    parser.add_argument("--kecamatan", metavar="KODE", default=None, help=f"kode kecamatan (mis. {EXAMPLE_KECAMATAN})")
    parser.add_argument("--kelurahan", metavar="KODE", default=None, help=f"kode {UNIT} (mis. {EXAMPLE_KELURAHAN})")
    parser.add_argument("--role", default="analis", help=f"peran pembaca: {', '.join(ROLES)} (bawaan analis)")
    parser.add_argument("--from", dest="year_from", metavar="Y1", default=None, help="tren: tahun awal")
    parser.add_argument("--to", dest="year_to", metavar="Y2", default=None, help="tren: tahun akhir")
    parser.add_argument("--level", default="kecamatan", help="tren: kecamatan (bawaan) atau kelurahan")
    parser.add_argument("--indicator", default="p0", help="peta: indikator warna (bawaan p0)")
    parser.add_argument("--eligible", default="poor", help="cakupan: poor (bawaan), extreme atau desil<=4")
    parser.add_argument("--program", default="any", help=f"cakupan: program per {UNIT} (bawaan any)")
    parser.add_argument("--format", dest="output_format", metavar="json|csv", default="json", help="format keluaran")
    parser.set_defaults(func=run)


def run(args) -> int:
    selection, user = _selection(args), _user(args)
    con = open_database(args.db)
    try:
        content = build(Source.of(con), args.name, selection, user, args)
    finally:
        con.close()
    sys.stdout.write(render(content, args.output_format))
    return 0


def _selection(args) -> Selection:
    if args.name not in PAGES:
        raise InputError(f"halaman harus salah satu dari {', '.join(PAGES)}, bukan {args.name!r}")
    if args.db is None or args.year is None:
        raise InputError("--db FILE dan --year wajib diisi")
    if args.output_format not in ("json", "csv"):
        raise InputError(f"--format harus json atau csv, bukan {args.output_format!r}")
    kecamatan = args.kecamatan
    if args.kelurahan is not None:
        if args.kelurahan not in kelurahan_names():
            raise InputError(f"--kelurahan tidak dikenal: {args.kelurahan!r} (contoh: {EXAMPLE_KELURAHAN})")
        kecamatan = kecamatan_of(args.kelurahan)
    return Selection(parse_year(args.year), parse_line(args.line, allow_kind=True), kecamatan, args.kelurahan)


def _user(args) -> User:
    if args.role not in ROLES:
        raise InputError(f"--role harus salah satu dari {', '.join(ROLES)}, bukan {args.role!r}")
    if args.role == "verifikator":
        if args.kelurahan is None:
            raise InputError(f"--role verifikator perlu --kelurahan ({UNIT} tugasnya)")
        return User("(baris-perintah)", "verifikator", args.kelurahan)
    return User("(baris-perintah)", args.role)


def build(source: Source, name: str, selection: Selection, user: User, args) -> dict:
    """The page's content as the page shows it: section name -> view (dataclass or table)."""
    from analytics.views import (
        alternative_development_page,
        map_page,
        programs_page,
        quality_page,
        summary_page,
        trend_page,
        welfare_page,
    )

    if name == "ringkasan":
        if welfare_page.year_source(source, selection.year).kind == "none":
            return {"ringkasan": welfare_page.rank_page(source, selection, user)}
        return {"ringkasan": summary_page.build(source, selection, user)}
    if name == "peta":
        protected = needs_protection(user)
        content = {
            "keterangan": map_page.caption(source, selection),
            "indikator": map_page.indicator_values(source, selection.year, selection.line, args.indicator, protected),
        }
        if selection.kelurahan:
            content["profil"] = map_page.profile(source, selection, selection.kelurahan, user)
        return content
    if name == "tren":
        years = sorted(source.get(_years))
        start = parse_year(args.year_from, "--from") if args.year_from else years[0]
        end = parse_year(args.year_to, "--to") if args.year_to else years[-1]
        return {
            "tren": trend_page.trend(source, selection, user),
            "perubahan": trend_page.changes(source, selection, start, end, args.level, user),
        }
    if name == "cakupan":
        from analytics.views import verval_outcomes_page

        return {
            "cakupan": programs_page.coverage_view(source, selection, args.eligible, args.program, user),
            "segmen": programs_page.segments_view(source, selection, user),
            "verval": verval_outcomes_page.build(source, str(args.db), "", selection, user),
        }
    if name == "kualitas":
        return {
            "impor": quality_page.imports(source),
            "kerangka": quality_page.frame(source, selection.year),
            "register": quality_page.registers(source, selection.year),
            "karantina": quality_page.quarantine_reasons(source),
        }
    from analytics.alternative_development import configured_status_file, read_status_table

    status = read_status_table(configured_status_file())
    return {"p4gn": alternative_development_page.build(source, selection, user, status)}


def _years(con) -> list[int]:
    from analytics.poverty.lines import available_years

    return available_years(con)


def plain(value):
    """A view as JSON-ready values: tables as lists of records, dataclasses as objects."""
    if isinstance(value, pd.DataFrame):
        return [{str(k): _cell(v) for k, v in row.items()} for row in value.to_dict(orient="records")]
    if is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return _cell(value)


def _cell(value):
    if value is None or isinstance(value, str | bool | int):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if pd.isna(value) else value
    return str(value)


def render(content: dict, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(plain(content), ensure_ascii=False, indent=2) + "\n"
    parts = []
    for section, value in content.items():
        for label, item in _flat(section, value):
            if isinstance(item, pd.DataFrame):
                parts.append(f"# {label}\n" + csv_text(item, lineterminator="\n"))
            elif isinstance(item, str | int | float) or item is None:
                parts.append(f"# {label}: {item}\n")
    return "".join(parts)


def _flat(label: str, value):
    """(label, item) of a view and of the views it holds (``verval.agreement.table``)."""
    if not is_dataclass(value):
        yield label, value
        return
    for f in fields(value):
        yield from _flat(f"{label}.{f.name}", getattr(value, f.name))
