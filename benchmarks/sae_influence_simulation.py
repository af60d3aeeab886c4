"""Where the city's bias comes from, and whether the influence check sees it.

The same demo, population and samples as ``sae_demo_simulation.py`` (its ``population`` and
the generator's Susenas design, replicate ``r`` drawing with ``default_rng([seed, year, r])``,
so replicate ``r`` is the same sample in both scripts). For each sample the default model is
fitted and :func:`analytics.sae.influence.influence` (the check every product run stores)
refits it without each candidate household. Recorded per sample: how many extremely poor
households it holds (true welfare under the year's extreme line, the generator's
``extreme_step``), lambda, the city's exact-EB P0, P1 and P2, whether a household was flagged,
and the same figures from :func:`analytics.sae.influence.set_aside` (the run option that leaves
out every household the rounds find), with how many it left out and how many of those were
extremely poor.

Printed: the city's mean estimates against the truth, for samples with and without an
extremely poor household, and the flag's rates in each group.

Run: ``KEMISKINAN_NIK_KEY=... .venv/bin/python benchmarks/sae_influence_simulation.py
--raw var/demo_raw --db var/demo.duckdb [--replicates 60] [--year 2024] [--processes 2]``
(the raw folder and database of the demo, generated with seed 1 and imported).
"""

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import sae_demo_simulation as demo  # noqa: E402

from analytics.generate import survey as susenas  # noqa: E402
from analytics.generate.welfare import targets  # noqa: E402
from analytics.poverty.rule import is_poor  # noqa: E402
from analytics.sae.ebp import ebp_lines  # noqa: E402
from analytics.sae.influence import influence, set_aside  # noqa: E402
from analytics.sae.simulation import true_values  # noqa: E402

SHOWN = ("p0", "p1", "p2")
_FRAME: dict = {}


def one_sample(year: int, r: int, seed: int) -> dict:
    frame, goal = _FRAME["frame"], targets(year)
    drawn, _ = susenas.draw_sample(frame, np.random.default_rng([seed, year, r]))
    sample = frame.set_index("family_id").loc[drawn["family_id"]].reset_index()
    sample["weight"] = drawn["fwt"].to_numpy()
    formula = "expenditure_pc ~ " + " + ".join(demo.independent_covariates(sample))
    lines = {"official": goal["z"]}
    options = {"formula": formula, "area": demo.AREA, "size": "size"}
    fit = ebp_lines(sample, frame, lines=lines, L=1, B=0, **options)["official"]
    checked = influence(fit, sample, frame, lines)
    aside = set_aside(sample, frame, lines, **options)
    record = {
        "replicate": r,
        "extreme": int(is_poor(sample["expenditure_pc"].to_numpy(), goal["z_ext"]).sum()),
        "flagged": int(checked["influential"].sum()),
        "set_aside": len(aside.rows),
        "set_aside_extreme": int(is_poor(sample["expenditure_pc"].to_numpy()[aside.rows], goal["z_ext"]).sum()),
        "lambda": checked["lambda_with"].iloc[0],
    }
    for name in SHOWN:
        record[name] = checked[f"official_{name}_with"].iloc[0]
        # the analyst's run with the option on: every household the rounds found left out
        record[f"{name}_set_aside"] = aside.checked[f"official_{name}_with"].iloc[0]
    return record


def _init(frame) -> None:
    _FRAME["frame"] = frame


def _chunk(year, replicates, seed) -> list[dict]:
    return [one_sample(year, r, seed) for r in replicates]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--replicates", type=int, default=60)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    frame = demo.population(args.db, args.raw, args.year)
    city = frame.assign(city="city")
    truth = true_values(city, area="city", welfare="expenditure_pc", line=targets(args.year)["z"], size="size")
    truth = {name: float(truth[name].iloc[0]) for name in SHOWN}
    parts = np.array_split(np.arange(args.replicates), args.processes)
    with ProcessPoolExecutor(args.processes, initializer=_init, initargs=(frame,)) as pool:
        jobs = [pool.submit(_chunk, args.year, [int(r) for r in part], args.seed) for part in parts if len(part)]
        records = pd.DataFrame([row for job in jobs for row in job.result()])
    print(report(records, truth))
    print(f"\n{args.replicates} samples in {time.perf_counter() - started:.0f} s")


def report(records: pd.DataFrame, truth: dict) -> str:
    """A markdown table: per group of samples, mean city estimates (x 100) against the truth."""
    groups = {
        "all samples": records,
        "with an extremely poor household": records[records["extreme"] > 0],
        "without one": records[records["extreme"] == 0],
    }
    lines = [
        "| samples | n | flagged | set aside (extreme) | λ | P0 | P1 | P2 | P0 set aside | P1 set aside "
        "| P2 set aside |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| truth | | | | | " + " | ".join(f"{truth[k] * 100:.3f}" for k in SHOWN) + " | | | |",
    ]
    for label, part in groups.items():
        values = [part[k].mean() * 100 for k in SHOWN] + [part[f"{k}_set_aside"].mean() * 100 for k in SHOWN]
        lines.append(
            f"| {label} | {len(part)} | {int((part['flagged'] > 0).sum())} | {int(part['set_aside'].sum())} "
            f"({int(part['set_aside_extreme'].sum())}) | {part['lambda'].mean():.3f} | "
            + " | ".join(f"{v:.3f}" for v in values)
            + " |"
        )
    city = records["p0"] - truth["p0"]
    aside = records["p0_set_aside"] - truth["p0"]
    se = city.std(ddof=1) / np.sqrt(len(city))
    lines.append(
        f"\nCity P0 bias (points): {city.mean() * 100:+.3f} ± {se * 100:.3f} (Monte Carlo error of the mean); "
        f"with the set-aside option {aside.mean() * 100:+.3f} ± {aside.std(ddof=1) / np.sqrt(len(aside)) * 100:.3f}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
