"""The cell key method (ABS TableBuilder; ONS Census 2021): the perturbation of a count.

Suppressing cell by cell was broken three times by subtracting one published table from
another. The cell key method publishes every count a pimpinan sees with a small, bounded
perturbation that is the same wherever the same records are counted:

- every family and every person carries a fixed random **record key** from 0 to
  :data:`KEY_RANGE` - 1: the first byte of an HMAC under the pseudonym key of its stable
  identity (the No KK pseudonym, a person's NIK pseudonym), so it never changes between pages,
  packs, years or lines, and no reader can compute it;
- a cell's **cell key** is the sum of its records' keys modulo :data:`KEY_RANGE`;
- the **perturbation** is read from :data:`PTABLE` by the cell's count (rows 1, 2, and
  :data:`PTABLE_CAP` and more) and its cell key: at most :data:`MAX_PERTURBATION` either way,
  0 on average, never below 0, and a count of 0 stays 0 (no records, nothing to perturb);
- a perturbed count of 1 to 9 is shown ``<10`` on top (:mod:`analytics.disclosure.cells`).

The same records always give the same published number, so asking again (another page,
another pack, the map) adds nothing; two tables that share a total publish the same total;
and a subtraction of published counts gives a difference that is off by up to four times
:data:`MAX_PERTURBATION`, never the hidden count. Rates and P0 come from perturbed counts
(:func:`perturbed_rate`).

This module is the method's core (keys, table, perturbation, utility bound). It is not yet
applied to the pimpinan's tables: see the README's privacy section for what is and is not.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import numpy as np
import pandas as pd

KEY_RANGE = 256
MAX_PERTURBATION = 2
PTABLE_CAP = 3
#: count row -> perturbation -> probability (each row sums to 1 and has mean 0).
PTABLE: dict[int, dict[int, float]] = {
    1: {-1: 0.25, 0: 0.5, 1: 0.25},
    2: {-2: 0.05, -1: 0.2, 0: 0.5, 1: 0.2, 2: 0.05},
    PTABLE_CAP: {-2: 0.05, -1: 0.2, 0: 0.5, 1: 0.2, 2: 0.05},
}


def record_keys(identities: Iterable[str], secret: bytes) -> np.ndarray:
    """The fixed record key (0 to 255) of each identity, from an HMAC under ``secret``.

    >>> keys = record_keys(["A", "B", "A"], b"k" * 32).tolist()
    >>> keys[0] == keys[2] == record_keys(["A"], b"k" * 32).tolist()[0]
    True
    """
    label = b"cellkey:"
    return np.array(
        [hmac.new(secret, label + str(i).encode("utf-8"), hashlib.sha256).digest()[0] for i in identities],
        dtype=np.int64,
    )


def cell_key(keys: Iterable[int]) -> int:
    """The cell key of the records counted in one cell: their keys' sum modulo 256."""
    return int(sum(int(k) for k in keys) % KEY_RANGE)


def _bounds(row: dict[int, float]) -> list[tuple[float, int]]:
    """Cumulative upper bounds of the row's perturbations, in order."""
    out, total = [], 0.0
    for change in sorted(row):
        total += row[change]
        out.append((total, change))
    return out


_CUMULATIVE = {n: _bounds(row) for n, row in PTABLE.items()}


def perturbation(count: int, key: int) -> int:
    """The change added to ``count`` whose cell key is ``key`` (0 for a count of 0).

    >>> perturbation(0, 17), all(abs(perturbation(n, k)) <= 2 for n in range(50) for k in range(256))
    (0, True)
    """
    if count <= 0:
        return 0
    position = (int(key) % KEY_RANGE + 0.5) / KEY_RANGE
    for upper, change in _CUMULATIVE[min(int(count), PTABLE_CAP)]:
        if position <= upper:
            return max(change, -int(count))
    return 0


def perturb(count: int, key: int) -> int:
    """The published count: ``count`` plus its perturbation, never below 0."""
    return int(count) + perturbation(count, key)


def perturb_cells(counts: pd.Series, keys: pd.Series) -> pd.Series:
    """:func:`perturb` of each cell (``keys`` are the cells' keys)."""
    return pd.Series([perturb(c, k) for c, k in zip(counts, keys, strict=True)], index=counts.index)


def perturbed_rate(part: int, part_key: int, whole: int, whole_key: int) -> float | None:
    """A rate (P0, a share) from the perturbed counts of its part and its whole."""
    whole_shown = perturb(whole, whole_key)
    return None if whole_shown <= 0 else perturb(part, part_key) / whole_shown


def rate_change_bound(whole: int) -> float:
    """The largest change of a published rate over ``whole`` records (|ΔP0| ≤ this).

    With parts and wholes each moved by at most 2: |p'/w' - p/w| ≤ 2 (1 + p/w) / (w - 2) ≤ 4 / (w - 2).

    >>> round(rate_change_bound(1000), 5)
    0.00401
    """
    return float("inf") if whole <= MAX_PERTURBATION else 2 * MAX_PERTURBATION / (whole - MAX_PERTURBATION)


def check_ptable() -> None:
    """Raise AssertionError unless every row sums to 1, has mean 0 and stays within the bound."""
    for count, row in PTABLE.items():
        assert abs(sum(row.values()) - 1) < 1e-12, count
        assert abs(sum(d * p for d, p in row.items())) < 1e-12, count
        assert all(abs(d) <= MAX_PERTURBATION and count + d >= 0 for d in row), count
