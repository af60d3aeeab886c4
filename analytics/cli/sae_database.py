"""``python -m analytics sae run|runs|estimates``: the model of a year of the database.

::

    python -m analytics sae run --db FILE --year N [--covariates a,b,...] [--transform boxcox|log|log-shift|none]
        [--weighted] [--L N] [--B N] [--seed N] [--benchmark] [--set-aside-influential] [--without-extreme-recap]
        [--publish --as USER]
    python -m analytics sae runs --db FILE [--year N] [--format csv|json]
    python -m analytics sae estimates --db FILE --year N [--line official|extreme]
        [--level kota|kecamatan|kelurahan] [--format csv|json]

``run`` fits the census EBP on the year's survey households (``survey_household``) and predicts
every Regsosek family with the harmonised covariates (:mod:`analytics.model.covariates`), at the
official and extreme lines, and prints the kelurahan estimates; with ``--publish`` the run is
written into the database (swapped in whole) and the pages use it. ``--publish`` needs ``--as
USER``: an account of the database's user store (``<db>.users.sqlite``) with a role that may
publish (analis, admin); the publication is written to its audit log as the Model SAE page writes
it. ``--by`` is the older name of ``--as``. ``estimates`` prints the
published run's estimates: ``kode, n_sample, families, persons, p0, p1, p2, watts, mean`` and
per indicator ``mse_, cv_, lower_, upper_, reliability_`` (90 % intervals; BPS reliability).
"""

from __future__ import annotations

import sys

from analytics.cli.common import open_database, parse_year, render
from analytics.errors import DataError, InputError
from analytics.reference import REGION_KIND

RUN_COLUMNS = [
    "run_id",
    "year",
    "published",
    "created_at",
    "created_by",
    "transform",
    "boxcox_lambda",
    "weighted",
    "covariates",
    "mc_draws",
    "bootstrap",
    "n_survey",
    "icc",
    "r2_marginal",
    "r2_conditional",
    "benchmark",
]


def register(commands) -> None:
    """Add ``run``, ``runs`` and ``estimates`` to the ``sae`` command group."""
    run = commands.add_parser(
        "run",
        help="jalankan (dan terbitkan) model SAE satu tahun basis data",
        description="Model EBP satu tahun: survei + kerangka Regsosek dengan kovariat yang diselaraskan.",
    )
    run.add_argument("--db", required=True, metavar="FILE", help="basis data hasil impor")
    run.add_argument("--year", required=True, metavar="TAHUN")
    run.add_argument("--covariates", metavar="A,B,…", help="kovariat (bawaan: set yang disarankan)")
    run.add_argument("--transform", default="boxcox", metavar="JENIS", help="boxcox (bawaan), log, log-shift, none")
    run.add_argument("--weighted", action="store_true", help="pakai bobot survei (Guadarrama; boxcox, log atau none)")
    run.add_argument("--L", default="100", metavar="N", help="populasi Monte Carlo (bawaan 100)")
    run.add_argument("--B", default="200", metavar="N", help="replikasi bootstrap (bawaan 200)")
    run.add_argument("--seed", default="20240601", metavar="N")
    run.add_argument(
        "--benchmark", action="store_true", help=f"benchmark rasio ke angka {REGION_KIND} BPS (garis resmi)"
    )
    run.add_argument(
        "--set-aside-influential",
        action="store_true",
        help=f"sisihkan rumah tangga survei yang, bila disisihkan, menggeser P0 {REGION_KIND} 10 %% dari angkanya "
        "atau lebih (diperiksa ulang, paling banyak tiga putaran)",
    )
    run.add_argument(
        "--without-extreme-recap",
        action="store_true",
        help="modelkan juga jiwa dalam rekap daftar miskin ekstrem (bawaan: dihitung di bawah garis ekstrem)",
    )
    run.add_argument("--publish", action="store_true", help="simpan sebagai model terbit tahun itu")
    run.add_argument(
        "--as",
        "--by",
        dest="username",
        metavar="USER",
        help="akun yang menjalankan (wajib dengan --publish; peran analis atau admin)",
    )
    run.add_argument("--format", dest="output_format", default="csv", metavar="csv|json")
    run.set_defaults(func=run_model_command)
    runs = commands.add_parser("runs", help="daftar model SAE di basis data", description="Model SAE tersimpan.")
    runs.add_argument("--db", required=True, metavar="FILE")
    runs.add_argument("--year", metavar="TAHUN")
    runs.add_argument("--format", dest="output_format", default="csv", metavar="csv|json")
    runs.set_defaults(func=list_runs)
    est = commands.add_parser(
        "estimates", help="estimasi model terbit satu tahun", description="Estimasi per wilayah dari model SAE terbit."
    )
    est.add_argument("--db", required=True, metavar="FILE")
    est.add_argument("--year", required=True, metavar="TAHUN")
    est.add_argument("--line", default="official", metavar="official|extreme")
    est.add_argument("--level", default="kelurahan", metavar="kota|kecamatan|kelurahan")
    est.add_argument("--format", dest="output_format", default="csv", metavar="csv|json")
    est.set_defaults(func=print_estimates)


