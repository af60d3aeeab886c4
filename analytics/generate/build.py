"""Orchestration of the demo generator: panel -> yearly truth (census blocks, PMT rank) ->
damaged register exports and survey sample -> files."""

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.generate import (
    GENERATOR_VERSION,
    blocks,
    damage,
    dtsen,
    exports,
    extreme_recap,
    pmt,
    programs,
    survey,
    welfare,
)
from analytics.generate.population import YEARS, advance, start_panel
from analytics.generate.profile import profile
from analytics.generate.snapshot import families_of_year, persons_of_year
from analytics.reference import region_extent
from analytics.workers import worker_pool

# A file-wide yes/no encoding per DTKS year, as different SIKS-NG exports have used.
DTKS_YES_NO = {2021: None, 2022: ("1", "0"), 2023: ("YA", "TIDAK"), 2024: ("Y", "T"), 2025: ("TRUE", "FALSE")}
# From this year the demo's registers arrive as DTSEN (Inpres 4/2025), as every Pemda's did.
DTSEN_FROM = 2025
# Samarinda, null island, Balikpapan, Bontang: the first three outside the region.
OUTSIDE_POINTS = [(117.1537, -0.5022), (0.0, 0.0), (116.8312, -1.2654), (117.49, 0.13)]


def _outside_points() -> list[tuple[float, float]]:
    extent = region_extent() or {"lon": (0.0, 0.0), "lat": (0.0, 0.0)}

    def inside(point):
        return extent["lon"][0] <= point[0] <= extent["lon"][1] and extent["lat"][0] <= point[1] <= extent["lat"][1]

    return [p for p in OUTSIDE_POINTS if not inside(p)][:3]


def _place_families(panel, boundaries, rng):
    """Dwelling coordinates inside the family's kelurahan, drawn again after a move."""
    from geo.sampling import sample_points_in

    fam = panel.families
    if "lon" not in fam:
        fam["lon"] = np.nan
        fam["lat"] = np.nan
    moved = fam["moved"].fillna(False).astype(bool).to_numpy() if "moved" in fam else False
    need = fam["lon"].isna().to_numpy() | moved
    if need.any():
        lon, lat = sample_points_in(boundaries, fam.loc[need, "kode_kel"].to_numpy(), rng)
        fam.loc[need, "lon"] = lon
        fam.loc[need, "lat"] = lat


def _with_uid(df):
    df = df.copy()
    df["_uid"] = np.arange(len(df))
    return df


def _damage_regsosek(df, year, rng, log):
    rates = {
        **damage.RATES,
        "nik_excel_float": 0.01,
        "nik_apostrophe": 0.005,
        "nik_separators": 0.005,
        "nik_duplicate_other_family": 0.0,
    }
    damage.damage_nik(df, "nik_kepala_keluarga", rng, log, xlsx=False, rates=rates)
    rows = damage._pick(rng, df, 0.01)
    damage.replace_values(
        df,
        "no_kk",
        rows,
        [damage._excel_float_text(v) for v in df["no_kk"].to_numpy()[rows]],
        "kk_excel_float",
        log,
    )
    # Code formats vary within a file: with or without dots. Only invalid codes are damage.
    dotted = rng.random(len(df)) < 0.2
    codes = df["kode_wilayah"].to_numpy(copy=True)
    codes[dotted] = [f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}" for c in codes[dotted]]
    df["kode_wilayah"] = codes
    rows = damage._pick(rng, df, damage.RATES["region_code_invalid"])
    damage.replace_values(
        df, "kode_wilayah", rows, np.resize(damage.invalid_codes(), len(rows)), "region_code_invalid", log
    )
    rows = damage._pick(rng, df, damage.RATES["coord_missing"])
    damage.replace_values(df, "latitude", rows, None, "coord_missing", log)
    damage.replace_values(df, "longitude", rows, None, "coord_missing", log)
    rows = damage._pick(rng, df, damage.RATES["coord_outside"], pd.notna(df["latitude"]))
    pts = np.array(_outside_points())[np.arange(len(rows)) % 3]
    damage.replace_values(df, "longitude", rows, pts[:, 0], "coord_outside", log)
    damage.replace_values(df, "latitude", rows, pts[:, 1], "coord_outside", log)
    rows = damage._pick(rng, df, damage.RATES["size_zero"])
    damage.replace_values(df, "jumlah_anggota_keluarga", rows, 0, "size_zero", log)
    for kind, value in [
        ("expenditure_negative", None),
        ("expenditure_missing", ""),
        ("expenditure_not_number", "tidak tahu"),
    ]:
        # Drawn even without the column, so the other faults stay the same in both layouts.
        rows = damage._pick(rng, df, damage.RATES[kind])
        if "pengeluaran_per_kapita" in df:
            new = -df["pengeluaran_per_kapita"].to_numpy()[rows] if value is None else value
            damage.replace_values(df, "pengeluaran_per_kapita", rows, new, kind, log)
    damage.mix_dates(df, "tanggal_lahir_kepala_keluarga", rng, log, source_format="%Y-%m-%d", unreadable_rate=0.001)
    return damage.add_exact_duplicates(df, rng, log, rate=0.005)


