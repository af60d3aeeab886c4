"""Model SAE: load a survey year, choose covariates, see diagnostics, run, and publish.

The page is for analysts (analis, admin). A run takes about half a minute for Bontang; its
result is kept by the page until it is published or discarded. Everything shown here is
stored with a published run (parameters, seed, versions, diagnostics, estimates with MSE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from analytics.formats import MISSING, bps_scale, number, percent
from analytics.labels import RELIABILITY, label
from analytics.model import published
from analytics.model.covariates import (
    COVARIATES,
    DEFAULT_COVARIATES,
    available_covariates,
    default_covariates,
    survey_households,
)
from analytics.model.extreme_store import recap_of_year
from analytics.model.run import ModelRun
from analytics.reference import UNIT, UNIT_TITLE
from analytics.sae.diagnostics import select_covariates
from analytics.views.sae_benchmark import benchmark_notes
from analytics.views.sae_counted import counted_note, counted_survey_warnings, recap_view
from analytics.views.sae_influence import influence_view
from analytics.views.sae_mc_error import monte_carlo_note
from analytics.views.sae_verdict import Verdict, verdict
from analytics.views.source import Source
from analytics.views.welfare_page import METHOD_NOTE, year_source

__all__ = ["COVARIATE_LABELS", "TRANSFORMS", "RunView", "SurveyYear", "run_view", "suggest_covariates", "survey_year"]

TRANSFORMS = {
    "boxcox": "Box-Cox (λ dipilih REML; disarankan)",
    "log": "Logaritma",
    "log-shift": "Logaritma dengan pergeseran (data-driven)",
    "none": "Tanpa transformasi",
}
COVARIATE_LABELS = {name: label_ for name, (label_, _) in COVARIATES.items()}


@dataclass(frozen=True)
class SurveyYear:
    """What the year holds for a model: survey households, the published run and the runs."""

    year: int
    survey_households: int
    welfare: str
    published: dict | None
    runs: pd.DataFrame  # Indonesian headers
    note: str
    default_covariates: tuple[str, ...]
    recap: pd.DataFrame = field(default_factory=pd.DataFrame)  # the extreme-poverty recap, as shown
    recap_note: str = ""


def survey_year(source: Source, year: int) -> SurveyYear:
    welfare = year_source(source, year)
    run = source.get(published.run_row, welfare.run_id) if welfare.is_model else None
    runs = source.get(published.runs, year)
    table = (
        pd.DataFrame(
            {
                "Model": runs["run_id"],
                "Terbit": runs["published"].map({True: "Ya", False: "Tidak"}),
                "Dibuat": runs["created_at"].astype(str),
                "Oleh": runs["created_by"],
                "Transformasi": runs["transform"],
                "R² marginal": runs["r2_marginal"].map(lambda v: number(v, 3)),
                "Rumah tangga survei": runs["n_survey"].map(number),
            }
        )
        if not runs.empty
        else pd.DataFrame()
    )
    if welfare.kind == "observed":
        note = "Tahun ini punya pengeluaran tercatat untuk setiap keluarga: halaman lain memakainya, bukan model."
    elif welfare.survey_households == 0:
        note = (
            "Tahun ini belum punya data survei (Susenas). Impor berkas survei (susenas.csv/xlsx) lewat halaman "
            "Impor Data agar model dapat dijalankan."
        )
    else:
        note = f"{number(welfare.survey_households)} rumah tangga survei siap dipakai."
    defaults = source.get(default_covariates, year)
    recap, recap_note = recap_view(source.get(recap_of_year, year), year)
    return SurveyYear(year, welfare.survey_households, welfare.kind, run, table, note, defaults, recap, recap_note)


@dataclass(frozen=True)
class Suggestion:
    covariates: tuple[str, ...]
    steps: pd.DataFrame
    removed: pd.DataFrame
    caption: str


def suggest_covariates(source: Source, year: int) -> Suggestion:
    """Backward selection by BIC (ML fits) after removing collinear covariates (VIF > 10):
    a suggestion the analyst applies or not, never applied silently."""
    candidates = source.get(available_covariates, year)
    survey = survey_households(source.cursor(), year, candidates).data
    formula = "expenditure_pc ~ " + " + ".join(candidates)
    result = select_covariates(survey, formula=formula, area="kode_kelurahan", transform="boxcox")
    chosen = tuple(t.strip() for t in result.formula.split("~")[1].split("+") if t.strip() in COVARIATES)
    steps = pd.DataFrame(
        {
            "Langkah": result.steps["step"],
            "Tindakan": result.steps["action"]
            .map({"start": "awal", "remove": "buang", "add": "tambah"})
            .fillna(result.steps["action"]),
            "Kovariat": result.steps["term"].map(lambda t: COVARIATE_LABELS.get(t, t or "–")),
            "BIC": result.steps["bic"].map(lambda v: number(v, 1)),
        }
    )
    removed = (
        pd.DataFrame(
            {
                "Kovariat": result.collinear["term"].map(lambda t: COVARIATE_LABELS.get(t, t)),
                "VIF": result.collinear["max_vif"].map(lambda v: "tak hingga" if v == float("inf") else number(v, 1)),
            }
        )
        if not result.collinear.empty
        else pd.DataFrame()
    )
    dropped = [COVARIATE_LABELS[c] for c in DEFAULT_COVARIATES if c not in chosen]
    caption = (
        f"Seleksi mundur dengan BIC (analytics.sae.selection.select_covariates) dari {len(candidates)} "
        f"kovariat; {len(chosen)} disarankan. Terapkan hanya bila masuk akal secara substansi."
    )
    if dropped:
        caption += (
            f" Dibanding kovariat bawaan, saran ini membuang {len(dropped)}: {', '.join(dropped)}. BIC menghukum "
            "setiap kovariat tambahan: kovariat yang dibuang menambah sedikit ketepatan di survei, tetapi bisa "
            f"membedakan {UNIT} yang tidak tersampel. Bandingkan CV dan putusan kedua model sebelum menerbitkan; "
            "bila ragu, pakai kovariat bawaan."
        )
    return Suggestion(chosen, steps, removed, caption)


@dataclass(frozen=True)
class RunView:
    """A run as the page shows it: summary metrics, tables and the Q-Q points."""

    run_id: str
    title: str
    metrics: list[tuple[str, str]]
    coefficients: pd.DataFrame
    residuals: pd.DataFrame
    qq_unit: pd.DataFrame
    qq_area: pd.DataFrame
    cooks: pd.DataFrame
    direct: pd.DataFrame
    estimates: pd.DataFrame
    warnings: list[str]
    method_note: str
    verdict: Verdict | None = None
    frame_note: str = ""  # where the run's families came from, and how they changed
    benchmark_note: str = ""  # by how much benchmarking moved the kelurahan, when it was on
    monte_carlo_note: str = ""  # how far another seed could move the figures
    influence: pd.DataFrame | None = None  # survey households refitted without (analytics.sae.influence)
    influence_note: str = ""
    counted_note: str = ""  # the extreme-poverty recap's persons the run counted (analytics.sae.counted)


def run_view(run: ModelRun) -> RunView:
    """The diagnostics and estimates of a run (published or not)."""
    row, diag = run.run, run.diagnostics
    kel, names = _official_kelurahan(run)
    bench_note, bench_warnings = benchmark_notes(_parameters(row), kel, names)
    mc = monte_carlo_note(kel, names, int(row["mc_draws"]), int(row["bootstrap"]))
    influence, influence_warnings, influence_note = influence_view(diag, dict(zip(kel["kode"], names)))
    metrics = [
        (
            "Transformasi",
            TRANSFORMS.get(row["transform"], row["transform"]).split(" (")[0]
            + ("" if row["transform"] != "boxcox" else f" (λ = {number(row['boxcox_lambda'], 3)})"),
        ),
        ("R² marginal / kondisional", f"{number(row['r2_marginal'], 3)} / {number(row['r2_conditional'], 3)}"),
        ("ICC (porsi ragam antar-kelurahan)", number(row["icc"], 3)),
        (
            f"Rumah tangga survei ({UNIT} tersampel)",
            f"{number(row['n_survey'])} ({diag['sampled_areas']} dari {diag['areas']})",
        ),
        ("Keluarga diprediksi", number(row["n_frame"])),
        ("Monte Carlo L / bootstrap B", f"{row['mc_draws']} / {row['bootstrap']}"),
    ]
    return RunView(
        run_id=str(row["run_id"]),
        title=f"Model {row['run_id']} (tahun {row['year']})",
        metrics=metrics,
        coefficients=_coefficients(diag["coefficients"]),
        residuals=_residuals(diag["residuals"]),
        qq_unit=pd.DataFrame(diag["qq_unit"]),
        qq_area=pd.DataFrame(diag["qq_area"]),
        cooks=_cooks(diag["cooks"]),
        direct=_direct(diag["direct"]),
        estimates=_estimates(kel, names, mc.near),
        warnings=_warnings(row, diag)
        + counted_survey_warnings(diag, dict(zip(kel["kode"], names)))
        + influence_warnings
        + bench_warnings
        + mc.warnings,
        method_note=METHOD_NOTE,
        verdict=_verdict(run, kel, names),
        frame_note=" ".join(_frame_notes(row)[0]),
        benchmark_note=bench_note,
        monte_carlo_note=mc.note,
        influence=influence,
        influence_note=influence_note,
        counted_note=counted_note(_parameters(row)),
    )


def _official_kelurahan(run: ModelRun) -> tuple[pd.DataFrame, pd.Series]:
    """The run's official-line kelurahan estimates, one row per kelurahan, and their names."""
    from analytics.views.selection import kelurahan_names

    estimates = run.estimates
    kel = published.widen(estimates[(estimates["line"] == "official") & (estimates["level"] == "kelurahan")])
    return kel, kel["kode"].map(kelurahan_names())


