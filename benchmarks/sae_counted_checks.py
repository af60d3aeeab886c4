"""Where the demo EBP's remaining bias comes from once the extreme-poverty recap is counted.

Two measurements on the demo's 2024 frame with its true expenditure (as
``benchmarks/sae_demo_simulation.py``), the recap being the frame's families below the
extreme line (``extreme_list``), exact EB point estimates (no Monte Carlo, no bootstrap):

1. **census fit**: the model fitted to every frame family (no sampling error at all), then
   to simple random samples of 2.000 and 570: what the model itself gives for the city and
   for the poorest kelurahan;
2. **double counting**: the product blends the count with the model's value over *all* the
   kelurahan's frame families, the listed ones included (the recap names no family). Over
   ``--samples`` Susenas samples, that blend against the exact one (the model's value over the
   frame without the listed families, blended with their persons), which a family-level list
   linked by No KK would allow;
3. **design**: the same samples against simple random samples of the same size per kelurahan.

Run: ``KEMISKINAN_NIK_KEY=... .venv/bin/python benchmarks/sae_counted_checks.py --raw DIR --db FILE
[--samples 30]`` (about 3 minutes).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sae_demo_simulation import AREA, extreme_list, population  # noqa: E402

from analytics.generate import survey as susenas  # noqa: E402
from analytics.generate.welfare import targets  # noqa: E402
from analytics.model.covariates import DEFAULT_COVARIATES  # noqa: E402
from analytics.poverty.rule import is_poor  # noqa: E402
from analytics.sae.counted import counted_values  # noqa: E402
from analytics.sae.ebp import ebp_lines  # noqa: E402
from analytics.sae.simulation import true_values  # noqa: E402

YEAR = 2024
SHOWN = ("p0", "p1", "p2")
FORMULA = "expenditure_pc ~ " + " + ".join(DEFAULT_COVARIATES)


def fit(sample: pd.DataFrame, frame: pd.DataFrame, counted):
    return ebp_lines(
        sample,
        frame,
        formula=FORMULA,
        area=AREA,
        lines={"z": targets(YEAR)["z"]},
        size="size",
        L=1,
        B=0,
        counted=counted,
    )["z"]


def city_and_poorest(exact: pd.DataFrame, persons: pd.Series, poorest: str) -> dict:
    exact = exact.set_index("area")
    out = {f"city_{k}": float((exact[k] * persons).sum() / persons.sum()) for k in SHOWN}
    return out | {f"poorest_{k}": float(exact.loc[poorest, k]) for k in SHOWN}


def census_fits(frame, counted, persons, poorest) -> pd.DataFrame:
    rows = {}
    for name, sample in (
        ("census", frame),
        ("SRS 2.000", frame.sample(2000, random_state=1)),
        ("SRS 570", frame.sample(570, random_state=2)),
    ):
        result = fit(sample, frame, counted)
        rows[name] = city_and_poorest(result.exact(frame), persons, poorest) | {"lambda": result.transform.lam}
    return pd.DataFrame(rows).T


def double_counting(frame, counted, persons, poorest, samples: int) -> pd.DataFrame:
    listed = is_poor(frame["expenditure_pc"].to_numpy(), counted.below)
    rest = frame[~listed]
    rest_persons = rest.groupby(AREA)["size"].sum()
    counted_persons = frame[listed].groupby(AREA)["size"].sum().reindex(rest_persons.index, fill_value=0)
    values = counted_values(counted.below, [targets(YEAR)["z"]])[0]
    rows = []
    for r in range(samples):
        drawn, _ = susenas.draw_sample(frame, np.random.default_rng([1, YEAR, r]))
        sample = frame.set_index("family_id").loc[drawn["family_id"]].reset_index()
        result = fit(sample, frame, counted)
        blended = city_and_poorest(result.exact(frame), persons, poorest)
        model_only = replace(result, parameters={k: v for k, v in result.parameters.items() if k != "counted"})
        over_rest = model_only.exact(rest).set_index("area")
        exact = pd.DataFrame({"area": rest_persons.index})
        for k, name in enumerate(SHOWN):
            part = (counted_persons * values[k] + rest_persons * over_rest[name]) / (rest_persons + counted_persons)
            exact[name] = part.to_numpy()
        rows.append(
            {"product (all families)": blended, "exact (listed left out)": city_and_poorest(exact, persons, poorest)}
        )
    return pd.DataFrame({key: pd.DataFrame([r[key] for r in rows]).mean() for key in rows[0]})


def design_against_srs(frame, counted, persons, poorest, samples: int) -> pd.DataFrame:
    """The Susenas design's samples against simple random samples of the same size per kelurahan."""
    rows = []
    for r in range(samples):
        drawn, _ = susenas.draw_sample(frame, np.random.default_rng([1, YEAR, r]))
        blocks = frame.set_index("family_id").loc[drawn["family_id"]].reset_index()
        sizes = blocks[AREA].value_counts()
        srs = pd.concat([frame[frame[AREA] == area].sample(n, random_state=r) for area, n in sizes.items()])
        for name, sample in (("Susenas design", blocks), ("simple random", srs)):
            exact = fit(sample, frame, counted).exact(frame)
            rows.append({"design": name, **city_and_poorest(exact, persons, poorest)})
    return pd.DataFrame(rows).groupby("design").mean().T


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    frame = population(args.db, args.raw, YEAR)
    counted = extreme_list(frame, YEAR)
    truth = true_values(frame, area=AREA, welfare="expenditure_pc", line=targets(YEAR)["z"], size="size")
    poorest = truth.set_index("area")["p0"].idxmax()
    persons = frame.groupby(AREA)["size"].sum()
    city = true_values(frame.assign(c="c"), area="c", welfare="expenditure_pc", line=targets(YEAR)["z"], size="size")
    true = {f"city_{k}": float(city[k].iloc[0]) for k in SHOWN}
    true |= {f"poorest_{k}": float(truth.set_index("area").loc[poorest, k]) for k in SHOWN}
    print(f"truth (poorest kelurahan {poorest}):\n{pd.Series(true).mul(100).round(4).to_string()}\n")
    fits = census_fits(frame, counted, persons, poorest)
    shown = fits.drop(columns="lambda").mul(100).assign(**{"lambda": fits["lambda"]})
    print(f"census and simple random samples (x100; lambda as estimated):\n{shown.round(4).to_string()}\n")
    counts = double_counting(frame, counted, persons, poorest, args.samples)
    print(f"double counting, mean over {args.samples} Susenas samples (x100):\n{(counts * 100).round(4).to_string()}")
    designs = design_against_srs(frame, counted, persons, poorest, args.samples)
    print(f"\nsample design, mean over {args.samples} samples each (x100):\n{(designs * 100).round(4).to_string()}")


if __name__ == "__main__":
    main()