def _damage_dtks(df, year, rng, log, nik_pool):
    damage.damage_family_key(df, "nomor_kk", "_family_id", rng, log, damage.RATES["kk_excel_float"])
    damage.damage_nik(df, "nomor_nik", rng, log, xlsx=False, other_pool=nik_pool)
    names = df["desa_kelurahan"].to_numpy(copy=True)
    from analytics.reference import load_kelurahan

    variants = {r.nama.upper(): [r.nama, r.nama.lower(), *r.variants] for r in load_kelurahan().itertuples()}
    rows = damage._pick(rng, df, damage.RATES["kelurahan_variant"])
    new = [variants[n][i % len(variants[n])] for i, n in enumerate(names[rows])]
    damage.replace_values(df, "desa_kelurahan", rows, new, "kelurahan_variant", log)
    rows = damage._pick(rng, df, damage.RATES["kelurahan_unknown"])
    damage.replace_values(
        df, "desa_kelurahan", rows, np.resize(damage.UNKNOWN_KELURAHAN, len(rows)), "kelurahan_unknown", log
    )
    rows = damage._pick(rng, df, damage.RATES["nik_birthdate_mismatch"])
    shifted = (
        pd.to_datetime(pd.Series(df["tanggal_lahir"].to_numpy()[rows]), format="%d-%m-%Y")
        + pd.to_timedelta(rng.integers(400, 2000, len(rows)), unit="D")
    ).dt.strftime("%d-%m-%Y")
    damage.replace_values(df, "tanggal_lahir", rows, shifted.to_numpy(), "nik_birthdate_mismatch", log)
    damage.mix_dates(df, "tanggal_lahir", rng, log, source_format="%d-%m-%Y")
    damage.mix_yes_no(
        df, ["bansos_bpnt", "bansos_pkh", "bansos_bpnt_ppkm", "pbi_jkn"], rng, log, encoding=DTKS_YES_NO[year]
    )
    return damage.add_exact_duplicates(df, rng, log)


