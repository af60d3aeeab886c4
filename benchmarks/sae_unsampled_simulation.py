"""Design-based simulation with unsampled areas, as in a kabupaten: does the bootstrap MSE of an
area without a surveyed household match its empirical MSE?

A synthetic kabupaten is generated once and held fixed (the truth): ``--areas`` desa (150 by
default) of 200-1.400 households each (about 120.000 families, the size issue 24 names), each
household with its size, two unit covariates (``x1`` continuous with a desa-level mean,
``x2`` binary with a desa-level share) and a welfare drawn from a nested-error model on the
log scale with a fixed desa effect ``u_d ~ N(0, 0.2^2)``. The line is the population's 20th
percentile of welfare. Each replicate

1. draws the survey as Susenas reaches a kabupaten: ``--sampled`` desa (60) by simple random
   sampling, then ``--per-area`` households (10) in each by simple random sampling, so a
   desa is sampled in some replicates and unsampled in the others;
2. runs the product's EBP (:func:`analytics.sae.ebp.ebp`: Box-Cox with lambda by REML,
   persons by ``size``, formula ``welfare ~ x1 + x2``, L and B as given);
3. records every desa's estimate, bootstrap MSE, 90 % interval and Monte Carlo errors,
   whether it was sampled, and its true value.

Reported for P0, P1 and P2, separately for a desa when sampled and when unsampled: the
empirical MSE (mean over replicates of the squared error, averaged over desa), the mean
bootstrap MSE, their ratio, the bias relative to the mean true value, and the coverage of
the 90 % intervals. For an unsampled desa the EB is synthetic and its error is mostly its
own fixed effect ``u_d``, so only the average over desa is a fair target for a model MSE
(which averages over ``u_d``); per-desa ratios are printed as a spread, not as a test.

Run: ``.venv/bin/python benchmarks/sae_unsampled_simulation.py [--replicates 100]
[--processes 2] [--L 50] [--B 50] [--out records.csv]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one BLAS thread per process (two processes, two cores)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.sae.ebp import ebp  # noqa: E402
from analytics.sae.simulation import true_values  # noqa: E402

INDICATORS = ("p0", "p1", "p2")
FORMULA = "welfare ~ x1 + x2"
SIGMA_U, SIGMA_E = 0.20, 0.45


def kabupaten(areas: int, seed: int) -> pd.DataFrame:
    """The fixed synthetic population: area, size, x1, x2, welfare."""
    rng = np.random.default_rng(seed)
    households = rng.integers(200, 1_401, areas)
    area = np.repeat(np.arange(areas), households)
    n = len(area)
    x1_mean, x2_share = rng.normal(0, 0.5, areas), rng.uniform(0.15, 0.65, areas)
    x1 = x1_mean[area] + rng.normal(size=n)
    x2 = (rng.uniform(size=n) < x2_share[area]).astype(float)
    u = rng.normal(0, SIGMA_U, areas)
    welfare = np.exp(13.4 + 0.25 * x1 - 0.30 * x2 + u[area] + rng.normal(0, SIGMA_E, n))
    return pd.DataFrame({"area": area, "size": rng.integers(1, 8, n), "x1": x1, "x2": x2, "welfare": welfare})


def draw_survey(population: pd.DataFrame, sampled: int, per_area: int, rng) -> pd.DataFrame:
    areas = np.sort(rng.choice(population["area"].unique(), sampled, replace=False))
    rows = population.index[population["area"].isin(areas)]
    by_area = population.loc[rows].groupby("area").groups
    picks = [rng.choice(np.asarray(by_area[a]), per_area, replace=False) for a in areas]
    return population.loc[np.concatenate(picks)].reset_index(drop=True)


def replicate(job: tuple) -> pd.DataFrame:
    population, truth, line, r, options = job
    rng = np.random.default_rng([options["seed"], r])
    survey = draw_survey(population, options["sampled"], options["per_area"], rng)
    table = ebp(
        survey,
        population.drop(columns="welfare"),
        formula=FORMULA,
        area="area",
        line=line,
        size="size",
        L=options["L"],
        B=options["B"],
        seed=1_000 + r,
    ).table
    joined = truth.merge(table, on="area", suffixes=("_true", ""))
    rows = []
    for name in INDICATORS:
        part = pd.DataFrame(
            {
                "replicate": r,
                "area": joined["area"],
                "sampled": joined["n_sample"] > 0,
                "indicator": name,
                "estimate": joined[name],
                "truth": joined[f"{name}_true"],
                "mse": joined[f"mse_{name}"],
                "lower": joined[f"lower_{name}"],
                "upper": joined[f"upper_{name}"],
                "mc_se": joined[f"mc_se_{name}"],
                "mse_mc_se": joined[f"mse_mc_se_{name}"],
            }
        )
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def summarise(records: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and sampled/unsampled: empirical against estimated MSE, averaged over desa."""
    records = records.assign(
        squared=(records["estimate"] - records["truth"]) ** 2,
        error=records["estimate"] - records["truth"],
        covered=(records["lower"] <= records["truth"]) & (records["truth"] <= records["upper"]),
    )
    per_area = records.groupby(["indicator", "sampled", "area"]).agg(
        empirical=("squared", "mean"),
        estimated=("mse", "mean"),
        bias=("error", "mean"),
        truth=("truth", "mean"),
        covered=("covered", "mean"),
        mse_mc_se=("mse_mc_se", "mean"),
        replicates=("squared", "size"),
    )
    per_area = per_area[per_area["replicates"] >= 5].reset_index()  # a desa's MSE from few replicates is noise
    ratio = per_area["estimated"] / per_area["empirical"]
    per_area = per_area.assign(ratio=ratio)
    grouped = per_area.groupby(["indicator", "sampled"])
    return pd.DataFrame(
        {
            "desa": grouped.size(),
            "empirical_mse": grouped["empirical"].mean(),
            "estimated_mse": grouped["estimated"].mean(),
            "ratio": grouped["estimated"].mean() / grouped["empirical"].mean(),
            "ratio_median_per_desa": grouped["ratio"].median(),
            "relative_bias": grouped["bias"].mean() / grouped["truth"].mean(),
            "coverage_90": grouped["covered"].mean(),
            "mse_mc_se_share": grouped["mse_mc_se"].mean() / grouped["estimated"].mean(),
        }
    ).reset_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--areas", type=int, default=150)
    parser.add_argument("--sampled", type=int, default=60)
    parser.add_argument("--per-area", type=int, default=10)
    parser.add_argument("--L", type=int, default=50)
    parser.add_argument("--B", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    population = kabupaten(args.areas, args.seed)
    line = float(np.quantile(population["welfare"], 0.20))
    truth = true_values(population, area="area", welfare="welfare", line=line, size="size")
    options = {"seed": args.seed, "sampled": args.sampled, "per_area": args.per_area, "L": args.L, "B": args.B}
    print(
        f"{len(population):,} households in {args.areas} desa; survey {args.sampled} desa x {args.per_area}; "
        f"L = {args.L}, B = {args.B}; {args.replicates} replicates; line {line:,.0f}"
    )
    started = time.perf_counter()
    jobs = [(population, truth, line, r, options) for r in range(args.replicates)]
    with ProcessPoolExecutor(args.processes) as pool:
        records = pd.concat(pool.map(replicate, jobs), ignore_index=True)
    print(f"{time.perf_counter() - started:.0f} s")
    if args.out:
        records.to_csv(args.out, index=False)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(summarise(records).round(4).to_string(index=False))


if __name__ == "__main__":
    main()
