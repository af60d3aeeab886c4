"""Cleaning of register values: NIK and No KK, dates, yes/no, numbers, region names.

Each function takes a pandas Series of raw values (strings from CSV; strings, floats or
dates from xlsx) and returns cleaned values plus, where a value can be damaged, a status,
so that nothing is guessed silently.
"""

import datetime as dt
import re

import numpy as np
import pandas as pd

from analytics.ingest.numerals import number_column
from analytics.ingest.regions import kelurahan_codes
from analytics.reference import kelurahan_name_index, normalize_name

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
# A time part after a date ("1985-04-11 00:00:00", "11/04/1985 00.00"): Excel re-saves add it.
_TIME_PART = r"[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?$"
MONTHS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}


def two_digit_year(yy: pd.Series) -> pd.Series:
    """A two-digit year: up to this year's two digits it is 20yy, above them 19yy (pivot)."""
    pivot = dt.date.today().year % 100
    return yy.where(yy > pivot, yy + 100) + 1900


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates in Indonesian order (day first, never month first), ISO, real date cells, Excel
    serial numbers, with a time part, two-digit years (see :func:`two_digit_year`) and
    Indonesian or English month names; NaT where unreadable.

    >>> dates = ["03/04/1980", "1980-04-03", "03-04-1980", "29314", "31/02/1980", "1980", "1980-04-03 00:00:00",
    ...          "03/04/80", "3 April 1980", "03-Apr-1980", "3 Agustus 1980", "03.04.1980 00.00"]
    >>> [str(d.date()) if pd.notna(d) else None for d in parse_dates(pd.Series(dates))]  # doctest: +ELLIPSIS
    ['1980-04-03', '1980-04-03', '1980-04-03', '1980-04-03', None, None, '1980-04-03', '1980-04-03', '1980-04-03', ...]
    >>> [str(d.date()) for d in parse_dates(pd.Series(["03-Apr-1980", "3 Agustus 1980", "03.04.1980 00.00"]))]
    ['1980-04-03', '1980-08-03', '1980-04-03']
    """
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    raw = values.to_numpy(dtype=object)
    is_date = np.array([isinstance(v, (dt.date, pd.Timestamp)) for v in raw], dtype=bool)
    if is_date.any():
        out[is_date] = pd.to_datetime(pd.Series(raw[is_date], index=values.index[is_date])).dt.normalize()
    is_num = np.array(
        [isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v) for v in raw], dtype=bool
    )
    text = pd.Series(np.where(is_date | is_num, "", raw), index=values.index, dtype=object)
    text = text.fillna("").astype(str).str.strip().str.replace(_TIME_PART, "", regex=True)
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
    todo = out.isna() & (text != "") & ~serial
    if todo.any():
        out[todo] = _spelled_dates(text[todo])
    too_late = out > pd.Timestamp.today()
    out[too_late | (out < pd.Timestamp("1900-01-01"))] = pd.NaT
    return out


def _spelled_dates(text: pd.Series) -> pd.Series:
    """Two-digit years (03/04/80) and month names (3 April 1980, 03-Apr-80, 3 Agustus 1980)."""
    parts = text.str.extract(r"^(\d{1,2})[\s/.-]+([A-Za-z]+\.?|\d{1,2})[\s/.-]+(\d{2}|\d{4})$")
    month = pd.to_numeric(parts[1], errors="coerce")
    named = parts[1].str.lower().str.rstrip(".").map(MONTHS)
    month = month.where(month.notna(), named)
    year = pd.to_numeric(parts[2], errors="coerce")
    year = year.where(parts[2].str.len() != 2, two_digit_year(year))
    frame = pd.DataFrame({"year": year, "month": month, "day": pd.to_numeric(parts[0], errors="coerce")})
    return pd.to_datetime(frame, errors="coerce")


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


def parse_numbers(values: pd.Series, measure: bool = False) -> pd.Series:
    """Numbers from text or cells, the column's convention read from its own cells
    (:mod:`analytics.ingest.numerals`); NaN where not a number. A column that mixes the
    Indonesian and English ways raises :class:`~analytics.ingest.numerals.MixedConventions`.

    >>> parse_numbers(pd.Series(["1.250.000", "Rp 800.000", "975000", "-5", "tidak tahu", 3.0])).tolist()
    [1250000.0, 800000.0, 975000.0, -5.0, nan, 3.0]
    """
    return number_column(values, measure).values


def parse_desil(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Desil 1-10 written ``6``, ``6.0``, ``Desil 6``, ``D6`` or ``D-6``; the second Series marks
    cells that hold something else (left empty, and reported).

    >>> desil, odd = parse_desil(pd.Series(["6", "Desil 6", "D6", 6.0, None, "sebelas", "11"]))
    >>> desil.tolist(), odd.tolist()
    ([6, 6, 6, 6, <NA>, <NA>, <NA>], [False, False, False, False, False, True, True])
    """
    text = values.astype("str").str.strip().fillna("")
    number = pd.Series(np.nan, index=values.index)
    plain = text.str.fullmatch(r"\d{1,2}")
    number[plain] = pd.to_numeric(text[plain])
    other = ~plain & (text != "")
    if other.any():
        digits = text[other].str.extract(r"^(?:desil|d)?[\s.\-]*(\d{1,2})(?:\.0+)?$", flags=re.IGNORECASE)[0]
        number[other] = pd.to_numeric(digits, errors="coerce")
    number = number.where(number.between(1, 10))
    return number.astype("Int64"), (text != "") & number.isna()


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
    return kelurahan_codes(values)[0]


def name_key(values: pd.Series) -> pd.Series:
    """Comparison form of a person's name: upper case letters and spaces only."""
    text = values.fillna("").astype("str").str.upper().str.replace(r"[^A-Z ]", "", regex=True)
    return text.str.replace(r" +", " ", regex=True).str.strip()
