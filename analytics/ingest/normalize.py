"""Cleaning of register values: NIK and No KK, dates, yes/no, numbers, region names.

Each function takes a pandas Series of raw values (strings from CSV; strings, floats or
dates from xlsx) and returns cleaned values plus, where a value can be damaged, a status,
so that nothing is guessed silently.
"""

import datetime as dt
import re

import numpy as np
import pandas as pd

from analytics.reference import kelurahan_name_index, load_kelurahan, normalize_name, normalize_region_code

NIK_VALID, NIK_CLEANED, NIK_EXCEL, NIK_INVALID, NIK_EMPTY = (
    "valid",
    "cleaned",
    "excel_damaged",
    "invalid",
    "empty",
)
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-]")
_FLOAT_TEXT = re.compile(r"\d{16}\.0+")
_SIXTEEN = re.compile(r"\d{16}")


def clean_identifier(value) -> tuple[str | None, str]:
    """Clean one NIK or No KK to 16 digits where that is safe.

    Excel keeps 15 significant digits: a 16-digit number that went through it ends in 0
    and cannot be told from a real one, so numeric cells ending in 0 and scientific
    notation are flagged ``excel_damaged`` and never guessed.

    >>> clean_identifier("6474011204850003")
    ('6474011204850003', 'valid')
    >>> clean_identifier("'6474011204850003")
    ('6474011204850003', 'cleaned')
    >>> clean_identifier("6474 0112 0485 0003")
    ('6474011204850003', 'cleaned')
    >>> clean_identifier("6.47401E+15")
    (None, 'excel_damaged')
    >>> clean_identifier(6474011204850000.0)
    (None, 'excel_damaged')
    >>> clean_identifier(6474011204850003.0)
    ('6474011204850003', 'cleaned')
    >>> clean_identifier("647401120485000")
    (None, 'invalid')
    >>> clean_identifier("")
    (None, 'empty')
    """
    if type(value) is str and len(value) == 16 and value.isdigit() and value.isascii():
        return value, NIK_VALID  # the common case, checked first for speed
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None, NIK_EMPTY
    if isinstance(value, (float, int, np.integer, np.floating)) and not isinstance(value, bool):
        digits = f"{int(value):d}" if float(value) == int(value) else ""
        if len(digits) == 16:
            return (None, NIK_EXCEL) if digits.endswith("0") else (digits, NIK_CLEANED)
        return None, NIK_INVALID
    text = str(value).strip()
    if not text:
        return None, NIK_EMPTY
    if _SCIENTIFIC.match(text):
        return None, NIK_EXCEL
    stripped = text.lstrip("'`")
    if _FLOAT_TEXT.fullmatch(stripped):
        # A float printed as text: it went through a number type on the way.
        digits = stripped.split(".")[0]
        return (None, NIK_EXCEL) if digits.endswith("0") else (digits, NIK_CLEANED)
    digits = _SEPARATORS.sub("", stripped)
    if _SIXTEEN.fullmatch(digits):
        return digits, (NIK_VALID if digits == text else NIK_CLEANED)
    return None, NIK_INVALID


def clean_identifiers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    pairs = [clean_identifier(v) for v in values.to_numpy(dtype=object)]
    cleaned = pd.Series([p[0] for p in pairs], index=values.index, dtype=object)
    status = pd.Series([p[1] for p in pairs], index=values.index, dtype=object)
    return cleaned, status


