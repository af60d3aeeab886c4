"""Benchmark: several poverty lines in one EBP run, and the stored model's transfer simulation.

Same synthetic Bontang-size data as ``benchmarks/sae_ebp.py`` (55,000 households in 15
areas, survey of 570 households, sizes 1-7 persons). Two lines: the official line (Rp
801,945) and an illustrative extreme-poverty line (Rp 440,000). Reported, as ratios of
times measured in the same run (the machine is shared and noisy; each figure is the best
of ``--repeat`` runs, one line and two lines alternating):

* ``ebp_lines`` with two lines against ``ebp`` with one, for Box-Cox (lambda by REML) and
  log, with the bootstrap (``B``) and without (``B = 0``, point estimate only);
* ``StoredModel.simulate_transfer`` (two lines, a transfer to 30 % of households,
  ``--transfer-L`` draws, over persons) against one full ``ebp`` run (Box-Cox, B) and one
  point-estimate run (B = 0); the stored model is read back from JSON first, as the
  dashboard would;
* ``StoredModel.expected_poor`` (closed form) for scale.

Run: ``.venv/bin/python benchmarks/sae_lines.py [--L 100] [--B 200] [--repeat 2] [--transfer-L 100]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sae_ebp import FORMULA, LINE, SCALES, make_city  # noqa: E402

from analytics.sae.ebp import ebp, ebp_lines  # noqa: E402
from analytics.sae.stored import StoredModel  # noqa: E402

EXTREME = 440_000.0  # illustrative extreme-poverty line, Rp per capita per month
LINES = {"bps": LINE, "ekstrem": EXTREME}


def best(fn, repeat: int) -> tuple[float, object]:
    """Fastest of ``repeat`` timed calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def one_vs_two(survey, population, common: dict, transform: str, B: int, repeat: int) -> tuple[float, float]:
    """Best-of times of one line (``ebp``) and two lines (``ebp_lines``), runs alternating."""
    one, two = [], []
    for _ in range(repeat):
        one.append(best(lambda: ebp(survey, population, line=LINE, B=B, transform=transform, **common), 1)[0])
        two.append(best(lambda: ebp_lines(survey, population, lines=LINES, B=B, transform=transform, **common), 1)[0])
    return min(one), min(two)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--L", type=int, default=100)
    parser.add_argument("--B", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--transfer-L", type=int, default=100)
    args = parser.parse_args(argv)
    population, survey = make_city(**SCALES["bontang"])
    print(f"{len(population):,} households, {population['area'].nunique()} areas, survey {len(survey):,}")
    common = {"formula": FORMULA, "area": "area", "size": "size", "L": args.L, "seed": 7}
    ebp(survey, population, line=LINE, B=2, **common)  # warm-up (imports, caches)
    full = {}
    for transform in ("boxcox", "log"):
        for B in (0, args.B):
            t1, t2 = one_vs_two(survey, population, common, transform, B, args.repeat)
            full[(transform, B)] = t1
            print(
                f"{transform:6s} L={args.L} B={B:3d}: one line {t1:6.2f} s, two lines {t2:6.2f} s, ratio {t2 / t1:.2f}"
            )
    runs = ebp_lines(survey, population, lines=LINES, B=0, **common)
    stored = StoredModel.from_json(runs["bps"].to_stored().to_json())
    reached = np.random.default_rng(1).random(len(population)) < 0.3
    extra = np.where(reached, 200_000.0, 0.0)
    t_transfer, result = best(
        lambda: stored.simulate_transfer(population, LINES, extra, L=args.transfer_L, size="size"), args.repeat
    )
    t_expected, _ = best(lambda: stored.expected_poor(population, LINE, size="size"), args.repeat)
    print(
        f"simulate_transfer, 2 lines, L={args.transfer_L}: {t_transfer:.2f} s = "
        f"{t_transfer / full[('boxcox', args.B)]:.3f} x one ebp run (Box-Cox, B={args.B}), "
        f"{t_transfer / full[('boxcox', 0)]:.2f} x one point-estimate run (B=0)"
    )
    print(f"expected_poor: {t_expected:.3f} s")
    print(result.table.round(4).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