def _settings(args):
    from analytics.cli.sae import _integer
    from analytics.model.run import RunSettings

    # Without --covariates: None, the year's recommended model (run_model resolves it).
    covariates = None if not args.covariates else tuple(c.strip() for c in args.covariates.split(","))
    return RunSettings(
        covariates=covariates,
        transform=args.transform,
        weighted=args.weighted,
        L=_integer(args.L, "--L", 1),
        B=_integer(args.B, "--B", 0),
        seed=_integer(args.seed, "--seed", 0),
        benchmark=args.benchmark,
        set_aside=args.set_aside_influential,
        counted=not args.without_extreme_recap,
    )


def _say_influence(run) -> None:
    """The page's notes on the counted recap and its warnings on survey households below the
    extreme line, influential or set aside, on standard error."""
    import json

    from analytics.views.sae_counted import counted_note, counted_survey_warnings
    from analytics.views.sae_influence import influence_view
    from analytics.views.selection import kelurahan_names

    names = kelurahan_names()
    if note := counted_note(json.loads(run.run["parameters"])):
        print(f"Catatan: {note}", file=sys.stderr)
    for warning in counted_survey_warnings(run.diagnostics, names) + influence_view(run.diagnostics, names)[1]:
        print(f"Peringatan: {warning}", file=sys.stderr)


def run_model_command(args) -> int:
    from analytics.model import published
    from analytics.model.lock import one_run
    from analytics.model.publish import publish_as
    from analytics.model.run import run_model

    _check_format(args.output_format)
    year = parse_year(args.year)
    settings = _settings(args)
    with one_run(args.db):
        con = open_database(args.db)
        try:
            user = _user(args)
            run = run_model(con, year, settings, user.username if user is not None else "cli")
        finally:
            con.close()
        _say_influence(run)
        if args.publish:
            publish_as(args.db, run, user)
            print(f"Model {run.run_id} diterbitkan untuk tahun {year} oleh {user.username}.", file=sys.stderr)
    table = run.estimates[(run.estimates["line"] == "official") & (run.estimates["level"] == "kelurahan")]
    wide = published.widen(table)
    sys.stdout.write(render(wide, args.output_format))
    return 0


def _user(args):
    """The ``--as`` account as stored (None without ``--as``); checked before the model runs, so a
    refused publication costs no minute of computing."""
    from analytics.access.users import get_user, users_path_for
    from analytics.model.publish import check_publisher

    if args.username is None:
        if args.publish:
            raise InputError("--publish memerlukan --as USER: akun analis atau admin yang menerbitkan model.")
        return None
    store = users_path_for(args.db)
    user = get_user(store, args.username)
    if user is None:
        raise InputError(f"Akun {args.username!r} tidak ada di {store.name}; model tidak dijalankan.")
    if args.publish:
        check_publisher(user)
    return user


def list_runs(args) -> int:
    from analytics.model import published

    _check_format(args.output_format)
    year = None if args.year is None else parse_year(args.year)
    con = open_database(args.db)
    try:
        frame = published.runs(con, year)
    finally:
        con.close()
    sys.stdout.write(render(frame.reindex(columns=RUN_COLUMNS), args.output_format))
    return 0


def print_estimates(args) -> int:
    from analytics.model import published
    from analytics.welfare.request import welfare_request
    from analytics.welfare.source import welfare_source

    _check_format(args.output_format)
    if args.line not in ("official", "extreme"):
        raise InputError(f"--line harus official atau extreme, bukan {args.line!r}")
    if args.level not in ("kota", "kecamatan", "kelurahan"):
        raise InputError(f"--level harus kota, kecamatan atau kelurahan, bukan {args.level!r}")
    year = parse_year(args.year)
    con = open_database(args.db)
    try:
        source = welfare_source(con, year)
        if not source.is_model:
            raise DataError(f"Tahun {year} tidak punya model SAE terbit (sumber kesejahteraan: {source.label}).")
        # The line's support is checked as for every other door (the same refusal sentence).
        line = welfare_request(con, year, args.line).line_kind
        frame = published.estimates(con, source.run_id, line, args.level)
    finally:
        con.close()
    sys.stdout.write(render(frame, args.output_format))
    return 0


def _check_format(value: str) -> None:
    if value not in ("csv", "json"):
        raise InputError(f"--format harus csv atau json, bukan {value!r}")
