"""``python -m analytics users``: manage the local accounts of the dashboard.

Stable interface::

    python -m analytics users add USERNAME --db FILE --role ROLE [--kelurahan KODE] [--password-stdin]
    python -m analytics users remove USERNAME --db FILE
    python -m analytics users list --db FILE
    python -m analytics users set-role USERNAME --db FILE --role ROLE [--kelurahan KODE]
    python -m analytics users verify-audit --db FILE

``--db`` names the DuckDB database; the accounts live beside it in
``<db stem>.users.sqlite``. The password is never a command-line argument: it is read from
one line of standard input with ``--password-stdin``, or asked twice with a hidden prompt.
``list`` prints ``username,role,kelurahan`` as CSV. ``verify-audit`` walks the audit log's hash
chain and prints how many entries it verified, or the first entry that no longer fits (exit
code 2). Every user mistake ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from analytics.access.scope import ROLES
from analytics.access.users import add_user, list_users, remove_user, set_role, users_path_for, verify_chain
from analytics.cli import one_line_errors
from analytics.csvsafe import csv_text
from analytics.errors import DataError, InputError
from analytics.reference import UNIT


def register(subparsers) -> None:
    """Add the ``users`` subcommand and its actions."""
    parser = subparsers.add_parser(
        "users",
        help="kelola akun pengguna dasbor (tambah, hapus, daftar, ubah peran)",
        description="Kelola akun lokal dasbor. Akun disimpan di <nama basis data>.users.sqlite di samping --db.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="add|remove|list|set-role|verify-audit")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE", required=True, help="berkas basis data DuckDB")

    add = actions.add_parser("add", parents=[common], help="tambah pengguna")
    add.add_argument("username", metavar="USERNAME", help="nama pengguna")
    add.add_argument("--role", required=True, choices=ROLES, help="peran pengguna")
    add.add_argument("--kelurahan", metavar="KODE", help=f"kode {UNIT} (wajib untuk verifikator)")
    add.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari satu baris masukan standar")
    add.set_defaults(func=_add)

    remove = actions.add_parser("remove", parents=[common], help="hapus pengguna")
    remove.add_argument("username", metavar="USERNAME", help="nama pengguna")
    remove.set_defaults(func=_remove)

    listing = actions.add_parser("list", parents=[common], help="daftar pengguna (tanpa kata sandi)")
    listing.set_defaults(func=_list)

    change = actions.add_parser("set-role", parents=[common], help="ubah peran pengguna")
    change.add_argument("username", metavar="USERNAME", help="nama pengguna")
    change.add_argument("--role", required=True, choices=ROLES, help="peran baru")
    change.add_argument("--kelurahan", metavar="KODE", help=f"kode {UNIT} (wajib untuk verifikator)")
    change.set_defaults(func=_set_role)

    verify = actions.add_parser("verify-audit", parents=[common], help="periksa rantai hash log audit")
    verify.set_defaults(func=_verify)

    for name, action_parser in actions.choices.items():
        one_line_errors(action_parser, f"users {name}")


def _read_password(args) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise InputError("kata sandi kosong di masukan standar (--password-stdin)")
        return password
    if not sys.stdin.isatty():
        raise InputError("tidak ada terminal untuk menanyakan kata sandi; gunakan --password-stdin")
    password = getpass.getpass("Kata sandi: ")
    if password != getpass.getpass("Ulangi kata sandi: "):
        raise InputError("kedua kata sandi tidak sama")
    return password


def _users_path(args):
    # A mistyped --db would otherwise create the accounts of a database that does not exist.
    if not Path(args.db).is_file():
        raise InputError(f"basis data {args.db} tidak ditemukan; periksa --db")
    return users_path_for(args.db)


def _add(args) -> int:
    password = _read_password(args)
    add_user(_users_path(args), args.username, password, args.role, args.kelurahan)
    print(f"Pengguna {args.username.strip().lower()} ditambahkan dengan peran {args.role}.", file=sys.stderr)
    return 0


def _remove(args) -> int:
    remove_user(_users_path(args), args.username)
    print(f"Pengguna {args.username.strip().lower()} dihapus.", file=sys.stderr)
    return 0


def _list(args) -> int:
    users = list_users(_users_path(args))
    sys.stdout.write(csv_text(users[["username", "role", "kelurahan"]]))
    return 0


def _set_role(args) -> int:
    set_role(_users_path(args), args.username, args.role, args.kelurahan)
    print(f"Peran {args.username.strip().lower()} diubah menjadi {args.role}.", file=sys.stderr)
    return 0


def _verify(args) -> int:
    path = _users_path(args)
    if not path.exists():
        raise InputError(f"berkas pengguna {path.name} belum ada; belum ada log audit untuk --db ini")
    check = verify_chain(path)
    if not check.ok:
        raise DataError(check.message)
    print(check.message)
    return 0
