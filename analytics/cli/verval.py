"""``python -m analytics verval``: the field verification from the command line, for an office
that collects on paper and types later.

    python -m analytics verval worklist --db FILE --year Y --as USER [--kelurahan KODE] [--reason R] [--format csv|json]
    python -m analytics verval import FILE --db FILE --year Y --as USER
    python -m analytics verval review --db FILE --as USER [--record ID --version N --decision approved|returned
        [--reason TEXT]]
    python -m analytics verval export --db FILE --year Y --as USER --channel dtsen|apbd|tjsl|baznas --out FILE.xlsx|.csv
    python -m analytics verval dinsos FILE --db FILE --year Y --as USER [--rejects OUT.csv] [--format csv|json]

``--as`` names an account of the user store beside the database: its role and kelurahan are
applied as on the page, and every write is audited under its name. ``review`` without
``--record`` lists the records waiting for review. ``dinsos`` reads the Dinas Sosial's own
per-person verval file (:mod:`analytics.verval.dinsos`) and prints one row per kelurahan
(kode, kelurahan, families, persons, fakir_miskin, flagged_families, rejected_families), what it
did on standard error; its rejected rows go to ``--rejects``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.access.users import get_user, users_path_for
from analytics.cli.common import open_database, parse_line, parse_year, render
from analytics.errors import InputError
from analytics.reference import UNIT

ACTIONS = ("worklist", "import", "review", "export", "dinsos")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "verval",
        help="verifikasi dan validasi lapangan (daftar kerja, impor, tinjau, ekspor)",
        description="Verval lapangan: daftar kerja, impor catatan kunjungan, tinjauan dan ekspor usulan/rujukan.",
    )
    parser.add_argument("action", metavar="|".join(ACTIONS), help="tindakan")
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="berkas catatan kunjungan (import) atau berkas verval Dinas Sosial (dinsos)",
    )
    parser.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu (wajib)")
    parser.add_argument("--as", dest="username", metavar="USER", help="akun yang menjalankan (wajib)")
    parser.add_argument("--year", metavar="Y", help="tahun register")
    parser.add_argument("--line", metavar="GARIS", default="official", help="garis untuk daftar kerja")
    parser.add_argument("--kelurahan", metavar="KODE", help=f"kode {UNIT} (daftar kerja)")
    parser.add_argument("--reason", metavar="ALASAN", help="alasan kunjungan (daftar kerja)")
    parser.add_argument("--record", metavar="ID", help="catatan yang ditinjau")
    parser.add_argument("--version", metavar="N", type=int, help="versi catatan yang dibaca")
    parser.add_argument("--decision", choices=("approved", "returned"), help="keputusan tinjauan")
    parser.add_argument("--reason-text", dest="reason_text", default="", help="alasan bila dikembalikan")
    parser.add_argument("--channel", metavar="SALURAN", help="dtsen, apbd, tjsl atau baznas (ekspor)")
    parser.add_argument("--out", metavar="FILE", help="berkas keluaran .xlsx atau .csv (ekspor)")
    parser.add_argument("--rejects", metavar="OUT.csv", help="berkas CSV baris yang ditolak (dinsos)")
    parser.add_argument("--format", dest="output_format", metavar="csv|json", default="csv", help="format keluaran")
    parser.set_defaults(func=run)


def _user(args):
    if not args.username:
        raise InputError("--as USER wajib diisi: nama akun yang menjalankan perintah ini.")
    user = get_user(users_path_for(args.db), args.username)
    if user is None:
        raise InputError(f"Akun {args.username!r} tidak ada di {users_path_for(args.db).name}.")
    return user


def _year(args) -> int:
    if args.year is None:
        raise InputError(f"--year wajib diisi untuk verval {args.action}")
    return parse_year(args.year)


def run(args: argparse.Namespace) -> int:
    if args.action not in ACTIONS:
        raise InputError(f"tindakan verval harus salah satu dari {', '.join(ACTIONS)}, bukan {args.action!r}")
    if args.db is None:
        raise InputError("--db FILE wajib diisi")
    con = open_database(args.db)
    try:
        user = _user(args)
        actions = {"worklist": _worklist, "import": _import, "review": _review, "export": _export, "dinsos": _dinsos}
        return actions[args.action](con, args, user)
    finally:
        con.close()


def _worklist(con, args, user) -> int:
    from analytics.verval.worklist import REASONS, worklist

    if args.reason is not None and args.reason not in REASONS:
        raise InputError(f"--reason harus salah satu dari {', '.join(REASONS)}, bukan {args.reason!r}")
    work = worklist(con, args.db, _year(args), parse_line(args.line, allow_kind=True), args.kelurahan, user=user)
    table = work.families.assign(reasons=work.families["reasons"].map(",".join))
    if args.reason:
        table = table[table["reasons"].str.split(",").map(lambda r: args.reason in r)]
    sys.stdout.write(render(table, args.output_format))
    print(f"dikunjungi {work.visited} dari {work.total}", file=sys.stderr)
    return 0


def _import(con, args, user) -> int:
    from analytics.verval.paper import import_visits

    if not args.file:
        raise InputError("verval import memerlukan berkas catatan (CSV atau XLSX)")
    saved, skipped = import_visits(con, args.db, _year(args), args.file, user=user)
    print(f"{saved} catatan disimpan dan diajukan untuk ditinjau")
    if skipped:
        print(f"{len(skipped)} keluarga sudah punya catatan, dilewati: {', '.join(skipped)}")
    return 0


def _review(con, args, user) -> int:
    from analytics.verval import store
    from analytics.views.verval_page import review_queue

    if args.record is None:
        sys.stdout.write(render(review_queue(args.db, None, user=user), args.output_format))
        return 0
    if args.version is None or args.decision is None:
        raise InputError("--version dan --decision wajib diisi bersama --record")
    version = store.review(args.db, args.record, args.version, args.decision, args.reason_text, user=user)
    print(f"catatan {args.record} versi {version}: {store.STATUSES[args.decision].lower()}")
    return 0


def _export(con, args, user) -> int:
    from analytics.csvsafe import csv_bytes
    from analytics.verval.exports import export_channel, xlsx_bytes

    if not args.channel or not args.out:
        raise InputError("--channel dan --out wajib diisi untuk verval export")
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError(f"--out harus berakhiran .xlsx atau .csv, bukan {out.name}")
    if not out.parent.is_dir():
        raise InputError(f"folder {out.parent} tidak ada")
    export = export_channel(con, args.db, _year(args), args.channel, user=user)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(xlsx_bytes(export))
    else:
        out.write_bytes(csv_bytes(export.table))
    print(f"{export.count} catatan baru ditulis ke {out}")
    return 0


def _dinsos(con, args, user) -> int:
    from analytics.verval.dinsos import import_dinsos
    from analytics.verval.dinsos_areas import output_table
    from analytics.verval.dinsos_file import rejects_csv

    if not args.file:
        raise InputError("verval dinsos memerlukan berkas verval Dinas Sosial (CSV atau XLSX)")
    out = Path(args.rejects) if args.rejects else None
    if out is not None and (out.suffix.lower() != ".csv" or not out.parent.is_dir()):
        raise InputError(f"--rejects harus berkas .csv di folder yang ada, bukan {out}")
    result = import_dinsos(con, args.db, _year(args), args.file, user=user)
    sys.stdout.write(render(output_table(result.areas), args.output_format))
    _dinsos_report(result)
    if out is not None:
        out.write_bytes(rejects_csv(result.rejects))
        print(f"Baris yang ditolak dan alasannya ditulis ke {out}", file=sys.stderr)
    elif len(result.rejects):
        print("Tambahkan --rejects OUT.csv untuk menyimpan baris yang ditolak beserta alasannya.", file=sys.stderr)
    return 0


def _dinsos_report(result) -> None:
    """What the import did, in Indonesian, on standard error (the table is on standard output)."""
    from analytics.formats import number

    say = [
        f"Berkas yang sama sudah diimpor {result.same_file_before}; angkanya diganti, tidak dijumlahkan."
        if result.same_file_before
        else "",
        f"{number(result.rows_read)} baris dibaca: {number(result.persons)} jiwa dalam {number(result.families)} "
        f"keluarga diterima, {number(len(result.rejects))} baris ditolak",
        f"{number(result.fakir_miskin)} keluarga fakir miskin (ada anggota yang memenuhi ≥6 dari 8 indikator; "
        f"{number(result.fakir_miskin_persons)} jiwa)",
        f"{number(len(result.linked))} keluarga tertaut ke register {result.year}: {number(result.count('new'))} "
        f"catatan baru, {number(result.count('updated'))} versi baru, {number(result.count('unchanged'))} sama, "
        f"{number(result.count('conflict'))} konflik (tidak ditimpa); semua yang ditulis menunggu tinjauan analis",
        f"{number(result.unlinked)} keluarga tidak tertaut, dihitung per {UNIT}",
        f"{number(result.flagged_families)} keluarga ditandai (dihitung, nilai yang rusak dianggap tidak diketahui):",
        *(f"  {number(f.keluarga)} keluarga, {number(f.baris)} baris: {f.Alasan}" for f in result.flags.itertuples()),
    ]
    conflicts = result.linked[result.linked["result"] == "conflict"]
    if len(conflicts):
        say.append(f"Konflik (sudah ada catatan lapangan atau tinjauan): {', '.join(conflicts['family_id'])}")
    print("\n".join(line for line in say if line), file=sys.stderr)
