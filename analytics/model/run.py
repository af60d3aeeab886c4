"""Running the small-area model for a year of the database (not yet published).

The census EBP (:func:`analytics.sae.ebp.ebp_lines`) is fitted on the year's survey
households and predicts every Regsosek family, at the year's official and extreme lines, with
the harmonised covariates of :mod:`analytics.model.covariates`. The area random effect is the
kelurahan. The result holds exactly the rows the database stores (:mod:`analytics.model.publish`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.errors import DataError, InputError
from analytics.model import aggregate
from analytics.model.covariates import (
    check_frame,
    check_names,
    default_covariates,
    frame_fingerprint,
    frame_households,
    survey_households,
    weighted_means,
)
from analytics.model.diagnostics import run_diagnostics
from analytics.model.extreme_store import counted_of_year
from analytics.model.frame_check import frame_check
from analytics.model.probabilities import expectation_rows
from analytics.poverty.lines import LINE_KINDS, check_year, resolve_line
from analytics.reference import REGION_KIND, UNIT
from analytics.sae.ebp import DEFAULT_SEED, ebp_lines
from analytics.sae.influence import set_aside

__all__ = ["ModelRun", "RunSettings", "run_model"]

AREA = "kode_kelurahan"


@dataclass(frozen=True)
class RunSettings:
    """What an analyst chooses for a run; the defaults are the product's recommended model."""

    covariates: tuple[str, ...] | None = None  # None: the year's recommended (default_covariates)
    transform: str = "boxcox"
    weighted: bool = False
    L: int = 100
    B: int = 200
    seed: int = DEFAULT_SEED
    benchmark: bool = False
    # Leave out the survey households whose absence moves the region's P0 by a tenth
    # (analytics.sae.influence.set_aside); off by default: leaving data out is the analyst's call.
    set_aside: bool = False
    # Count the persons of the year's extreme-poverty recap below the extreme line instead of
    # modelling them (analytics.model.extreme_store); on: a verified list knows what a sample cannot.
    counted: bool = True


@dataclass(frozen=True, eq=False)
class ModelRun:
    """One run: ``run`` (the sae_run row), ``estimates`` (sae_estimate rows), ``families``
    (sae_family rows) and ``diagnostics`` (decoded, for the page)."""

    run: dict
    estimates: pd.DataFrame = field(repr=False)
    families: pd.DataFrame = field(repr=False)
    diagnostics: dict = field(repr=False)

    @property
    def run_id(self) -> str:
        return self.run["run_id"]


def _lines(con, year: int) -> dict[str, float]:
    lines = {}
    for kind in LINE_KINDS:
        try:
            lines[kind] = resolve_line(con, year, kind).amount
        except DataError:
            continue  # a year without an extreme line is estimated on the official line only
    return lines


def _benchmark(con, year: int, enabled: bool) -> dict | None:
    """BPS's published city P0 (and P1, P2 where published) for the official line: the ratio
    benchmark's targets; None when off or when BPS published nothing for the year."""
    if not enabled:
        return None
    from analytics import sql

    rows = sql.frame(con, "reference/bps_year", {"year": year})
    if rows.empty:
        raise DataError(f"BPS belum merilis angka {REGION_KIND} tahun {year}: benchmarking tidak dapat dipakai.")
    row = rows.iloc[0]
    targets = {name: float(row[name]) for name in ("p0", "p1", "p2") if pd.notna(row[name])}
    return {"official": targets} if targets else None


def run_model(con: duckdb.DuckDBPyConnection, year: int, settings: RunSettings, created_by: str) -> ModelRun:
    """Fit, predict and diagnose the model for ``year`` (about 15 s for Bontang with B = 200)."""
    year = check_year(con, year)
    covariates = check_names(settings.covariates or default_covariates(con, year))
    check_frame(con, year, covariates)
    survey = survey_households(con, year, covariates)
    _check_survey_areas(survey.data)
    fill = weighted_means(survey.data)
    frame = frame_households(con, year, fill, covariates)
    formula = "expenditure_pc ~ " + " + ".join(covariates)
    lines = _lines(con, year)
    options = {
        "formula": formula,
        "area": AREA,
        "weight": "weight" if settings.weighted else None,
        "size": "size",
        "transform": settings.transform,
    }
    counted = _counted_of(con, year, settings)
    households, counted_survey = _counted(survey.data, counted, lines)
    if counted is not None:
        options["counted"] = counted
    households, left_out = _set_aside(households, frame.data, lines, options, settings.set_aside)
    results = ebp_lines(
        households,
        frame.data,
        lines=lines,
        groups=aggregate.groups_of(frame.data),
        L=settings.L,
        B=settings.B,
        seed=settings.seed,
        benchmark=_benchmark(con, year, settings.benchmark),
        **options,
    )
    _record_counted(results, counted_survey)
    first = next(iter(results.values()))
    stored = first.to_stored()
    # the direct (Hájek) check keeps every surveyed household: it does not rest on the model
    diagnostics = run_diagnostics(first, households, frame.data, results, direct_survey=survey.data)
    diagnostics["set_aside"] = left_out
    diagnostics["counted_survey"] = counted_survey
    run = _run_row(year, settings, covariates, formula, first, stored.to_json(), diagnostics, created_by)
    run.update(
        n_survey=len(households),
        n_survey_incomplete=survey.incomplete,
        n_frame=len(frame.data),
        n_frame_imputed=frame.incomplete,
        frame_fingerprint=frame_fingerprint(con, year),
    )
    run["parameters"] = json.dumps(
        {
            **json.loads(run["parameters"]),
            "fill": fill.to_dict(),
            "frame": frame_check(con, year),
            "set_aside_requested": settings.set_aside,
        }
    )
    estimates = aggregate.estimate_rows(run["run_id"], results, lines)
    families = expectation_rows(stored, frame.data, run["run_id"], year, lines)
    return ModelRun(run, estimates, families, diagnostics)


