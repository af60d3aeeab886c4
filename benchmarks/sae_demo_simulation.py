"""Design-based simulation of the product's default model on the demo city.

The demo is generated (``analytics.generate.build.generate(out, seed=1)``: Regsosek without
expenditure) and imported; for each year the population is the imported Regsosek frame with
the product's harmonised covariates (``frame_households``, a missing covariate filled with
the weighted mean of that year's imported survey), and each family's TRUE expenditure per
capita and census block from ``<raw>/truth/<year>/families.csv``. The population is fixed;
each replicate

1. draws a sample with the generator's own Susenas design (``analytics.generate.survey.
   draw_sample``): 57 census blocks by systematic PPS on the number of families down the
   list ordered by kecamatan and kelurahan, 10 families by SRS per block, about 2 % not
   interviewed, weight = inverse inclusion probability adjusted for nonresponse;
2. runs the default model as the product does (``ebp_lines``: formula ``expenditure_pc ~
   DEFAULT_COVARIATES`` less any covariate aliased in the sample, see
   :func:`independent_covariates`), area ``kode_kelurahan``, persons by ``size``, Box-Cox with lambda by
   REML, unweighted fit, the official line) with L = 50 and B = 50 (the product uses
   L = 100, B = 200; fewer here for speed), and the direct Hajek estimator (weights, blocks
   as clusters, t intervals; a kelurahan with one sampled block has no interval, one
   without a block no estimate);
3. records per kelurahan and indicator (P0, P1, P2) the estimate, the 90 % interval and the
   true value of the frame.

Reported per year, method and indicator: bias, RMSE, RMSE relative to the mean true value
over kelurahan, and the coverage of the 90 % intervals, over all kelurahan and replicates;
the city estimate (mean over replicates) against the true city value. True values come from
``analytics.sae.simulation.true_values``; the summary from the same module's helper.

``--generator-ref REF`` generates the demo with the generator of a git ref (``git archive``
of this repository, e.g. ``9753e79`` for the first Box-Cox truth, whose housing was drawn
from the welfare rank, or ``aba9542`` for the earlier rank-to-quantile truth) and imports
it with this checkout. Samples and model seeds depend on the replicate only, so the result does
not depend on ``--processes``.

Run: ``KEMISKINAN_NIK_KEY=... .venv/bin/python benchmarks/sae_demo_simulation.py
[--replicates 100] [--years 2024] [--processes 2] [--generator-ref REF] [--L 50] [--B 50] [--out records.csv]
[--covariates a,b,...] [--extreme-list RECALL]``. With ``--extreme-list 1`` the model counts the
frame's families below the extreme line per kelurahan, as the product does with the demo's Dinas
Sosial recap (``analytics.sae.counted``); a smaller RECALL gives a list that missed some. The last
table printed is the poorest kelurahan's relative bias and coverage
and the city's bias with its Monte Carlo error.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# One BLAS thread per process: two processes on two cores each wanting both threads run
# slower than one (18 s instead of 11 s for two replicates). Set before numpy loads.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics.generate import survey as susenas  # noqa: E402
from analytics.generate.welfare import targets  # noqa: E402
from analytics.model.covariates import (  # noqa: E402
    DEFAULT_COVARIATES,
    frame_households,
    survey_households,
    weighted_means,
)
from analytics.poverty.rule import is_poor  # noqa: E402
from analytics.sae.counted import CountedPoor  # noqa: E402
from analytics.sae.direct import direct  # noqa: E402
from analytics.sae.ebp import ebp_lines  # noqa: E402
from analytics.sae.simulation import _summarise, true_values  # noqa: E402

AREA = "kode_kelurahan"
INDICATORS = ("p0", "p1", "p2")
LEVEL = 0.90


def generate_demo(raw: Path, seed: int, ref: str | None) -> None:
    """The demo exports with this checkout's generator, or with that of git ``ref``."""
    if ref is None:
        from analytics.generate.build import generate

        generate(raw, seed=seed)
        return
    with tempfile.TemporaryDirectory() as src:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", src], input=archive, check=True)
        code = f"from analytics.generate.build import generate; generate({str(raw)!r}, seed={seed})"
        env = {**os.environ, "PYTHONPATH": src}
        subprocess.run([sys.executable, "-c", code], cwd=src, env=env, check=True)