def _verdict(run: ModelRun, kel: pd.DataFrame, names: pd.Series) -> Verdict:
    """The verdict on the kelurahan P0 of the official line (see :mod:`analytics.views.sae_verdict`)."""
    direct = pd.DataFrame(run.diagnostics["direct"])
    if not direct.empty:
        direct = direct[(direct["line"] == "official") & (direct["indicator"] == "p0")]
    influential = sum(bool(row.get("influential")) for row in run.diagnostics.get("influence") or [])
    left_out = len(run.diagnostics.get("set_aside") or [])
    return verdict(kel["reliability_p0"], direct, bool(run.run.get("benchmark")), names, influential, left_out)


def _coefficients(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    return pd.DataFrame(
        {
            "Kovariat": frame["label"],
            "Koefisien": frame["estimate"].map(lambda v: number(v, 4)),
            "Galat baku": frame["std_error"].map(lambda v: number(v, 4)),
            "p": frame["p_value"].map(lambda v: "< 0,001" if v < 0.001 else number(v, 3)),
        }
    )


def _residuals(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    levels = {"unit": "Rumah tangga", "area": UNIT_TITLE}
    shown = {"Tingkat": frame["level"].map(levels)}
    for column, name in (("skewness", "Kemencengan"), ("kurtosis", "Keruncingan"), ("shapiro_p", "Shapiro-Wilk p")):
        if column in frame:
            shown[name] = frame[column].map(lambda v: MISSING if v is None or pd.isna(v) else number(v, 3))
    return pd.DataFrame(shown)


#: Cook's distance of an area without whose households some covariate is not identified.
COOKS_UNDEFINED = "tidak terhitung: tanpa survei di sini ada kovariat yang tak dapat diduga"


def _cooks(records: list[dict]) -> pd.DataFrame:
    from analytics.views.selection import kelurahan_names

    # an area without which a coefficient cannot be estimated has no distance: listed first
    frame = pd.DataFrame(records).sort_values("cooks_distance", ascending=False, na_position="first")
    return pd.DataFrame(
        {
            UNIT_TITLE: frame["area"].map(kelurahan_names()),
            "n survei": frame["n"],
            "Jarak Cook": frame["cooks_distance"].map(lambda v: COOKS_UNDEFINED if pd.isna(v) else number(v, 3)),
        }
    )


def _direct(records: list[dict]) -> pd.DataFrame:
    from analytics.views.selection import kelurahan_names

    frame = pd.DataFrame(records)
    if frame.empty:
        return frame
    frame = frame[(frame["line"] == "official") & (frame["indicator"] == "p0")]
    return pd.DataFrame(
        {
            UNIT_TITLE: frame["area"].map(kelurahan_names()),
            "n survei": frame["n_sample"],
            "P0 model": frame["model"].map(percent),
            "CV model": frame["cv_model"].map(lambda v: percent(v, 0)),
            "P0 langsung": frame["direct"].map(percent),
            "CV langsung": frame["cv_direct"].map(lambda v: percent(v, 0)),
        }
    )


def _estimates(kel: pd.DataFrame, names: pd.Series, near: dict[str, pd.Series]) -> pd.DataFrame:
    """The official-line kelurahan table; a reliability class near its border is marked."""

    def reliability(indicator: str) -> pd.Series:
        text = kel[f"reliability_{indicator}"].map(lambda v: label(RELIABILITY, v))
        flags = near.get(indicator, pd.Series(False, index=kel.index))
        return text.where(~flags, text + " · dekat batas")

    return pd.DataFrame(
        {
            UNIT_TITLE: names,
            "n survei": kel["n_sample"].map(_sample_text),
            "P0": kel["p0"].map(percent),
            "CV P0": kel["cv_p0"].map(lambda v: percent(v, 0)),
            "Keandalan P0": reliability("p0"),
            "P1 (×100)": kel["p1"].map(bps_scale),
            "P2 (×100)": kel["p2"].map(lambda v: bps_scale(v, 3)),
            "CV P2": kel["cv_p2"].map(lambda v: percent(v, 0)),
            "Keandalan P2": reliability("p2"),
        }
    )


def _sample_text(n) -> str:
    """Surveyed households of an area; none makes its figures synthetic (the model's
    prediction from the register alone, with no survey evidence of the area's own effect)."""
    return "0 · sintetis" if n == 0 else number(n)


def _warnings(row: dict, diag: dict) -> list[str]:
    out = []
    if row["n_survey_incomplete"]:
        out.append(f"{number(row['n_survey_incomplete'])} rumah tangga survei tanpa kovariat lengkap tidak dipakai.")
    if row["n_frame_imputed"]:
        out.append(
            f"{number(row['n_frame_imputed'])} keluarga kerangka dengan kovariat kosong diisi rata-rata "
            "tertimbang survei."
        )
    out += _frame_notes(row)[1]
    if diag["sampled_areas"] < diag["areas"]:
        out.append(
            f"{diag['areas'] - diag['sampled_areas']} {UNIT} tanpa sampel survei (ditandai sintetis di tabel): "
            "estimasinya prediksi model dari register saja, tanpa efek wilayahnya sendiri, dengan ketidakpastian penuh."
        )
    return out


def _parameters(row: dict) -> dict:
    """The run's parameters: a stored run's are parsed already, a new run's are JSON text."""
    parameters = row.get("parameters") or {}
    try:
        return json.loads(parameters) if isinstance(parameters, str) else parameters
    except ValueError:
        return {}


def _frame_notes(row: dict) -> tuple[list[str], list[str]]:
    """What the run recorded of its frame (analytics.model.frame_check): the notes (source,
    version, the largest change per kelurahan) and the warnings (coarse or missing DTSEN
    values, a kelurahan whose families changed by more than 20 %). Nothing for a run stored
    before it recorded them."""
    frame = _parameters(row).get("frame")
    if not frame:
        return [], []
    notes, warnings = [], []
    year = row["year"]
    if frame["source"] == "dtsen":
        version = frame["version"] or "versi tidak tercantum"
        when = f", data {frame['data_date']}" if frame["data_date"] else ""
        notes.append(f"Kerangka keluarga {year}: DTSEN ({frame['file']}, {version}{when}).")
        if frame["coarse"]:
            warnings.append(
                f"{number(frame['coarse'])} nilai rumah DTSEN berlabel kasar P3KE: kelasnya sama dengan kovariat "
                "model, tetapi tidak dapat dipecah ke kode Regsosek."
            )
        if frame["blank_or_unknown"]:
            warnings.append(
                f"{number(frame['blank_or_unknown'])} nilai rumah DTSEN kosong atau tidak dikenal: kovariatnya "
                "diisi rata-rata tertimbang survei."
            )
    else:
        notes.append(f"Kerangka keluarga {year}: Regsosek.")
    if frame["changed"]:
        named = ", ".join(f"{c['kelurahan']} ({number(c['before'])} → {number(c['now'])})" for c in frame["changed"])
        warnings.append(
            f"Keluarga kerangka berubah lebih dari 20 % dibanding {year - 1} di {named}: periksa ekspornya."
        )
    elif frame["compared"]:
        notes.append(
            f"Keluarga per {UNIT} dibanding {year - 1} berubah paling banyak "
            f"{number(100 * frame['largest_change'], 1)} %."
        )
    return notes, warnings


def published_view(source: Source, run_id: str) -> RunView:
    """The run view of a stored run."""
    return run_view(source.get(published.stored_run, run_id))