def _damage_p3ke(df, nik_col, date_col, rng, log, dup_rate):
    rates = {
        **damage.RATES,
        "nik_excel_float": 0.05,
        "nik_separators": 0.0,
        "nik_duplicate_other_family": 0.0,
    }
    damage.damage_nik(df, nik_col, rng, log, xlsx=True, rates=rates)
    rows = damage._pick(rng, df, damage.RATES["region_code_invalid"])
    damage.replace_values(
        df, "Kode Kemdagri", rows, np.resize(damage.invalid_codes(), len(rows)), "region_code_invalid", log
    )
    # Most birth dates are real date cells; some were typed as text in either Indonesian order.
    dates = df[date_col].to_numpy(copy=True)
    as_text = np.flatnonzero(rng.random(len(df)) < 0.25)
    fmts = np.array(["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])[np.arange(len(as_text)) % 3]
    dates[as_text] = [pd.Timestamp(d).strftime(f) for d, f in zip(dates[as_text], fmts)]
    df[date_col] = dates
    rows = damage._pick(rng, df, 0.001)
    damage.replace_values(
        df, date_col, rows, np.resize(["31/02/1980", "00-00-0000", "1980"], len(rows)), "date_unreadable", log
    )
    damage.mix_yes_no(df, list(exports.PROGRAM_COLUMNS_P3KE), rng, log)
    return damage.add_exact_duplicates(df, rng, log, rate=dup_rate)


def _year_truth(panel, year, rng, prev_dtks, boundaries, seed):
    """One year's families and persons: places, census blocks, PMT rank, ids, register
    membership and programs."""
    _place_families(panel, boundaries, rng)
    blocks.assign_census_blocks(panel)
    per = persons_of_year(panel, year)
    fam = families_of_year(panel, per, year)
    # Child streams of their own: the PMT's noise and the survey leave the register draws
    # as they were.
    pmt.rank_families(fam, year, np.random.default_rng([seed, 13, year]))
    fam["regsosek_id"] = profile().digits + fam["family_id"].map("{:08d}".format)
    fam["p3ke_id"] = "P3KE" + fam["family_id"].map("{:09d}".format)
    programs.registers_membership(fam, year, rng, prev_dtks)
    programs.assign_programs(fam, year, rng)
    return fam, per


def clean_first_year(seed: int = 1, scale: float = 0.05, boundaries=None):
    """The first demo year's families and persons, before any export damage: the same
    families can then be written the old way and as DTSEN (tests of the DTSEN import)."""
    from geo.boundaries import kelurahan_map

    panel = start_panel(seed, scale)
    fam, per = _year_truth(
        panel, YEARS[0], np.random.default_rng([seed, 7]), set(), kelurahan_map(boundaries).frame, seed
    )
    return fam, per, YEARS[0]


def _year_exports(panel, year, rng, prev_dtks, boundaries, observed, seed):
    """One year's truth, its damaged exports (registers and survey), the damage log and
    the survey's block frame."""
    fam, per = _year_truth(panel, year, rng, prev_dtks, boundaries, seed)
    regsosek = exports.regsosek(fam, year, observed)
    files = {"regsosek.csv": regsosek, "dtks.csv": exports.dtks(fam, per, year, rng)}
    nik_pool = files["dtks.csv"]["nomor_nik"].to_numpy()
    if year >= DTSEN_FROM and not observed:
        # The year every Pemda switched: DTSEN and SIKS-NG lists instead of Regsosek and DTKS.
        files = dtsen.year_files(fam, per, year)
    files["p3ke_keluarga.xlsx"] = exports.p3ke_keluarga(fam, year)
    files["p3ke_individu.xlsx"] = exports.p3ke_individu(fam, per, year)
    sample, design, survey_rng = survey.representative_sample(
        fam, welfare.targets(year), lambda k: np.random.default_rng([seed, 11, year, k])
    )
    files["susenas.csv"] = survey.susenas(sample, fam, regsosek, year)
    logs, damaged = [], {}
    for name, df in files.items():
        log = damage.DamageLog(year, name)
        df = _with_uid(df)
        if name == "regsosek.csv":
            df = _damage_regsosek(df, year, rng, log)
        elif name == "dtks.csv":
            df = _damage_dtks(df, year, rng, log, nik_pool)
        elif name == "p3ke_keluarga.xlsx":
            df = _damage_p3ke(df, "NIK Kepala Keluarga", "Tanggal Lahir Kepala Keluarga", rng, log, 0.003)
        elif name == "p3ke_individu.xlsx":
            df = _damage_p3ke(df, "NIK", "Tanggal Lahir", rng, log, 0.005)
        elif name in dtsen.V3_FILES:
            df = dtsen.damage_short_rows(df, rng, log)
        elif name != "susenas.csv":
            pass  # SIKS-NG lists: keys as text, undamaged
        else:
            df = survey.damage_susenas(df, year, survey_rng, log)
        damaged[name] = df
        logs.extend(log.rows)
    return fam, damaged, logs, design


def _write_year(out: Path, year: int, files: dict) -> None:
    from analytics.generate.writers import write_csv, write_xlsx

    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in files.items():
        if name in dtsen.V3_FILES:
            dtsen.write_v3(df, folder / name)
        elif name.endswith(".csv"):
            write_csv(df, folder / name)
        else:
            write_xlsx(df, folder / name, sheet=name.split(".")[0])


def _row_truth(df: pd.DataFrame) -> pd.DataFrame:
    """Spreadsheet row number (header = row 1) of every exported row and its true keys."""
    out = pd.DataFrame(
        {
            "row": np.arange(len(df)) + 2,
            "uid": df["_uid"].to_numpy(),
            "family_id": profile().digits + pd.Series(df["_family_id"].to_numpy()).map("{:08d}".format),
        }
    )
    if "_person_id" in df:
        out["person_id"] = df["_person_id"].to_numpy()
    # Further truth a file carries (the survey's inclusion probability and clean weight).
    for col in [c for c in df if c.startswith("_") and c not in ("_uid", "_family_id", "_person_id")]:
        out[col[1:]] = df[col].to_numpy()
    return out


TRUTH_COLUMNS = [
    "regsosek_id",
    "p3ke_id",
    "kk",
    "head_nik",
    "kode_kel",
    "size",
    "expenditure_pc",
    "true_percentile",
    "true_desil",
    "pmt_prediction",
    "pmt_percentile",
    "pmt_desil",
    "p3ke_desil",
    "in_dtks",
    "in_p3ke",
    "lon",
    "lat",
    "n_toddlers",
    "n_school",
    "n_out_of_school",
    "n_working_age",
    "n_working",
    "n_elderly",
    "n_disabled",
    "n_able_adult",
    "census_block",
]
TRUTH_README = (
    "Kebenaran data demo (bukan bagian dari ekspor). Jangan diimpor.\n"
    "Truth of the demo exports, for tests only: families.csv per year (true expenditure_pc,\n"
    "true_percentile and true_desil from it; pmt_prediction, pmt_percentile and pmt_desil of the\n"
    "proxy-means test the registers carry; census_block), rows_<file>.csv maps every exported row\n"
    "(row = spreadsheet row, header = 1) to its true family (rows_susenas.csv adds the inclusion\n"
    "probability pi and the clean weight fwt), survey_design.csv lists the census blocks (families,\n"
    "pi_block, drawn, sampled, interviewed), damage.csv logs every injected fault by uid (see\n"
    "rows_<file>.csv), summary.csv gives P0, P1, P2 of the truth, meta.json the seed and whether\n"
    "Regsosek carries expenditure (welfare: observed) or not (welfare: model).\n"
)


def generate(
    out_dir, seed: int = 1, boundaries=None, workers: int = 2, scale: float = 1.0, observed: bool = False
) -> dict:
    """Write five years of demo exports and the truth folder; return the run's metadata.

    `observed`: the Regsosek export carries `pengeluaran_per_kapita`, as for a Pemda with
    its own expenditure census; by default it carries none (welfare must be modelled)."""
    from geo.boundaries import kelurahan_map

    t0 = time.perf_counter()
    out = Path(out_dir)
    truth = out / "truth"
    truth.mkdir(parents=True, exist_ok=True)
    kelurahan = kelurahan_map(boundaries)
    panel = start_panel(seed, scale)
    rng = np.random.default_rng([seed, 7])
    prev_dtks: set = set()
    all_logs, summary, futures = [], [], []
    with worker_pool(workers) as pool:
        for year in YEARS:
            if year != YEARS[0]:
                advance(panel, year)
            fam, files, logs, design = _year_exports(panel, year, rng, prev_dtks, kelurahan.frame, observed, seed)
            prev_dtks = set(fam.loc[fam["in_dtks"], "family_id"])
            all_logs.extend(logs)
            _write_year_truth(truth / str(year), fam, files, design)
            extreme_recap.write_recap(out, fam, year)
            summary.append(_summary(fam, year))
            futures.append(pool.submit(_write_year, out, year, files))
        t_sim = time.perf_counter() - t0
        for f in futures:
            f.result()
    pd.DataFrame(all_logs, columns=["year", "file", "uid", "column", "kind", "before", "after"]).to_csv(
        truth / "damage.csv", index=False
    )
    pd.DataFrame(summary).to_csv(truth / "summary.csv", index=False)
    (truth / "README.txt").write_text(TRUTH_README)
    meta = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "boundaries": kelurahan.source or "schematic",
        "welfare": "observed" if observed else "model",
        "seconds_simulation": round(t_sim, 2),
        "seconds_total": round(time.perf_counter() - t0, 2),
    }
    (truth / "meta.json").write_text(json.dumps(meta, indent=2))
    return meta


def _write_year_truth(ydir: Path, fam: pd.DataFrame, files: dict, design: pd.DataFrame) -> None:
    ydir.mkdir(exist_ok=True)
    design.to_csv(ydir / "survey_design.csv", index=False)
    keep = TRUTH_COLUMNS + [c for c in fam if c.startswith("receives_")]
    fam[keep].rename(columns={"regsosek_id": "family_id"}).to_csv(ydir / "families.csv", index=False)
    for name, df in files.items():
        _row_truth(df).to_csv(ydir / f"rows_{name.split('.')[0]}.csv", index=False)


def _summary(fam: pd.DataFrame, year: int) -> dict:
    from analytics.generate.welfare import targets

    t = targets(year)
    w = fam["size"].to_numpy(dtype=float)
    gap = np.clip(1 - fam["expenditure_pc"].to_numpy() / t["z"], 0, None)
    poor = fam["expenditure_pc"].to_numpy() < t["z"]
    return {
        "year": year,
        "families": len(fam),
        "persons": int(w.sum()),
        "p0": (w * poor).sum() / w.sum(),
        "p1": (w * gap).sum() / w.sum(),
        "p2": (w * gap**2).sum() / w.sum(),
        "extreme_persons": int(w[fam["expenditure_pc"].to_numpy() < t["z_ext"]].sum()),
        "p3ke_families": int(fam["in_p3ke"].sum()),
        "dtks_families": int(fam["in_dtks"].sum()),
    }
