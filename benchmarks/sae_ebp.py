"""Benchmark: census EBP (P0, P1, P2, Watts, mean; L = 100, B = 200) at city and province scale.

Synthetic data: households with a size (1-7 persons), four covariates (two continuous, two
binary) and lognormal welfare with an area effect; the survey is a simple random sample of
households within each area.

* ``--scale bontang`` (default): 55,000 households in 15 areas, survey of 570 households.
* ``--scale province``: 1,200,000 households in 1,000 areas (625 of them sampled, 16
  households each: a survey of 10,000, as Susenas has for Kalimantan Timur), to check time and
  bounded memory.

Reported, as ratios to baselines measured in the same run (the machine is shared and noisy):

* our full run (Box-Cox, L = 100, B = 200) against one plain NumPy pass over the population
  (draw one welfare vector, P0/P1/P2 per area by ``bincount``);
* our point estimate and our bootstrap replicate against the Python peer ``samplics``
  (``EbUnitModel``, log transform, same data, same L and B; ``--peer-B`` shortens both log
  runs, compared per replicate). samplics computes the head count only, we compute five
  indicators. samplics runs in its own interpreter
  (``--peer-python``, e.g. a separate venv with ``pip install samplics==0.6.1``); when it is
  not importable there, the peer is skipped with a note. samplics is not a project dependency.
  samplics 0.6.1 cannot predict an area without sample, so both side-by-side runs take the
  households of the sampled areas only (at Bontang scale: all of them).

Where the time goes: the full run is split into its phases (design and population, the fit, the
point estimate's Monte Carlo, and within the bootstrap the replicate populations, the refits
and the exact EB predictions), timed by wrapping those functions during the run.

Peak memory is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of this process.

Run: ``.venv/bin/python benchmarks/sae_ebp.py [--scale province] [--peer-python /tmp/benchvenv/bin/python]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.sae.ebp import ebp  # noqa: E402

SCALES = {
    "bontang": {"households": 55_000, "areas": 15, "sampled_areas": 15, "per_area": 38},
    "province": {"households": 1_200_000, "areas": 1_000, "sampled_areas": 625, "per_area": 16},
}
FORMULA = "welfare ~ x1 + x2 + x3 + x4"
LINE = 801_945.0  # Kota Bontang official line 2024, Rp per capita per month


def make_city(households: int, areas: int, sampled_areas: int, per_area: int, seed: int = 2024):
    """Population (covariates, no welfare), survey (with welfare) and the true welfare."""
    rng = np.random.default_rng(seed)
    area = np.sort(rng.integers(0, areas, households))
    x1, x2 = rng.normal(size=households), rng.normal(size=households)
    x3, x4 = rng.binomial(1, 0.3, households), rng.binomial(1, 0.6, households)
    u = rng.normal(0, 0.25, areas)
    welfare = np.exp(14.0 + 0.30 * x1 - 0.15 * x2 + 0.20 * x3 - 0.10 * x4 + u[area] + rng.normal(0, 0.5, households))
    population = pd.DataFrame(
        {"area": area, "size": rng.integers(1, 8, households), "x1": x1, "x2": x2, "x3": x3, "x4": x4}
    )
    chosen_areas = rng.choice(areas, sampled_areas, replace=False)
    rows = np.concatenate([rng.choice(np.flatnonzero(area == d), per_area, replace=False) for d in chosen_areas])
    survey = population.iloc[rows].assign(welfare=welfare[rows]).reset_index(drop=True)
    return population, survey


def numpy_pass(population: pd.DataFrame, seed: int = 1) -> float:
    """One plain pass: draw a welfare vector, P0/P1/P2 per area with bincount (the baseline)."""
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    codes = population["area"].to_numpy()
    size = population["size"].to_numpy(dtype=np.float64)
    y = np.exp(14.0 + 0.5 * rng.standard_normal(len(codes)))
    gap = np.clip(1.0 - y / LINE, 0.0, None)
    persons = np.bincount(codes, weights=size)
    for values in ((y < LINE).astype(float), gap, gap * gap):
        np.bincount(codes, weights=size * values) / persons
    return time.perf_counter() - start


PHASES = {  # module attribute -> phase name
    ("analytics.sae.ebp", "build_population"): "population frame",
    ("analytics.sae.ebp", "fit_unit_model"): "fit (lambda by REML)",
    ("analytics.sae.ebp", "monte_carlo_lines"): "point estimate (Monte Carlo, L draws)",
    ("analytics.sae.bootstrap", "simulate_lines"): "bootstrap: replicate populations",
    ("analytics.sae.bootstrap", "fit_unit_model"): "bootstrap: refits",
    ("analytics.sae.bootstrap", "grid_lines"): "bootstrap: exact EB predictions (on the grid)",
}


@contextlib.contextmanager
def phase_timer():
    """Seconds spent in each phase of :data:`PHASES` while the block runs."""
    spent = dict.fromkeys(PHASES.values(), 0.0)
    saved = []
    for (module_name, attribute), phase in PHASES.items():
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        saved.append((module, attribute, original))
        setattr(module, attribute, _timed_call(original, phase, spent))
    try:
        yield spent
    finally:
        for module, attribute, original in saved:
            setattr(module, attribute, original)


def _timed_call(fn, phase: str, spent: dict):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[phase] += time.perf_counter() - start

    return wrapper


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


PEER = textwrap.dedent(
    """
    import json, sys, time, warnings
    warnings.filterwarnings("ignore")
    import numpy as np
    import samplics.sae.eb_unit_model as ebm
    from samplics.sae import EbUnitModel
    from samplics.utils.types import FitMethod

    class Eblup(ebm.EblupUnitModel):  # samplics 0.6.x passes "REML" where its EblupUnitModel wants FitMethod
        def __init__(self, method="REML", **kw):
            super().__init__(method=FitMethod(method) if isinstance(method, str) else method, **kw)

    ebm.EblupUnitModel = Eblup
    data = np.load(sys.argv[1])
    L, B, line = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    def head_count(y, pov_line):
        return np.mean(y < pov_line, axis=-1)
    np.random.seed(1)
    start = time.perf_counter()
    model = EbUnitModel(method="REML", boxcox=0, constant=0)
    model.fit(data["ys"], data["Xs"], data["areas"], intercept=True)
    fitted = time.perf_counter()
    model.predict(data["Xr"], data["arear"], head_count, L, show_progress=False, pov_line=line)
    predicted = time.perf_counter()
    model.bootstrap_mse(data["Xr"], data["arear"], head_count, B, show_progress=False, pov_line=line)
    booted = time.perf_counter()
    print(json.dumps({"fit": fitted - start, "point": predicted - start, "bootstrap": booted - predicted, "B": B}))
    """
)


def run_peer(python: str, population: pd.DataFrame, survey: pd.DataFrame, L: int, B: int) -> dict | None:
    check = subprocess.run([python, "-c", "import samplics"], capture_output=True, text=True)
    if check.returncode != 0:
        print(f"note: samplics is not importable with {python}; the peer comparison is skipped.")
        return None
    columns = ["x1", "x2", "x3", "x4"]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.npz")
        np.savez(
            path,
            ys=survey["welfare"].to_numpy(),
            Xs=survey[columns].to_numpy(dtype=float),
            areas=survey["area"].to_numpy(),
            Xr=population[columns].to_numpy(dtype=float),
            arear=population["area"].to_numpy(),
        )
        proc = subprocess.run([python, "-c", PEER, path, str(L), str(B), str(LINE)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"note: the samplics run failed ({proc.stderr.strip().splitlines()[-1]}); peer skipped.")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _common(args) -> dict:
    return {"formula": FORMULA, "area": "area", "line": LINE, "size": "size", "L": args.L, "seed": 7}


def full_run(args, population: pd.DataFrame, survey: pd.DataFrame) -> None:
    """Our full run (Box-Cox, L, B) against one NumPy pass, with the time of each phase."""
    baseline = min(numpy_pass(population, seed) for seed in range(3))
    common = _common(args)
    with phase_timer() as spent:
        t_full, full = timed(lambda: ebp(survey, population, B=args.B, **common))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"numpy pass (baseline): {baseline:.3f} s")
    print(
        f"ours, Box-Cox, L={args.L}, B={args.B}: {t_full:.1f} s = {t_full / baseline:,.0f} x baseline; "
        f"lambda {full.transform.lam:.4f}; peak RSS {rss_mb:,.0f} MB "
        f"(population frame {population.memory_usage(deep=True).sum() / 2**20:,.0f} MB)"
    )
    for phase, seconds in spent.items():
        print(f"  {phase}: {seconds:.1f} s ({seconds / t_full:.0%})")
    print(f"  other: {t_full - sum(spent.values()):.1f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="bontang")
    parser.add_argument("--L", type=int, default=100)
    parser.add_argument("--B", type=int, default=200)
    parser.add_argument("--peer-python", default=sys.executable, help="interpreter that has samplics")
    parser.add_argument("--peer-B", type=int, help="bootstrap replicates of the log runs (default: --B)")
    parser.add_argument("--peer-only", action="store_true", help="skip the full Box-Cox run")
    args = parser.parse_args(argv)
    args.peer_B = args.peer_B or args.B
    population, survey = make_city(**SCALES[args.scale])
    print(
        f"scale {args.scale}: {len(population):,} households, {population['area'].nunique()} areas, "
        f"survey {len(survey):,} households"
    )
    if not args.peer_only:
        full_run(args, population, survey)
    common = _common(args)
    # samplics 0.6.1 cannot predict an area without sample (KeyError in _predict_indicator), so
    # the side-by-side runs, ours and the peer's, take the sampled areas' households only.
    population = population[population["area"].isin(survey["area"].unique())]
    print(f"side by side on the sampled areas: {len(population):,} households, {population['area'].nunique()} areas")
    t_point, _ = timed(lambda: ebp(survey, population, B=0, transform="log", **common))
    t_log, _ = timed(lambda: ebp(survey, population, B=args.peer_B, transform="log", **common))
    per_rep = (t_log - t_point) / args.peer_B
    print(
        f"ours, log, L={args.L}: B=0 {t_point:.2f} s; B={args.peer_B} {t_log:.2f} s "
        f"(bootstrap {per_rep * 1000:.1f} ms per replicate)"
    )
    peer = run_peer(args.peer_python, population, survey, args.L, args.peer_B)
    if peer:
        peer_rep = peer["bootstrap"] / peer["B"]
        total = peer["point"] + peer["bootstrap"]
        print(
            f"samplics EbUnitModel, log, L={args.L}, B={peer['B']}: {total:.1f} s (ratio samplics/ours "
            f"{total / t_log:.1f}); fit+predict {peer['point']:.2f} s (ratio {peer['point'] / t_point:.1f}); "
            f"bootstrap {peer_rep * 1000:.0f} ms per replicate (ratio {peer_rep / per_rep:.1f})"
        )
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
