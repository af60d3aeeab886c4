"""A fitted census-EB model that is published once and reused later without the survey.

:class:`StoredModel` holds what prediction needs and nothing of the survey's units: the
formula and its encoding (categorical levels, stateful transforms; see :mod:`.encoding`),
``beta`` by name, ``sigma2_u``, ``sigma2_e``, the welfare transformation, and per sampled
area its label, sample size ``n``, shrinkage ``gamma`` and predicted area effect ``u``
(pseudo-EB ones under survey weights), plus the run's seed. :meth:`StoredModel.to_json`
and :meth:`StoredModel.from_json` round-trip it exactly (floats are written with
``repr``).

A population given to its methods is a DataFrame with the formula's covariates and the
area column (and optionally a persons column). Its areas need not be those of the run:
an area the model has no sample for is predicted as an unsampled area (``u = 0``,
variance ``sigma2_u``), and a subset of the population (one kelurahan) is fine. The area
codes must have the type they had in the survey (an integer code never matches a text
code), which is checked.
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.errors import DataError, InputError
from analytics.sae.design import Design
from analytics.sae.encoding import check_columns, design_from_plain, design_to_plain, plain, restore
from analytics.sae.indicators import INDICATORS, check_line, check_lines, expected_unit
from analytics.sae.population import Population, build_population
from analytics.sae.prediction import AreaEffects, unit_probability, welfare_blocks
from analytics.sae.transfer import TransferSimulation, check_extra, transfer_from_draws
from analytics.sae.transforms import KINDS, Transform

__all__ = ["FORMAT", "StoredModel"]

FORMAT = "analytics.sae.StoredModel/1"


@dataclass(frozen=True, eq=False)
class StoredModel:
    """A fitted nested-error model with its transformation and encoding (see the module docstring).

    ``areas`` has one row per sampled area: ``area, n, gamma, u``. ``metadata`` is free
    JSON-ready information about the run (lines, size column, L, B, versions).
    """

    design: Design = field(repr=False)
    area: str
    beta: dict[str, float]
    sigma2_u: float
    sigma2_e: float
    transform: Transform
    areas: pd.DataFrame = field(repr=False)
    seed: int
    metadata: dict = field(default_factory=dict)

    @property
    def formula(self) -> str:
        """``"welfare ~ x1 + C(g)"``."""
        return self.design.formula

    @classmethod
    def from_fit(cls, design, fit, transform, area: str, seed: int, metadata: dict | None = None) -> StoredModel:
        """From a run's design, :class:`~analytics.sae.nested_error.NestedErrorFit` and transformation."""
        areas = fit.areas[["area", "n", "gamma", "u"]].reset_index(drop=True).copy()
        beta = {name: float(value) for name, value in zip(design.columns, fit.beta)}
        return cls(
            design,
            area,
            beta,
            float(fit.sigma2_u),
            float(fit.sigma2_e),
            transform,
            areas,
            int(seed),
            dict(metadata or {}),
        )

    def to_json(self) -> str:
        """The model as JSON text (``from_json(to_json())`` gives the same model, bit for bit)."""
        data = {
            "format": FORMAT,
            "design": design_to_plain(self.design),
            "area": self.area,
            "beta": self.beta,
            "sigma2_u": self.sigma2_u,
            "sigma2_e": self.sigma2_e,
            "transform": {"kind": self.transform.kind, "lambda": self.transform.lam, "shift": self.transform.shift},
            "areas": [
                {"area": plain(row.area), "n": int(row.n), "gamma": float(row.gamma), "u": float(row.u)}
                for row in self.areas.itertuples(index=False)
            ],
            "seed": self.seed,
            "metadata": plain(self.metadata),
        }
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StoredModel:
        """Read :meth:`to_json`'s text; a damaged or foreign text is a DataError."""
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError):
            raise DataError("model tersimpan bukan teks JSON yang sah") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DataError(f"teks ini bukan model EBP tersimpan (format {FORMAT!r} diharapkan)")
        try:
            t = data["transform"]
            if t["kind"] not in KINDS:
                raise DataError(f"transformasi model tersimpan tidak dikenal: {t['kind']!r}")
            return cls(
                design=design_from_plain(data["design"]),
                area=data["area"],
                beta={str(k): float(v) for k, v in data["beta"].items()},
                sigma2_u=float(data["sigma2_u"]),
                sigma2_e=float(data["sigma2_e"]),
                transform=Transform(t["kind"], lam=t["lambda"], shift=float(t["shift"])),
                areas=pd.DataFrame(data["areas"], columns=["area", "n", "gamma", "u"]),
                seed=int(data["seed"]),
                metadata=restore(data.get("metadata", {})),
            )
        except KeyError as exc:
            raise DataError(f"model tersimpan tidak lengkap: kunci {exc.args[0]!r} tidak ada") from None
        except (AttributeError, TypeError, ValueError) as exc:
            raise DataError(f"model tersimpan rusak ({exc})") from None

    def probability(self, population: pd.DataFrame, line: float) -> pd.DataFrame:
        """Each unit's probability of welfare below ``line``, in closed form.

        The same value as :func:`~analytics.sae.ebp.poverty_probability` gives. Returns
        ``area`` and ``probability`` with the population's index, in its row order.
        """
        line = check_line(line)
        pop, effects = self._prepare(population)
        probability = unit_probability(pop, self._beta(), effects, self.sigma2_e, self.transform, line)
        return pd.DataFrame(
            {"area": population[self.area].to_numpy(), "probability": probability}, index=population.index
        )

    def expected_poor(self, population: pd.DataFrame, line: float, size: str | None = None) -> pd.DataFrame:
        """Expected number of poor units and persons per area: sums of the unit probabilities.

        Columns ``area, units, persons, poor_units, poor_persons`` (``persons`` = units and
        ``poor_persons`` = ``poor_units`` without ``size``). ``poor_units / units`` is the
        exact EB head count over units of the area, ``poor_persons / persons`` the one over
        persons.
        """
        line = check_line(line)
        pop, effects = self._prepare(population, size)
        probability = unit_probability(pop, self._beta(), effects, self.sigma2_e, self.transform, line)
        D = len(pop.labels)
        return pd.DataFrame(
            {
                "area": pop.labels,
                "units": pop.units,
                "persons": pop.persons,
                "poor_units": np.bincount(pop.codes, weights=probability, minlength=D),
                "poor_persons": np.bincount(pop.codes, weights=probability * pop.size, minlength=D),
            }
        )

    def unit_expectations(self, population: pd.DataFrame, line: float) -> pd.DataFrame:
        """Each unit's expected indicator values, in closed form: ``p0`` (its probability of
        being poor), ``p1`` (expected gap), ``p2`` (expected squared gap), ``watts`` and ``mean``.

        The exact EB of an area over persons is the persons-weighted mean of these over its
        units (the L -> infinity limit of the Monte Carlo), so sums over any set of units
        (a segment, the families without a program) are expected values of that set.
        Returns the population's index, in its row order.
        """
        line = check_line(line)
        pop, effects = self._prepare(population)
        m = pop.X @ self._beta() + effects.mean[pop.codes]
        s = np.sqrt(effects.var[pop.codes] + self.sigma2_e)
        values = expected_unit(m, s, self.transform, line)
        return pd.DataFrame(dict(zip(INDICATORS, values, strict=True)), index=population.index)

    def welfare_draws(self, population: pd.DataFrame, L: int, seed: int | None = None) -> Iterator[np.ndarray]:
        """``L`` welfare vectors (rupiah, back-transformed) drawn from the EB conditional distribution.

        Each item is one population's welfare, one value per population row in row order
        (shape ``(N,)``); they are generated in blocks of about two million values, so memory
        stays bounded whatever ``L``. The distribution is that of the point estimate's Monte
        Carlo (:func:`~analytics.sae.prediction.monte_carlo`), but not the same random
        numbers (that one draws area by area in row chunks). ``seed`` defaults to the stored
        run's seed; the first ``L'`` draws do not depend on ``L``.
        """
        _check_count(L)
        pop, effects = self._prepare(population)
        rng = np.random.default_rng(self._seed(seed))
        return _rows(welfare_blocks(pop, self._beta(), effects, self.sigma2_e, self.transform, L, rng))

    def simulate_transfer(
        self,
        population: pd.DataFrame,
        lines,
        extra,
        L: int = 100,
        seed: int | None = None,
        size: str | None = None,
        interval: float = 0.90,
    ) -> TransferSimulation:
        """City P0, P1, P2 before and after adding ``extra`` rupiah per capita to each unit's welfare.

        ``lines`` is ``{name: line}``; ``extra`` one number per population row (0 where the
        transfer does not reach; a single number applies to every unit). Uses the draws of
        :meth:`welfare_draws` with the same ``seed`` (default: the stored seed), before and
        after on the same draw; with ``size`` the indicators are over persons.

        The intervals are the EB predictive distribution given the fitted parameters
        (``beta``, variances, transformation): they include the uncertainty of the units'
        welfare and area effects, not the parameters' estimation error, which would need
        the survey to bootstrap. See :class:`~analytics.sae.transfer.TransferSimulation`.
        """
        checked = check_lines(lines)
        _check_count(L)
        if isinstance(interval, bool) or not isinstance(interval, float | int) or not 0 < interval < 1:
            raise InputError(f"tingkat interval harus di antara 0 dan 1 (misalnya 0.90), bukan {interval!r}")
        pop, effects = self._prepare(population, size)
        extra = check_extra(extra, pop.n_units)
        seed = self._seed(seed)
        rng = np.random.default_rng(seed)
        blocks = welfare_blocks(pop, self._beta(), effects, self.sigma2_e, self.transform, L, rng)
        return transfer_from_draws(blocks, pop.size, extra, checked, L=L, seed=seed, interval=float(interval))

    def _beta(self) -> np.ndarray:
        return np.array([self.beta[name] for name in self.design.columns], dtype=np.float64)

    def _seed(self, seed) -> int:
        seed = self.seed if seed is None else seed
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise InputError(f"seed harus bilangan bulat >= 0, bukan {seed!r}")
        return int(seed)

    def _prepare(self, population: pd.DataFrame, size: str | None = None) -> tuple[Population, AreaEffects]:
        """Encode the population with the stored encoding and map the stored area effects onto it."""
        if not isinstance(population, pd.DataFrame):
            raise InputError("populasi harus berupa tabel (DataFrame)")
        if len(population) and all(name in population.columns for name in self.design.variables):
            check_columns(self.design, population)  # before encoding: a mismatch would break it obscurely
        pop = build_population(population, self.design, self.area, size=size)
        stored, given = _label_kind(self.areas["area"].to_numpy()), _label_kind(pop.labels)
        if stored != given:
            raise DataError(
                f"kode wilayah {self.area!r} pada data populasi bertipe {given}, sedangkan model disimpan "
                f"dengan kode bertipe {stored}; samakan jenis datanya (misalnya baca kode sebagai teks)"
            )
        D = len(pop.labels)
        mean, var, n_sample = np.zeros(D), np.full(D, self.sigma2_u), np.zeros(D, dtype=np.int64)
        position = pd.Index(pop.labels).get_indexer(pd.Index(self.areas["area"].to_numpy()))
        found = position >= 0
        mean[position[found]] = self.areas["u"].to_numpy()[found]
        var[position[found]] = self.sigma2_u * (1.0 - self.areas["gamma"].to_numpy()[found])
        n_sample[position[found]] = self.areas["n"].to_numpy()[found]
        return pop, AreaEffects(mean, var, n_sample)


def _rows(blocks) -> Iterator[np.ndarray]:
    for block in blocks:
        yield from block


def _check_count(L) -> None:
    if isinstance(L, bool) or not isinstance(L, int | np.integer) or L < 1:
        raise InputError(f"L harus bilangan bulat >= 1, bukan {L!r}")


def _label_kind(labels: np.ndarray) -> str:
    kinds = {_kind(value) for value in labels}
    return kinds.pop() if len(kinds) == 1 else "campuran"


def _kind(value) -> str:
    if isinstance(value, bool | np.bool_):
        return "boolean"
    if isinstance(value, numbers.Integral):
        return "bilangan bulat"
    if isinstance(value, numbers.Real):
        return "bilangan desimal"
    if isinstance(value, str):
        return "teks"
    return type(value).__name__