def _record_counted(results: dict, counted_survey: list[dict]) -> None:
    """The households below the recap's line left before the EBP saw them: the run says how many."""
    for result in results.values():
        if "counted" in result.parameters:
            result.parameters["counted"]["survey_units_counted"] = len(counted_survey)


def _counted_of(con, year: int, settings: RunSettings):
    """The year's recap as the run counts it (None when off or absent)."""
    counted = counted_of_year(con, year) if settings.counted else None
    if counted is not None and settings.benchmark:
        raise InputError(
            f"Benchmark ke angka {REGION_KIND} BPS belum dapat digabung dengan rekap daftar miskin ekstrem: rasio "
            "benchmark akan ikut mengubah jiwa dalam rekap. Hapus salah satu centang (atau sae run "
            "--without-extreme-recap)."
        )
    return counted


def _check_survey_areas(survey: pd.DataFrame) -> None:
    if survey[AREA].isna().any():
        raise DataError(
            f"Sebagian rumah tangga survei hanya berkode kecamatan: model tingkat {UNIT} memerlukan kode "
            f"{UNIT} (berkas Susenas dengan kode desa/kelurahan, yang dibagikan BPS dengan perjanjian)."
        )


def _counted(survey: pd.DataFrame, counted, lines) -> tuple[pd.DataFrame, list[dict]]:
    """The survey households the model is fitted to, and those below the recap's line (counted
    by the list, not modelled; each with its area and welfare over the official line, for the page)."""
    if counted is None:
        return survey, []
    below = ~counted.modelled(survey["expenditure_pc"].to_numpy(dtype=float))
    return survey[~below].reset_index(drop=True), _records(survey[below], lines)


def _set_aside(survey: pd.DataFrame, frame: pd.DataFrame, lines, options: dict, wanted: bool):
    """The survey households the run fits on, and those left out by the analyst's option (each
    with its file row, area and welfare over the first line, the official, for the page and the record)."""
    if not wanted:
        return survey, []
    rows = set_aside(survey, frame, lines, **options).rows
    return survey.drop(index=survey.index[rows]).reset_index(drop=True), _records(survey.iloc[rows], lines)


def _records(left: pd.DataFrame, lines) -> list[dict]:
    """Survey households left out of the fit, as the page names them: file row, area, welfare over the first line."""
    first = next(iter(lines.values()))
    return [
        {"unit_id": unit, "area": area, "welfare_share": float(welfare / first)}
        for unit, area, welfare in zip(left["unit_id"], left[AREA], left["expenditure_pc"], strict=True)
    ]


def _versions() -> dict:
    import platform

    from analytics.ingest import LAYOUT

    return {"python": platform.python_version(), "duckdb": duckdb.__version__, "database_layout": LAYOUT}


def _run_row(year, settings: RunSettings, covariates, formula, result, model_json, diagnostics, created_by) -> dict:
    fit, parameters = result.model, result.parameters
    benchmark = None
    if parameters.get("benchmark"):
        targets = parameters["benchmark"]["targets"]
        benchmark = f"rasio terhadap angka {REGION_KIND} BPS (garis resmi): " + ", ".join(sorted(targets))
    return {
        "run_id": f"{year}-{dt.datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}",
        "year": year,
        "published": False,
        "created_at": dt.datetime.now().replace(microsecond=0),
        "created_by": created_by,
        "method": "ebp",
        "area_level": "kelurahan",
        "formula": formula,
        "covariates": ",".join(covariates),
        "transform": result.transform.kind,
        "boxcox_lambda": result.transform.lam,
        "shift": result.transform.shift,
        "weighted": settings.weighted,
        "seed": settings.seed,
        "mc_draws": settings.L,
        "bootstrap": settings.B,
        "benchmark": benchmark,
        "sigma2_u": fit.sigma2_u,
        "sigma2_e": fit.sigma2_e,
        "icc": fit.icc,
        "r2_marginal": fit.r2_marginal,
        "r2_conditional": fit.r2_conditional,
        "parameters": json.dumps(parameters, default=str),
        "model": model_json,
        "diagnostics": json.dumps(diagnostics, default=str),
        "versions": json.dumps({**parameters.get("versions", {}), **_versions()}),
    }
