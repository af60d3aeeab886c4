"""`python -m analytics sae fh|ebp`: the stable command-line contract."""

import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.paths import PROJECT_ROOT
from tests.sae.conftest import DATA
from tests.sae.sae_fixtures import synthetic_city

FH_COLUMNS = ["area", "direct", "estimate", "mse"]
EBP_COLUMNS = ["area", "n_sample", "n_population", "p0", "p1", "p2", "mean", "mse_p0", "mse_p1", "mse_p2"]


def run(capsys, *argv):
    try:
        code = main(["sae", *argv])
    except SystemExit as exc:  # argparse errors
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def city_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sae_cli")
    survey, population, _ = synthetic_city(21)
    survey.to_csv(folder / "survey.csv", index=False)
    population.to_csv(folder / "population.csv.gz", index=False)
    return folder, float(np.median(survey["welfare"]))


def test_fh_writes_documented_columns_and_model(capsys, tmp_path):
    milk = pd.read_csv(DATA / "milk.csv.gz").assign(var=lambda d: d["SD"] ** 2)
    milk.loc[5, ["yi", "var"]] = np.nan  # an area without direct estimate
    path = tmp_path / "milk.csv"
    milk.to_csv(path, index=False)
    model_path = tmp_path / "fh.json"
    code, out, err = run(
        capsys,
        "fh",
        "--data",
        str(path),
        "--area",
        "SmallArea",
        "--formula",
        "yi ~ C(MajorArea)",
        "--variance",
        "var",
        "--model-out",
        str(model_path),
    )
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table.columns.tolist() == FH_COLUMNS and len(table) == 43
    assert np.isnan(table.loc[5, "direct"]) and np.isfinite(table.loc[5, "estimate"])
    model = json.loads(model_path.read_text())
    assert {"sigma2_u", "beta", "loglik"} <= set(model) and "Intercept" in model["beta"]
    code, out, _ = run(
        capsys,
        "fh",
        "--data",
        str(path),
        "--area",
        "SmallArea",
        "--formula",
        "yi ~ C(MajorArea)",
        "--variance",
        "var",
        "--method",
        "ml",
        "--format",
        "json",
    )
    records = json.loads(out)
    assert code == 0 and list(records[0]) == FH_COLUMNS and records[5]["direct"] is None


def test_ebp_writes_documented_columns(capsys, city_files, tmp_path):
    folder, line = city_files
    model_path = tmp_path / "ebp.json"
    argv = [
        "--survey",
        str(folder / "survey.csv"),
        "--population",
        str(folder / "population.csv.gz"),
        "--area",
        "area",
        "--formula",
        "welfare ~ x1 + x2",
        "--line",
        str(line),
        "--size",
        "size",
        "--L",
        "5",
        "--B",
        "3",
        "--model-out",
        str(model_path),
    ]
    code, out, err = run(capsys, "ebp", *argv)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table.columns.tolist() == EBP_COLUMNS
    assert len(table) == 8 and table["n_sample"].iloc[0] == 0  # the first area has no sample
    assert table[["p0", "p1", "p2"]].apply(lambda c: c.between(0, 1)).all().all()
    assert table["mse_p0"].notna().all()
    model = json.loads(model_path.read_text())
    needed = {"transform", "lambda", "shift", "sigma2_u", "sigma2_e", "beta", "icc", "r2_marginal", "r2_conditional"}
    assert needed <= set(model) and model["transform"] == "boxcox"


def test_ebp_without_bootstrap_leaves_mse_empty_and_log_shift_option(capsys, city_files):
    folder, line = city_files
    code, out, err = run(
        capsys,
        "ebp",
        "--survey",
        str(folder / "survey.csv"),
        "--population",
        str(folder / "population.csv.gz"),
        "--area",
        "area",
        "--formula",
        "welfare ~ x1",
        "--line",
        str(line),
        "--transform",
        "log",
        "--shift",
        "1000",
        "--B",
        "0",
        "--L",
        "3",
        "--format",
        "json",
    )
    assert code == 0, err
    records = json.loads(out)
    assert all(r["mse_p0"] is None for r in records)


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--formula", "welfare ~ x1 + nope"], "'nope'"),
        (["--formula", "welfare ~ x1 +"], "formula"),
        (["--area", "kecamatan"], "kecamatan"),
        (["--line", "nol"], "--line"),
        (["--weight", "weight", "--transform", "log-shift"], "boxcox, log atau none"),
        (["--transform", "sqrt"], "transformasi"),
        (["--L", "0"], "--L"),
    ],
)
def test_ebp_mistakes_exit_2_with_one_indonesian_line(capsys, city_files, argv, fragment):
    folder, line = city_files
    base = {
        "--survey": str(folder / "survey.csv"),
        "--population": str(folder / "population.csv.gz"),
        "--area": "area",
        "--formula": "welfare ~ x1",
        "--line": str(line),
        "--B": "0",
        "--L": "2",
    }
    base.update(dict(zip(argv[::2], argv[1::2])))
    code, out, err = run(capsys, "ebp", *[item for pair in base.items() for item in pair])
    assert code == 2 and out == ""
    assert err.startswith("galat: ") and err.count("\n") == 1 and fragment in err


def test_fh_missing_file_and_unknown_option(capsys, tmp_path):
    code, _, err = run(
        capsys, "fh", "--data", str(tmp_path / "none.csv"), "--area", "a", "--formula", "y ~ x", "--variance", "v"
    )
    assert code == 2 and "tidak ditemukan" in err and err.count("\n") == 1
    code, _, err = run(capsys, "fh", "--bogus")
    assert code == 2 and "tidak valid" in err


def test_module_entry_point_runs_as_a_process(city_files):
    folder, line = city_files
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "sae",
            "ebp",
            "--survey",
            str(folder / "survey.csv"),
            "--population",
            str(folder / "population.csv.gz"),
            "--area",
            "area",
            "--formula",
            "welfare ~ x1 + bad_column",
            "--line",
            str(line),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and proc.stderr.startswith("galat: ") and "bad_column" in proc.stderr
