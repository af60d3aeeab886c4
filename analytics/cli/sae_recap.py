"""``python -m analytics sae rekap-ekstrem``: load the Dinas Sosial's extreme-poverty recap of a year.

::

    python -m analytics sae rekap-ekstrem --db FILE --year N --file REKAP.csv|xlsx --as USER

The recap (persons, and optionally families, per kelurahan; :mod:`analytics.model.extreme_list`)
becomes the year's, replacing an earlier one, in a swap of the database (a refused file leaves
it as it was). ``--as`` names an analis or admin of the database's user store; the load is
written to its audit log as the Model SAE page writes it. Rows not used are printed with their
reasons on standard error. The next ``sae run`` of the year counts the recap's persons below the
extreme line (``--without-extreme-recap`` models them instead).
"""

from __future__ import annotations

import sys
from pathlib import Path

from analytics.cli.common import parse_year
from analytics.errors import InputError

__all__ = ["register"]


def register(commands) -> None:
    recap = commands.add_parser(
        "rekap-ekstrem",
        help="muat rekap daftar miskin ekstrem Dinas Sosial untuk satu tahun",
        description="Rekap per kelurahan: jiwa (dan keluarga) dalam daftar miskin ekstrem yang sudah diverifikasi.",
    )
    recap.add_argument("--db", required=True, metavar="FILE", help="basis data hasil impor")
    recap.add_argument("--year", required=True, metavar="TAHUN")
    recap.add_argument("--file", required=True, metavar="REKAP", help="CSV atau XLSX")
    recap.add_argument("--as", dest="username", required=True, metavar="USER", help="akun analis atau admin")
    recap.set_defaults(func=load_recap)


def load_recap(args) -> int:
    from analytics.access.users import get_user, users_path_for
    from analytics.model.extreme_list import read_recap
    from analytics.model.extreme_store import store_recap_as
    from analytics.views.sae_counted import stored_text

    year = parse_year(args.year)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"Berkas rekap {path.name} tidak ada.")
    user = get_user(users_path_for(args.db), args.username)
    if user is None:
        raise InputError(f"Akun {args.username!r} tidak ada di {users_path_for(args.db).name}; rekap tidak dimuat.")
    recap = read_recap(path)
    stored = store_recap_as(Path(args.db), year, recap, user, source=path.name, content=path.read_bytes())
    for row in recap.rejects.itertuples():
        print(f"Baris {row.baris} tidak dipakai: {row.alasan}", file=sys.stderr)
    print(stored_text(stored))
    return 0