def population(db: Path, raw: Path, year: int) -> pd.DataFrame:
    """The year's frame with the harmonised covariates, true expenditure and census block."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        fill = weighted_means(survey_households(con, year).data)
        frame = frame_households(con, year, fill).data
    finally:
        con.close()
    truth = pd.read_csv(raw / "truth" / str(year) / "families.csv", dtype={"family_id": str, "census_block": str})
    truth = truth.rename(columns={"family_id": "unit_id"})[["unit_id", "expenditure_pc", "census_block"]]
    frame = frame.drop(columns=["expenditure_pc"]).merge(truth, on="unit_id", how="inner", validate="1:1")
    # The generator's design wants family_id and census_block.
    return frame.assign(family_id=frame["unit_id"])


def one_replicate(
    frame: pd.DataFrame, year: int, r: int, seed: int, L: int, B: int, covariates=DEFAULT_COVARIATES, counted=0.0
) -> pd.DataFrame:
    """Estimates, intervals and errors of both methods for one sample; ``counted`` > 0 counts that
    share of the frame's extremely poor families as the recap would (:func:`extreme_list`)."""
    z = targets(year)["z"]
    drawn, _ = susenas.draw_sample(frame, np.random.default_rng([seed, year, r]))
    sample = frame.set_index("family_id").loc[drawn["family_id"]].reset_index()
    sample["weight"] = drawn["fwt"].to_numpy()
    sample["nks"] = drawn["nks"].to_numpy()
    kept = independent_covariates(sample, covariates)
    formula = "expenditure_pc ~ " + " + ".join(kept)
    model = ebp_lines(
        sample,
        frame,
        formula=formula,
        area=AREA,
        lines={"official": z},
        size="size",
        transform="boxcox",
        L=L,
        B=B,
        seed=seed * 100_003 + r,
        interval=LEVEL,
        counted=extreme_list(frame, year, counted) if counted else None,
    )["official"]
    plain = direct(
        sample, welfare="expenditure_pc", area=AREA, line=z, weight="weight", size="size", cluster="nks", interval=LEVEL
    ).table
    city = direct(
        sample.assign(city="city"), welfare="expenditure_pc", area="city", line=z, weight="weight", size="size"
    ).table
    rows = [_records(model.table, "ebp"), _records(plain, "direct")]
    for method, values in (("ebp", model.city), ("direct", city.iloc[0])):
        rows.append(
            pd.DataFrame(
                {"method": method, "area": "city", "indicator": INDICATORS, "estimate": [values[k] for k in INDICATORS]}
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "replicate", r)
    out.insert(0, "year", year)
    out["lambda"] = model.transform.lam
    out["dropped"] = ",".join(c for c in covariates if c not in kept)
    return out


def extreme_list(frame: pd.DataFrame, year: int, recall: float = 1.0) -> CountedPoor:
    """The verified extreme-poverty list as a Dinas Sosial would hold it, counted per kelurahan:
    the frame's families below the year's extreme line (the demo's recap), or with ``recall`` < 1
    a random share of them (a list that missed some; the same families in every replicate)."""
    below = targets(year)["z_ext"]
    poor = frame[is_poor(frame["expenditure_pc"].to_numpy(), below)]
    if recall < 1:
        poor = poor[np.random.default_rng([year, 99]).random(len(poor)) < recall]
    return CountedPoor({k: int(v) for k, v in poor.groupby(AREA)["size"].sum().items()}, below)


def independent_covariates(sample: pd.DataFrame, covariates=DEFAULT_COVARIATES) -> list[str]:
    """``covariates`` (the default model's unless given) in order, leaving out any that is a linear combination of the
    intercept and those before it in this sample. In the first Box-Cox truth (9753e79) the
    housing classes came from nested thresholds of one score, so in a few samples two
    indicators coincided (e.g. metered electricity and clean cooking fuel); the product then
    refuses the singular design and an analyst drops one. Here the later one is dropped and
    counted (the current truth gives each item its own noise: none so far)."""
    kept: list[str] = []
    columns = [np.ones(len(sample))]
    for name in covariates:
        trial = np.column_stack([*columns, sample[name].to_numpy(dtype=float)])
        if np.linalg.matrix_rank(trial) == trial.shape[1]:
            kept.append(name)
            columns.append(sample[name].to_numpy(dtype=float))
    return kept


def _records(table: pd.DataFrame, method: str) -> pd.DataFrame:
    parts = []
    for name in INDICATORS:
        parts.append(
            pd.DataFrame(
                {
                    "method": method,
                    "area": table["area"].to_numpy(),
                    "indicator": name,
                    "estimate": table[name].to_numpy(),
                    "lower": table[f"lower_{name}"].to_numpy(),
                    "upper": table[f"upper_{name}"].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


_FRAMES: dict = {}


def _init(frames: dict) -> None:
    _FRAMES.update(frames)


def _chunk(year: int, replicates: list[int], seed: int, L: int, B: int, covariates, counted) -> pd.DataFrame:
    frame = _FRAMES[year]
    parts = [one_replicate(frame, year, r, seed, L, B, covariates, counted) for r in replicates]
    return pd.concat(parts, ignore_index=True)


def run(
    frames: dict, replicates: int, seed: int, L: int, B: int, processes: int, covariates, counted=0.0
) -> pd.DataFrame:
    """All replicates of every year, split over ``processes`` worker processes."""
    jobs = [(year, list(part)) for year in frames for part in np.array_split(np.arange(replicates), processes)]
    with ProcessPoolExecutor(processes, initializer=_init, initargs=(frames,)) as pool:
        done = [
            pool.submit(_chunk, year, [int(r) for r in part], seed, L, B, covariates, counted)
            for year, part in jobs
            if len(part)
        ]
        return pd.concat([f.result() for f in done], ignore_index=True)


def with_truth(records: pd.DataFrame, frames: dict) -> pd.DataFrame:
    """Attach the true value, the error and whether the interval covers it."""
    truths = []
    for year, frame in frames.items():
        z = targets(year)["z"]
        table = true_values(frame, area=AREA, welfare="expenditure_pc", line=z, size="size")
        city = true_values(frame.assign(city="city"), area="city", welfare="expenditure_pc", line=z, size="size")
        long = pd.concat([table, city]).melt(
            id_vars="area", value_vars=list(INDICATORS), var_name="indicator", value_name="true"
        )
        truths.append(long.assign(year=year))
    out = records.merge(pd.concat(truths), on=["year", "area", "indicator"], how="left", validate="m:1")
    out["error"] = out["estimate"] - out["true"]
    finite = np.isfinite(out["lower"]) & np.isfinite(out["upper"])
    inside = (out["lower"] <= out["true"]) & (out["true"] <= out["upper"])
    out["covered"] = np.where(finite, inside.astype(float), np.nan)
    return out


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Per year, method and indicator over kelurahan x replicates; the city separately."""
    areas = results[results["area"] != "city"]
    table = _summarise(areas, ["year", "method", "indicator"])
    mean_true = areas.groupby(["year", "method", "indicator"])["true"].mean().to_numpy()
    table["relative_rmse"] = table["rmse"] / mean_true
    table["true_mean"] = mean_true
    table["with_interval"] = areas.groupby(["year", "method", "indicator"])["covered"].count().to_numpy()
    city = results[results["area"] == "city"].groupby(["year", "method", "indicator"])
    table["city_estimate"] = city["estimate"].mean().to_numpy()
    table["city_true"] = city["true"].first().to_numpy()
    return table


def edges(results: pd.DataFrame) -> pd.DataFrame:
    """The EBP where officials look first: per year and indicator, the poorest kelurahan (highest
    true P0) with its relative bias and coverage, and the city's bias with the Monte Carlo
    standard error of that mean over replicates (sd of the city errors / sqrt R)."""
    ebp_rows = results[results["method"] == "ebp"]
    rows = []
    for (year, indicator), part in ebp_rows.groupby(["year", "indicator"]):
        areas = part[part["area"] != "city"]
        p0 = ebp_rows[(ebp_rows["year"] == year) & (ebp_rows["indicator"] == "p0") & (ebp_rows["area"] != "city")]
        poorest = p0.groupby("area")["true"].first().idxmax()
        own = areas[areas["area"] == poorest]
        city = part[part["area"] == "city"]["error"]
        rows.append(
            {
                "year": year,
                "indicator": indicator,
                "poorest": poorest,
                "poorest_true": own["true"].iloc[0],
                "poorest_relative_bias": own["error"].mean() / own["true"].iloc[0],
                "poorest_coverage": own["covered"].mean(),
                "city_bias": city.mean(),
                "city_bias_mc_se": city.std(ddof=1) / np.sqrt(len(city)),
            }
        )
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    lines = [
        "| year | indicator | method | bias | RMSE | RMSE / mean true | 90 % coverage | area-replicates "
        "(with interval) | city estimate (mean) | city true |",
        "|" + "---|" * 10,
    ]
    for row in table.sort_values(["year", "indicator", "method"], ascending=[True, True, False]).itertuples():
        scale = 100  # P1, P2 x 100 as BPS publishes them; P0 in %
        lines.append(
            f"| {row.year} | {row.indicator.upper()} | {row.method} | {row.bias * scale:+.3f} | {row.rmse * scale:.3f}"
            f" | {row.relative_rmse:.2f} | {row.coverage:.3f} | {row.n} ({row.with_interval}) |"
            f" {row.city_estimate * scale:.3f} | {row.city_true * scale:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--years", type=int, nargs="+", default=[2024])
    parser.add_argument("--L", type=int, default=50)
    parser.add_argument("--B", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1, help="demo seed, and seed of samples and model draws")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--generator-ref", default=None, help="git ref whose generator makes the demo")
    parser.add_argument("--raw", type=Path, help="an already generated demo (skips generation and import)")
    parser.add_argument("--db", type=Path, help="its imported database (with --raw)")
    parser.add_argument("--out", type=Path, help="write every record (estimate, interval, truth) to this CSV")
    parser.add_argument(
        "--covariates", default=",".join(DEFAULT_COVARIATES), help="comma-separated model covariates (default model's)"
    )
    parser.add_argument(
        "--extreme-list",
        type=float,
        default=0.0,
        metavar="RECALL",
        help="count this share (1 = all) of the frame's families below the extreme line per kelurahan, as the "
        "Dinas Sosial recap does, instead of modelling them (the product's default with a recap)",
    )
    args = parser.parse_args()
    covariates = tuple(args.covariates.split(","))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        raw, db = args.raw, args.db
        if raw is None:
            from analytics.ingest import run_import

            raw, db = Path(tmp) / "raw", Path(tmp) / "demo.duckdb"
            generate_demo(raw, args.seed, args.generator_ref)
            run_import(raw, db)
        frames = {year: population(db, raw, year) for year in args.years}
        t1 = time.perf_counter()
        records = run(frames, args.replicates, args.seed, args.L, args.B, args.processes, covariates, args.extreme_list)
        t2 = time.perf_counter()
        results = with_truth(records, frames)
    if args.out:
        results.to_csv(args.out, index=False)
    print(markdown(summary(results)))
    print(f"\nthe poorest kelurahan and the city:\n{edges(results).round(4).to_string(index=False)}")
    lam = results.groupby("year")["lambda"].describe()[["mean", "min", "max"]]
    print(f"\nestimated Box-Cox lambda per year:\n{lam.round(3).to_string()}")
    dropped = (
        results.drop_duplicates(["year", "replicate"])
        .groupby("year")["dropped"]
        .apply(lambda d: d.fillna("").str.len().gt(0).sum())
    )
    print(f"\nreplicates with an aliased covariate dropped: {dropped.to_dict()}")
    print(f"\nfamilies in the frame: {', '.join(f'{y}: {len(f)}' for y, f in frames.items())}")
    print(
        f"generation and import {t1 - t0:.0f} s; {args.replicates} replicates x {len(args.years)} year(s) with "
        f"L = {args.L}, B = {args.B} on {args.processes} processes: {t2 - t1:.0f} s"
    )


if __name__ == "__main__":
    main()
