"""The damage real register exports carry, injected at stated rates and logged.

Every change is written to the truth folder's damage log (file, row, column, kind), so
tests can check that the importer quarantines, repairs or flags each row as it should.
"""

import numpy as np
import pandas as pd

from analytics.generate.profile import profile
from analytics.reference import load_kecamatan

# Rates are shares of rows of the file (or of families, for family-level keys).
RATES = {
    "nik_excel_float": 0.03,  # 16-digit number mangled to 15 significant digits
    "nik_apostrophe": 0.02,  # leading apostrophe: cleaned
    "nik_separators": 0.02,  # spaces or dots inside: cleaned
    "nik_wrong_length": 0.005,  # 15 or 17 digits: flagged
    "nik_empty": 0.005,
    "nik_duplicate_other_family": 0.003,
    "nik_birthdate_mismatch": 0.005,
    "kk_excel_float": 0.03,  # whole families' No KK mangled
    "kelurahan_variant": 0.40,  # DTKS: spelling variants and case
    "kelurahan_unknown": 0.003,
    "region_code_invalid": 0.003,
    "exact_duplicate": 0.01,
    "coord_missing": 0.03,
    "coord_outside": 0.01,
    "size_zero": 0.002,
    "expenditure_negative": 0.0015,
    "expenditure_missing": 0.0015,
    "expenditure_not_number": 0.001,
    "date_unreadable": 0.002,
    "date_format_mixed": 0.30,
    "yes_no_mixed": 0.10,
}
YES_NO_ENCODINGS = [("YA", "TIDAK"), ("Y", "T"), ("1", "0"), ("TRUE", "FALSE"), ("Ya", "")]
UNKNOWN_KELURAHAN = ["BONTANG", "-", "SANGATTA UTARA", "KEL. BARU"]
# Region codes no gazetteer row has, of four kinds: a kecamatan the region lacks, a
# kelurahan its first kecamatan lacks, a code one digit short, and another city's kelurahan.
BONTANG_INVALID_CODES = ["6474041001", "6474019999", "647401100", "6472011001"]


def invalid_codes() -> list[str]:
    """Bontang's four, or the same four kinds for another region."""
    region = profile()
    if region.shipped:
        return BONTANG_INVALID_CODES
    d = region.digits
    missing_kecamatan = len(load_kecamatan()) + 1
    other = "6474011001" if d != "6474" else "6472011001"
    return [f"{d}{missing_kecamatan:02d}1001", f"{d}019999", f"{d}01100", other]


class DamageLog:
    def __init__(self, year: int, file: str):
        self.year, self.file, self.rows = year, file, []

    def add(self, uids, column, kind, before, after):
        for uid, b, a in zip(np.atleast_1d(uids), np.atleast_1d(before), np.atleast_1d(after)):
            self.rows.append((self.year, self.file, int(uid), column, kind, str(b), str(a)))


