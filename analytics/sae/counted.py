"""Persons counted below a line instead of modelled: the extreme-poverty component of the EBP.

A city's verified list of extremely poor families (the Dinas Sosial's, after verval) names
a few dozen families far below everyone else. A sample of 570 households holds none of them
in most years, so a model fitted to it cannot put them where they are; when the sample does
hold one, that one household bends the Box-Cox lambda and the whole city's estimate with it
(``benchmarks/README_sae.md``, issue 22). The list itself is the better information: its
count per area is known, and each of its persons spends below the extreme line ``below``.

With :class:`CountedPoor` the EBP therefore

1. fits the model to the survey households at or above ``below`` (those below it belong to
   the counted component, not to the model);
2. gives each area the blend ``s_d * c + (1 - s_d) * P_d``, where ``s_d`` is the counted
   persons' share of the area's persons, ``P_d`` the model's value over the area's frame
   and ``c`` the counted persons' value *at* ``below``: P0 = 1, gap ``1 - below / z``, its
   square, Watts ``log(z / below)`` and mean ``below``. Each counted person spends less than
   ``below``, so ``c`` is a lower bound of their depth, severity and Watts (an upper bound of
   their mean); the area's figures are lower bounds in that part and say so;
3. takes the counted share as known: its error is nought in every bootstrap replicate, so an
   area's error is ``(1 - s_d)`` times the model's (the group MSE is built from those errors).

The model's value ``P_d`` is over all the area's frame families, the counted ones included
(the list's families are not linked to the frame). They are the area's poorest, so their
model values are above its average, and the blend counts them twice in part: on the demo
(``benchmarks/sae_counted_checks.py``) +0,5 points of P0 and +6 % of P1 and P2 at the poorest
kelurahan, +0,05 points of the city's P0. A list by No KK linked to the frame would remove it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from analytics.errors import DataError, InputError
from analytics.poverty.rule import is_poor, poor_gap
from analytics.sae.population import Population

__all__ = ["CountedPoor", "counted_values"]


@dataclass(frozen=True)
class CountedPoor:
    """``persons`` per area label known to spend below ``below`` (same units as welfare)."""

    persons: Mapping
    below: float

    def __post_init__(self):
        below = float(self.below)
        if not np.isfinite(below) or below <= 0:
            raise InputError(f"garis komponen terhitung harus angka positif, bukan {self.below!r}")
        for label, count in self.persons.items():
            if not (isinstance(count, int | np.integer) and count >= 0):
                raise InputError(f"jumlah jiwa terhitung {label}: harus bilangan bulat >= 0, bukan {count!r}")

    def shares(self, pop: Population) -> np.ndarray:
        """Each population area's counted share of its persons, shape ``(D,)``."""
        known = {str(label): i for i, label in enumerate(pop.labels)}
        counted = np.zeros(len(pop.labels))
        for label, count in self.persons.items():
            if count == 0:
                continue  # nobody listed: the area need not be in the frame
            if str(label) not in known:
                raise DataError(f"wilayah {label} pada daftar terhitung tidak ada di kerangka populasi")
            counted[known[str(label)]] = count
        over = counted > pop.persons
        if over.any():
            first = pop.labels[np.flatnonzero(over)[0]]
            raise DataError(f"jiwa terhitung di {first} melebihi jiwa kerangka populasinya")
        return counted / pop.persons

    def modelled(self, y: np.ndarray) -> np.ndarray:
        """Which survey units the model is fitted to: those at or above ``below``."""
        return np.asarray(y, dtype=float) >= float(self.below)

    def blend(self, values: np.ndarray, shares: np.ndarray, lines) -> np.ndarray:
        """Per line ``k``, ``shares * c_k + (1 - shares) * values[k]``: area values ``(K, 5, D)`` (exact
        EB) or draws ``(K, 5, L, D)`` (the counted values broadcast over the draws)."""
        counted = counted_values(float(self.below), lines)  # (K, 5)
        counted = counted.reshape(counted.shape + (1,) * (values.ndim - 2))
        return shares * counted + (1.0 - shares) * values

    @classmethod
    def of_run(cls, parameters: dict) -> CountedPoor | None:
        """The component a run recorded in its ``parameters`` (None when it had none)."""
        recorded = parameters.get("counted")
        return None if not recorded else cls(recorded["areas"], recorded["below"])

    def summary(self, n_survey: int) -> dict:
        """What a run records of the component (JSON-ready)."""
        return {
            "below": float(self.below),
            "persons": int(sum(self.persons.values())),
            "areas": {str(a): int(c) for a, c in self.persons.items() if c > 0},
            "survey_units_counted": int(n_survey),
            "method": "counted at the line: a lower bound of depth, severity and Watts",
        }


def counted_values(below: float, lines) -> np.ndarray:
    """The five indicators of a person counted at ``below``, for each line, shape ``(K, 5)``.

    >>> counted_values(50.0, [100.0]).round(4).tolist()
    [[1.0, 0.5, 0.25, 0.6931, 50.0]]
    """
    rows = []
    for z in lines:
        z = float(z)
        if z < below:
            # below a lower line the counted persons may or may not be poor: nothing is known
            raise InputError(f"garis {z:,.0f} di bawah garis komponen terhitung {below:,.0f}: tidak dapat dipakai")
        at_line = np.array([below])
        gap = float(poor_gap(at_line, z, is_poor(at_line, z))[0])  # the rule's own gap of a person at `below`
        rows.append([1.0, gap, gap * gap, np.log(z / below), below])
    return np.array(rows)
