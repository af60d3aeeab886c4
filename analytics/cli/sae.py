"""``python -m analytics sae``: small-area estimates (Fay-Herriot, EBP) from files.

Stable interface (other tools read it)::

    python -m analytics sae fh --data FILE --area COL --formula "y ~ x1 + C(g)" --variance COL
        [--method reml|ml] [--format csv|json] [--model-out FILE.json]
    python -m analytics sae ebp --survey FILE --population FILE --area COL --formula "y ~ x1 + x2"
        --line AMOUNT [--weight COL] [--size COL] [--transform boxcox|log|log-shift|none]
        [--shift C] [--L N] [--B N] [--seed N] [--format csv|json] [--model-out FILE.json]

``fh`` writes one row per row (area) of ``--data``: ``area, direct, estimate, mse`` (direct
empty where the response is missing: synthetic estimate). Its model file holds
``sigma2_u``, ``beta`` (name -> value), ``loglik`` (and method, iterations, standard errors).

``ebp`` writes one row per area of the population file: ``area, n_sample, n_population, p0,
p1, p2, mean, mse_p0, mse_p1, mse_p2`` (fractions; MSE empty with ``--B 0``). ``--shift C``
with ``--transform log`` means log(y + C). Its model file holds ``transform, lambda, shift,
sigma2_u, sigma2_e, beta, icc, r2_marginal, r2_conditional`` and the run's parameters.

``run``, ``runs`` and ``estimates`` work on a year of the database
(:mod:`analytics.cli.sae_database`).

Files: csv (optionally .gz), xlsx, parquet. Formulas in Wilkinson notation (formulaic).
Every user mistake ends with one Indonesian line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import math
import sys

from analytics.cli import one_line_errors, sae_database, sae_recap
from analytics.cli.common import render
from analytics.errors import InputError

FORMAT_CHOICES = ("csv", "json")
FH_COLUMNS = ["area", "direct", "estimate", "mse"]
EBP_COLUMNS = ["area", "n_sample", "n_population", "p0", "p1", "p2", "mean", "mse_p0", "mse_p1", "mse_p2"]


def register(subparsers) -> None:
    """Add the ``sae`` subcommand with its ``fh`` and ``ebp`` commands."""
    parser = subparsers.add_parser(
        "sae",
        help="estimasi area kecil (Fay-Herriot, EBP)",
        description="Estimasi area kecil: model tingkat area Fay-Herriot (fh) dan EBP tingkat unit (ebp).",
    )
    commands = parser.add_subparsers(dest="sae_command", required=True, metavar="fh|ebp|run|runs|estimates")
    _register_fh(commands)
    _register_ebp(commands)
    sae_database.register(commands)
    sae_recap.register(commands)
    for name, sub in commands.choices.items():
        one_line_errors(sub, f"sae {name}")


def _register_fh(commands) -> None:
    fh = commands.add_parser(
        "fh",
        help="model Fay-Herriot (EBLUP dan MSE)",
        description="Model Fay-Herriot: EBLUP per area dari estimasi langsung dan varians samplingnya.",
    )
    fh.add_argument("--data", metavar="FILE", required=True, help="berkas satu baris per area (csv, xlsx, parquet)")
    fh.add_argument("--area", metavar="KOLOM", required=True, help="kolom kode area")
    fh.add_argument("--formula", metavar="RUMUS", required=True, help='rumus, misalnya "y ~ x1 + C(g)"')
    fh.add_argument("--variance", metavar="KOLOM", required=True, help="kolom varians sampling estimasi langsung")
    fh.add_argument("--method", metavar="reml|ml", default="reml", help="metode estimasi (bawaan reml)")
    _common_output(fh)
    fh.set_defaults(func=run_fh)


def _register_ebp(commands) -> None:
    ebp = commands.add_parser(
        "ebp",
        help="EBP/census EB: P0, P1, P2 per area dengan MSE bootstrap",
        description="Empirical Best Prediction (census EB) P0, P1, P2 dan rata-rata kesejahteraan per area.",
    )
    ebp.add_argument("--survey", metavar="FILE", required=True, help="berkas survei (unit dengan kesejahteraan)")
    ebp.add_argument("--population", metavar="FILE", required=True, help="berkas populasi/sensus (semua unit)")
    ebp.add_argument("--area", metavar="KOLOM", required=True, help="kolom kode area (sama di kedua berkas)")
    ebp.add_argument("--formula", metavar="RUMUS", required=True, help='rumus, misalnya "y ~ x1 + x2"')
    ebp.add_argument("--line", metavar="JUMLAH", required=True, help="garis kemiskinan (Rp/kapita/bulan)")
    ebp.add_argument("--weight", metavar="KOLOM", help="kolom bobot survei (EBP Guadarrama; boxcox, log atau none)")
    ebp.add_argument("--size", metavar="KOLOM", help="kolom jumlah anggota pada populasi (indikator per orang)")
    ebp.add_argument("--transform", metavar="JENIS", default="boxcox", help="boxcox (bawaan), log, log-shift, none")
    ebp.add_argument("--shift", metavar="C", help="dengan --transform log: log(y + C)")
    ebp.add_argument("--L", metavar="N", default="100", help="jumlah populasi Monte Carlo (bawaan 100)")
    ebp.add_argument("--B", metavar="N", default="200", help="jumlah replikasi bootstrap MSE (bawaan 200; 0 = tanpa)")
    ebp.add_argument("--seed", metavar="N", default="20240601", help="benih bilangan acak")
    _common_output(ebp)
    ebp.set_defaults(func=run_ebp)


def _common_output(parser) -> None:
    parser.add_argument("--format", dest="output_format", metavar="csv|json", default="csv", help="format keluaran")
    parser.add_argument("--model-out", dest="model_out", metavar="FILE.json", help="tulis parameter model ke berkas")


def run_fh(args) -> int:
    """``sae fh``: user mistakes raise :class:`analytics.errors.UserError`."""
    from analytics.sae.fay_herriot import fay_herriot
    from analytics.sae.io import read_table

    _check_format(args.output_format)
    if args.method not in ("reml", "ml"):
        raise InputError(f"--method harus reml atau ml, bukan {args.method!r}")
    data = read_table(args.data)
    result = fay_herriot(data, formula=args.formula, area=args.area, variance=args.variance, method=args.method)
    model = {
        "method": result.method,
        "sigma2_u": result.sigma2_u,
        "beta": result.beta,
        "std_error": dict(zip(result.coefficients["term"], result.coefficients["std_error"].astype(float))),
        "loglik": result.loglik,
        "iterations": result.iterations,
        "converged": result.converged,
        "formula": result.formula,
    }
    _write_model(args.model_out, model)
    sys.stdout.write(render(result.table[FH_COLUMNS], args.output_format))
    return 0


def run_ebp(args) -> int:
    """``sae ebp``: user mistakes raise :class:`analytics.errors.UserError`."""
    from analytics.sae.ebp import ebp
    from analytics.sae.io import read_table

    _check_format(args.output_format)
    line = _number(args.line, "--line", positive=True)
    shift = None if args.shift is None else _number(args.shift, "--shift", positive=False)
    L, B, seed = _integer(args.L, "--L", 1), _integer(args.B, "--B", 0), _integer(args.seed, "--seed", 0)
    survey, population = read_table(args.survey), read_table(args.population)
    result = ebp(
        survey,
        population,
        formula=args.formula,
        area=args.area,
        line=line,
        weight=args.weight,
        size=args.size,
        transform=args.transform,
        shift=shift,
        L=L,
        B=B,
        seed=seed,
    )
    model = result.model
    _write_model(
        args.model_out,
        {
            "transform": result.transform.kind,
            "lambda": result.transform.lam,
            "shift": result.transform.shift,
            "sigma2_u": model.sigma2_u,
            "sigma2_e": model.sigma2_e,
            "beta": dict(zip(model.columns, map(float, model.beta))),
            "icc": model.icc,
            "r2_marginal": model.r2_marginal,
            "r2_conditional": model.r2_conditional,
            "parameters": result.parameters,
        },
    )
    sys.stdout.write(render(result.table[EBP_COLUMNS], args.output_format))
    return 0


def _check_format(value: str) -> None:
    if value not in FORMAT_CHOICES:
        raise InputError(f"--format harus csv atau json, bukan {value!r}")


def _number(text: str, option: str, *, positive: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{option} harus berupa angka, bukan {text!r}") from None
    if not math.isfinite(value) or (positive and value <= 0):
        raise InputError(f"{option} harus berupa angka {'positif' if positive else 'terhingga'}, bukan {text!r}")
    return value


def _integer(text: str, option: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InputError(f"{option} harus bilangan bulat, bukan {text!r}") from None
    if value < minimum:
        raise InputError(f"{option} harus bilangan bulat >= {minimum}, bukan {text!r}")
    return value


def _write_model(path: str | None, model: dict) -> None:
    if path is None:
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(model, handle, ensure_ascii=False, indent=2, default=_plain)
            handle.write("\n")
    except OSError as exc:
        raise InputError(f"--model-out tidak dapat ditulis: {path} ({exc.strerror})") from None


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