def nik_birth_dates(niks: pd.Series) -> pd.Series:
    """Birth dates encoded in NIKs (digits 7-12 as DDMMYY, day + 40 for women); NaT where
    the digits are no date.

    >>> nik_birth_dates(pd.Series(["6474015204850003", "6474010101990001", None])).tolist()
    [Timestamp('1985-04-12 00:00:00'), Timestamp('1999-01-01 00:00:00'), NaT]
    """
    valid = niks.notna()
    text = niks.where(valid, "0000000000000000").astype(str)
    day = pd.to_numeric(text.str[6:8], errors="coerce")
    day = day.where(day <= 40, day - 40)
    month = pd.to_numeric(text.str[8:10], errors="coerce")
    yy = pd.to_numeric(text.str[10:12], errors="coerce")
    this_year = dt.date.today().year
    year = np.where(yy > this_year % 100, 1900 + yy, 2000 + yy)
    parts = pd.DataFrame({"year": year, "month": month, "day": day}, index=niks.index)
    out = pd.to_datetime(parts, errors="coerce")
    return out.where(valid)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates in Indonesian order (day first, never month first), ISO, real date cells or
    Excel serial numbers; NaT where unreadable.

    >>> dates = ["03/04/1980", "1980-04-03", "03-04-1980", "29314", "31/02/1980", "1980"]
    >>> [str(d.date()) if pd.notna(d) else None for d in parse_dates(pd.Series(dates))]
    ['1980-04-03', '1980-04-03', '1980-04-03', '1980-04-03', None, None]
    """
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    raw = values.to_numpy(dtype=object)
    is_date = np.array([isinstance(v, (dt.date, pd.Timestamp)) for v in raw], dtype=bool)
    if is_date.any():
        out[is_date] = pd.to_datetime(pd.Series(raw[is_date], index=values.index[is_date]))
    is_num = np.array(
        [isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v) for v in raw], dtype=bool
    )
    text = pd.Series(np.where(is_date | is_num, "", raw), index=values.index, dtype=object)
    text = text.fillna("").astype(str).str.strip()
    serial = text.str.fullmatch(r"\d{5}(\.0+)?") | pd.Series(is_num, index=values.index)
    num = pd.to_numeric(pd.Series(np.where(is_num, raw, text), index=values.index), errors="coerce")
    # 10000 = 1927-05-18: a bare 4-digit number is more likely a year than a date serial.
    serial &= num.between(10000, 60000)
    if serial.any():
        out[serial] = _EXCEL_EPOCH + pd.to_timedelta(num[serial].astype(int), unit="D")
    for fmt in _DATE_FORMATS:
        todo = out.isna() & (text != "") & ~serial
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    too_late = out > pd.Timestamp.today()
    out[too_late | (out < pd.Timestamp("1900-01-01"))] = pd.NaT
    return out


_YES = {"YA", "Y", "1", "TRUE", "BENAR", "1.0"}
_NO = {"TIDAK", "T", "0", "FALSE", "SALAH", "", "0.0", "NAN", "NONE", "-"}


def parse_yes_no(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Booleans from every yes/no encoding of the registers (blank means no); the second
    Series marks values that are none of them (counted as no, and reported).

    >>> parse_yes_no(pd.Series(["Ya", "TIDAK", "Y", "T", "1", "0", "TRUE", "", None, "mungkin"]))[0].tolist()
    [True, False, True, False, True, False, True, False, False, False]
    """
    norm = values.astype(object).where(values.notna(), "").astype(str).str.strip().str.upper()
    yes = norm.isin(_YES)
    unknown = ~yes & ~norm.isin(_NO)
    return yes, unknown


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers from text or cells; Indonesian thousands dots and decimal commas accepted
    ("1.250.000", "1250000,50", "Rp 800.000"); NaN where not a number.

    >>> parse_numbers(pd.Series(["1.250.000", "Rp 800.000", "975000", "-5", "tidak tahu", 3.0])).tolist()
    [1250000.0, 800000.0, 975000.0, -5.0, nan, 3.0]
    """
    raw = values.to_numpy(dtype=object)
    text = pd.Series(raw, index=values.index, dtype=object).fillna("").astype(str).str.strip()
    text = text.str.replace(r"^[Rr][Pp]\.?\s*", "", regex=True).str.replace(" ", "", regex=False)
    thousands = text.str.match(_THOUSANDS)
    text = text.where(~thousands, text.str.replace(".", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


_NAME_PREFIX = re.compile(r"^(KELURAHAN|KEL\.?|DESA)\s+", re.IGNORECASE)


def kelurahan_codes_from_names(values: pd.Series) -> pd.Series:
    """Kemendagri code for each kelurahan name, through the gazetteer and its spelling
    variants ("LOKTUAN", "Api-api", "BEREBAS TENGAH"); None where unknown.

    >>> kelurahan_codes_from_names(pd.Series(["Loktuan", "API API", "Kel. Kanaan", "BONTANG"])).tolist()
    ['64.74.01.1003', '64.74.01.1006', '64.74.03.1003', None]
    """
    index = kelurahan_name_index()
    keys = values.fillna("").astype(str).str.strip().str.replace(_NAME_PREFIX, "", regex=True)
    return pd.Series([index.get(normalize_name(v)) for v in keys], index=values.index, dtype=object)


def kelurahan_codes_from_codes(values: pd.Series) -> pd.Series:
    """Dotted Kemendagri code when the value is a known Bontang kelurahan, else None.

    >>> kelurahan_codes_from_codes(pd.Series(["6474011001", "64.74.02.1003", "6474041001", 6474031002.0])).tolist()
    ['64.74.01.1001', '64.74.02.1003', None, '64.74.03.1002']
    """
    known = set(load_kelurahan()["kode"])

    def one(v):
        if isinstance(v, float) and not np.isnan(v):
            v = f"{int(v)}"
        code = normalize_region_code(v) if v is not None and not pd.isna(v) else None
        return code if code in known else None

    return pd.Series([one(v) for v in values.to_numpy(dtype=object)], index=values.index, dtype=object)


def name_key(values: pd.Series) -> pd.Series:
    """Comparison form of a person's name: upper case letters and spaces only."""
    return values.fillna("").astype(str).str.upper().str.replace(r"[^A-Z ]", "", regex=True).str.split().str.join(" ")