def _pick(rng, df, rate, mask=None):
    eligible = np.ones(len(df), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    return np.flatnonzero(eligible & (rng.random(len(df)) < rate))


def _excel_float_text(nik: str) -> str:
    """What a CSV saved from Excel shows for a 16-digit number: `6.47401E+15`."""
    return f"{float(nik):.5E}".replace("E+", "E+").replace(".00000E", "E")


def excel_float_value(nik: str) -> float:
    """What an xlsx cell holds after Excel: the number with 15 significant digits."""
    return float(nik[:15] + "0")


def damage_nik(df, col, rng, log, *, xlsx: bool, rates=RATES, other_pool=None):
    vals = df[col].to_numpy(copy=True)
    taken = np.zeros(len(df), dtype=bool)

    def pick(kind):
        rows = _pick(rng, df, rates[kind], ~taken & pd.notna(vals) & (vals != ""))
        taken[rows] = True
        return rows

    rows = pick("nik_excel_float")
    new = [excel_float_value(v) if xlsx else _excel_float_text(v) for v in vals[rows]]
    log.add(df["_uid"].to_numpy()[rows], col, "nik_excel_float", vals[rows], new)
    vals[rows] = new
    rows = pick("nik_apostrophe")
    new = ["'" + v for v in vals[rows]]
    log.add(df["_uid"].to_numpy()[rows], col, "nik_apostrophe", vals[rows], new)
    vals[rows] = new
    rows = pick("nik_separators")
    new = [
        f"{v[:4]} {v[4:8]} {v[8:12]} {v[12:]}" if i % 2 else f"{v[:6]}.{v[6:12]}.{v[12:]}"
        for i, v in enumerate(vals[rows])
    ]
    log.add(df["_uid"].to_numpy()[rows], col, "nik_separators", vals[rows], new)
    vals[rows] = new
    rows = pick("nik_wrong_length")
    new = [v[:15] if i % 2 else v + "7" for i, v in enumerate(vals[rows])]
    log.add(df["_uid"].to_numpy()[rows], col, "nik_wrong_length", vals[rows], new)
    vals[rows] = new
    rows = pick("nik_empty")
    log.add(df["_uid"].to_numpy()[rows], col, "nik_empty", vals[rows], [""] * len(rows))
    vals[rows] = ""
    if other_pool is not None and len(other_pool):
        rows = pick("nik_duplicate_other_family")
        new = other_pool[rng.integers(0, len(other_pool), len(rows))]
        log.add(df["_uid"].to_numpy()[rows], col, "nik_duplicate_other_family", vals[rows], new)
        vals[rows] = new
    df[col] = vals


def damage_family_key(df, col, family_col, rng, log, rate):
    """Mangle a key for all rows of a share of families (an export sheet gone through Excel)."""
    fams = df[family_col].unique()
    hit = set(fams[rng.random(len(fams)) < rate])
    rows = np.flatnonzero(df[family_col].isin(hit).to_numpy())
    vals = df[col].to_numpy(copy=True)
    new = [_excel_float_text(v) for v in vals[rows]]
    log.add(df["_uid"].to_numpy()[rows], col, "kk_excel_float", vals[rows], new)
    vals[rows] = new
    df[col] = vals


def mix_dates(df, col, rng, log, *, source_format, unreadable_rate=RATES["date_unreadable"]):
    """Mixed Indonesian date formats in one column (never month first), some unreadable."""
    vals = df[col].to_numpy(copy=True)
    dates = pd.to_datetime(pd.Series(vals), format=source_format)
    fmt = rng.choice(["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"], len(vals))
    mixed = rng.random(len(vals)) < RATES["date_format_mixed"]
    for f in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        sel = mixed & (fmt == f)
        vals[sel] = dates[sel].dt.strftime(f).to_numpy()
    rows = _pick(rng, df, unreadable_rate)
    bad = np.array(["31/02/1980", "00-00-0000", "1980", "tgl lahir ?"], dtype=object)[np.arange(len(rows)) % 4]
    log.add(df["_uid"].to_numpy()[rows], col, "date_unreadable", vals[rows], bad)
    vals[rows] = bad
    df[col] = vals


def mix_yes_no(df, cols, rng, log, encoding=None):
    """Re-encode yes/no columns: a file-wide encoding plus rows in another one."""
    rows = _pick(rng, df, RATES["yes_no_mixed"])
    alt = YES_NO_ENCODINGS[rng.integers(0, len(YES_NO_ENCODINGS))]
    for col in cols:
        vals = df[col].to_numpy(copy=True)
        if encoding is not None:
            vals = np.where(vals == "Ya", encoding[0], encoding[1]).astype(object)
        yes = df[col].to_numpy()[rows] == "Ya"
        vals[rows] = np.where(yes, alt[0], alt[1])
        df[col] = vals
    log.add(df["_uid"].to_numpy()[rows], ",".join(cols), "yes_no_mixed", [""] * len(rows), [alt] * len(rows))


def replace_values(df, col, rows, new, kind, log):
    vals = df[col].to_numpy(copy=True)
    new = np.broadcast_to(np.asarray(new, dtype=object), (len(rows),))
    log.add(df["_uid"].to_numpy()[rows], col, kind, vals[rows], new)
    vals[rows] = new
    df[col] = vals


def add_exact_duplicates(df, rng, log, rate=RATES["exact_duplicate"]) -> pd.DataFrame:
    """Copy some rows verbatim, right after the original (as double uploads do)."""
    rows = _pick(rng, df, rate)
    log.add(df["_uid"].to_numpy()[rows], "*", "exact_duplicate", [""] * len(rows), [""] * len(rows))
    order = np.concatenate([np.arange(len(df)), rows])
    order = order[np.argsort(np.concatenate([np.arange(len(df)) * 2.0, rows * 2.0 + 1]), kind="stable")]
    return df.iloc[order].reset_index(drop=True)
