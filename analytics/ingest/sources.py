"""Per-source preparation: map columns, drop exact duplicates, check, normalise.

Each `prepare_*` takes the raw frame of one file (internal column names, `_row`) and the
NIK key, and returns the loadable rows with typed, normalised columns, while the RowChecks
it fills keeps the quarantined rows and the flagged issues.

NIK and No KK leave a preparer only as keyed pseudonyms (`*_hash`, HMAC-SHA256 with the key
from `analytics.access.pseudonym.nik_key`) and, for display, masked (`*_masked`): the
cleaned 16 digits are used here for the checks (birth date in the NIK) and then dropped, so
no staging or integrated table holds a full NIK (UU 27/2022). Linkage joins on equal keys,
which equal pseudonyms preserve.
"""

import numpy as np
import pandas as pd

from analytics.access.pseudonym import mask_nik, pseudonymise_series
from analytics.ingest import keys
from analytics.ingest import normalize as nz
from analytics.ingest import plausibility as pl
from analytics.ingest.regions import kelurahan_codes
from analytics.ingest.rules import RowChecks
from analytics.reference import load_kelurahan, region_extent


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    if name in raw:
        return raw[name]
    return pd.Series(None, index=raw.index, dtype=object)


def _text(raw: pd.DataFrame, name: str) -> pd.Series:
    s = _col(raw, name)
    if pd.api.types.is_string_dtype(s.dtype) and s.dtype != object:  # a CSV column: text stays Arrow text
        text = s.str.strip()
        return text.where(text != "")
    text = s.astype(object).where(s.notna(), "").astype(str).str.strip()
    return text.where(text != "", None).astype(object)


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | (s.astype(str).str.strip() == "")


def _integer(checks: RowChecks, raw: pd.DataFrame, name: str) -> pd.Series:
    return checks.numbers(name).round().astype("Int64")


def _desil(checks: RowChecks, raw: pd.DataFrame, name: str = "desil") -> pd.Series:
    desil, odd = nz.parse_desil(_col(raw, name))
    checks.flag(odd, "desil_unreadable", checks.headers.get(name, name), _col(raw, name))
    return desil


def _masked(niks: pd.Series) -> pd.Series:
    """Display form of cleaned NIKs; None where there is no NIK (so SQL can test `is null`)."""
    return pd.Series([mask_nik(v) if v is not None else None for v in niks], index=niks.index, dtype=object)


def _reject_conflicting_ids(checks: RowChecks, ids: pd.Series) -> None:
    """A second row with the same id but other content (exact copies are merged earlier)."""
    live = ids.notna() & ~checks.rejected
    taken = checks.context.seen_ids  # ids of earlier chunks of the file
    dup = ids[live].duplicated(keep="first")
    if taken:
        dup |= ids[live].isin(taken)
    taken.update(ids[live][~dup].tolist())
    checks.reject(dup.reindex(ids.index, fill_value=False), "id_duplicate_different", ids)


def _dates(checks: RowChecks, raw: pd.DataFrame, name: str, required: bool = True) -> pd.Series:
    """Dates of a column; an unreadable one quarantines its row when the column is required,
    else it is flagged and left empty (the row stays)."""
    values = _col(raw, name)
    parsed = nz.parse_dates(values)
    unreadable = parsed.isna() & ~_blank(values)
    if required:
        checks.reject(unreadable, "date_unreadable", values)
    else:
        checks.flag(unreadable, "date_unreadable", checks.headers.get(name, name), values)
    checks.flag(_blank(values), "birth_date_missing", name)
    return parsed


def _identifier(checks: RowChecks, raw: pd.DataFrame, name: str) -> tuple[pd.Series, pd.Series]:
    values = _col(raw, name)
    cleaned, status = nz.clean_identifiers(values)
    checks.flag_identifier_status(status, name, values)
    if name in raw:
        keys.record(checks, name, cleaned, status)
    return cleaned, status


def _check_nik_birth_date(checks, nik: pd.Series, birth: pd.Series, column: str) -> None:
    """Flag a NIK whose birth-date digits disagree with the recorded birth date."""
    both = nik.notna() & birth.notna()
    encoded = nz.nik_birth_dates(nik.where(both))
    differs = both & encoded.notna() & (encoded != birth)
    shown = encoded.dt.strftime("%d-%m-%Y") + " vs " + birth.dt.strftime("%d-%m-%Y")
    checks.flag(differs, "nik_birth_date_mismatch", column, shown)


def _yes_no(checks: RowChecks, raw: pd.DataFrame, name: str) -> pd.Series:
    values = _col(raw, name)
    yes, unknown = nz.parse_yes_no(values)
    checks.flag(unknown, "yes_no_unknown", name, values)
    return yes


def _region_codes(raw: pd.DataFrame, checks: RowChecks) -> pd.Series:
    """Kelurahan codes of the region column; a BPS code without a crosswalk row and an unknown
    code are quarantined with their own reasons."""
    values = _col(raw, "region_code")
    kode, bps = kelurahan_codes(values)
    checks.reject(bps, "region_bps_code", values)
    checks.reject(kode.isna(), "region_unknown", values)
    return kode


def _id_and_region(raw: pd.DataFrame, checks: RowChecks, id_column: str) -> tuple[pd.Series, pd.Series]:
    """A family row's id and kelurahan code; a row without either is quarantined, as is a
    row that says it is a total."""
    pl.reject_total_rows(
        checks, [_col(raw, c) for c in (id_column, "region_code", "head_name", "kelurahan_name") if c in raw]
    )
    family_id = _text(raw, id_column)
    checks.reject(pl.scientific_ids(_col(raw, id_column)), "id_excel_damaged", _col(raw, id_column))
    checks.reject(family_id.isna(), "id_missing")
    return family_id, _region_codes(raw, checks)


def prepare_regsosek(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    family_id, kode = _id_and_region(raw, checks, "family_id")
    size = checks.numbers("size")
    checks.reject(size.isna() | (size < 1) | (size != size.round()), "household_size_invalid", _col(raw, "size"))
    pl.reject_total_rows(checks, [], size, kode)
    pl.reject_implausible_sizes(checks, size, _col(raw, "size"), checks.options.max_household_size)
    expenditure = _expenditure(raw, checks)
    birth = _dates(checks, raw, "head_birth_date", required=False)
    _reject_conflicting_ids(checks, family_id)
    no_kk, kk_status = _identifier(checks, raw, "no_kk")
    head_nik, nik_status = _identifier(checks, raw, "head_nik")
    _check_nik_birth_date(checks, head_nik, birth, "head_nik")

    lat, lon, coord_status = _coordinates(raw, checks)
    kec = kode.map(load_kelurahan().set_index("kode")["kode_kecamatan"])
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "family_id": family_id,
            "kode_kelurahan": kode,
            "kode_kecamatan": kec,
            "no_kk_hash": pseudonymise_series(no_kk, key),
            "no_kk_status": kk_status,
            "head_nik_hash": pseudonymise_series(head_nik, key),
            "head_nik_masked": _masked(head_nik),
            "head_nik_status": nik_status,
            "head_name": _text(raw, "head_name"),
            "head_name_key": nz.name_key(_col(raw, "head_name")),
            "head_birth_date": birth,
            "head_sex": _text(raw, "head_sex"),
            "address": _text(raw, "address"),
            "rt": _text(raw, "rt"),
            "rw": _text(raw, "rw"),
            "lat": lat.where(coord_status == "ok"),
            "lon": lon.where(coord_status == "ok"),
            "coord_status": coord_status,
            "size": size.round().astype("Int64"),
            "expenditure_pc": expenditure,
            "percentile": _integer(checks, raw, "percentile"),
            "desil": _desil(checks, raw),
            **{c: _integer(checks, raw, c) for c in _MEMBER_COUNTS},
            **{c: _text(raw, c) for c in _DWELLING},
        }
    )
    return clean[~checks.rejected]


def _expenditure(raw: pd.DataFrame, checks: RowChecks) -> pd.Series:
    """Per-capita expenditure where the file has the column (a Pemda's own census); a real
    Regsosek export has none (all null: the welfare source is then a model or nothing)."""
    if "expenditure_pc" not in raw:
        return pd.Series(np.nan, index=raw.index, dtype=float)
    exp_raw = raw["expenditure_pc"]
    expenditure = checks.numbers("expenditure_pc")
    checks.reject(_blank(exp_raw), "expenditure_missing")
    checks.reject(expenditure.isna(), "expenditure_not_a_number", exp_raw)
    checks.reject(expenditure <= 0, "expenditure_not_positive", exp_raw)
    return expenditure


_MEMBER_COUNTS = ("n_toddlers", "n_school", "n_out_of_school", "n_working_age", "n_working", "n_elderly", "n_disabled")
_DWELLING = (
    "head_education",
    "floor",
    "wall",
    "roof",
    "water_source",
    "sanitation",
    "lighting",
    "cooking_fuel",
    "health_insurance",
)


def _coordinates(raw: pd.DataFrame, checks: RowChecks):
    """Latitude, longitude and their status ('ok', 'missing', 'outside' the city); flagged, never rejected."""
    lat = checks.numbers("lat", measure=True)
    lon = checks.numbers("lon", measure=True)
    scale = pl.wrong_scale_coordinates(lat, lon)
    if scale.any():
        checks.flag(
            scale,
            "coordinates_scale",
            "latitude/longitude",
            _col(raw, "lat").astype("str") + ", " + _col(raw, "lon").astype("str"),
        )
        checks.notes.append(f"{int(scale.sum())} pasang koordinat bukan derajat (titik desimal hilang?); dikosongkan")
        lat, lon = lat.where(~scale), lon.where(~scale)
    missing = lat.isna() | lon.isna()
    # The region's extent with a margin of about 3 km: a dwelling outside it is not in the region.
    extent = region_extent()
    inside = lon.between(*extent["lon"]) & lat.between(*extent["lat"]) if extent else pd.Series(True, index=lon.index)
    coord_status = np.where(missing, "missing", np.where(inside, "ok", "outside"))
    checks.flag(missing, "coordinates_missing", "latitude/longitude")
    checks.flag(
        ~missing & ~inside, "coordinates_outside", "latitude/longitude", lat.astype(str) + ", " + lon.astype(str)
    )
    return lat, lon, coord_status


def prepare_dtks(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    names = _col(raw, "kelurahan_name")
    pl.reject_total_rows(checks, [_col(raw, c) for c in ("kelurahan_name", "name", "dtks_id") if c in raw])
    kode = nz.kelurahan_codes_from_names(names)
    checks.reject(kode.isna(), "region_unknown", names)
    birth = _dates(checks, raw, "birth_date")
    dtks_id = _text(raw, "dtks_id")
    _reject_conflicting_ids(checks, dtks_id)
    no_kk, kk_status = _identifier(checks, raw, "no_kk")
    nik, nik_status = _identifier(checks, raw, "nik")
    _check_nik_birth_date(checks, nik, birth, "nik")
    relationship = _text(raw, "relationship")
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "dtks_id": dtks_id,
            "kode_kelurahan": kode,
            # The raw No KK text only groups the members of one household (linkage of
            # members whose own keys failed): equality is all that is used, so a pseudonym
            # of the text serves as well and keeps a whole No KK out of the table.
            "raw_kk_hash": pseudonymise_series(_col(raw, "no_kk").astype(str), key),
            "no_kk_hash": pseudonymise_series(no_kk, key),
            "no_kk_status": kk_status,
            "nik_hash": pseudonymise_series(nik, key),
            "nik_masked": _masked(nik),
            "nik_status": nik_status,
            "name": _text(raw, "name"),
            "name_key": nz.name_key(_col(raw, "name")),
            "birth_date": birth,
            "sex": _sex(_col(raw, "sex")),
            "relationship": relationship,
            "is_head": relationship.fillna("").str.upper().str.contains("KEPALA"),
            "occupation": _text(raw, "occupation"),
            "address": _text(raw, "address"),
            "rt": _text(raw, "rt"),
            "rw": _text(raw, "rw"),
            "receives_pkh": _yes_no(checks, raw, "pkh"),
            "receives_sembako": _yes_no(checks, raw, "bpnt") | _yes_no(checks, raw, "bpnt_ppkm"),
            "receives_pbi": _yes_no(checks, raw, "pbi"),
        }
    )
    return clean[~checks.rejected]


P3KE_PROGRAMS = {
    "pkh": "pkh",
    "bpnt": "sembako",
    "sembako": "sembako",
    "bst": "bst",
    "bpum": "bpum",
    "prakerja": "prakerja",
    "kur": "kur",
}


def _p3ke_programs(checks: RowChecks, raw: pd.DataFrame) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for column, program in P3KE_PROGRAMS.items():
        flags = _yes_no(checks, raw, column)
        key = f"receives_{program}"
        out[key] = out[key] | flags if key in out else flags
    return out


def prepare_p3ke_keluarga(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    family_id, kode = _id_and_region(raw, checks, "p3ke_family_id")
    birth = _dates(checks, raw, "head_birth_date")
    _reject_conflicting_ids(checks, family_id)
    head_nik, nik_status = _identifier(checks, raw, "head_nik")
    _check_nik_birth_date(checks, head_nik, birth, "head_nik")
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "p3ke_family_id": family_id,
            "kode_kelurahan": kode,
            "desil": _desil(checks, raw),
            "percentile": _integer(checks, raw, "percentile"),
            "head_nik_hash": pseudonymise_series(head_nik, key),
            "head_nik_masked": _masked(head_nik),
            "head_nik_status": nik_status,
            "head_name": _text(raw, "head_name"),
            "head_name_key": nz.name_key(_col(raw, "head_name")),
            "head_birth_date": birth,
            **_p3ke_programs(checks, raw),
        }
    )
    return clean[~checks.rejected]


def prepare_p3ke_individu(raw: pd.DataFrame, checks: RowChecks, key: bytes) -> pd.DataFrame:
    pl.reject_total_rows(checks, [_col(raw, c) for c in ("p3ke_family_id", "name", "kelurahan_name") if c in raw])
    family_id = _text(raw, "p3ke_family_id")
    checks.reject(family_id.isna(), "id_missing")
    if "region_code" in raw:
        kode = _region_codes(raw, checks)
    else:
        kode = nz.kelurahan_codes_from_names(_col(raw, "kelurahan_name"))
        checks.reject(kode.isna(), "region_unknown", _col(raw, "kelurahan_name"))
    birth = _dates(checks, raw, "birth_date")
    person_id = _text(raw, "person_id")
    _reject_conflicting_ids(checks, person_id)
    nik, nik_status = _identifier(checks, raw, "nik")
    _check_nik_birth_date(checks, nik, birth, "nik")
    clean = pd.DataFrame(
        {
            "row_number": raw["_row"].astype(int),
            "p3ke_family_id": family_id,
            "person_id": person_id,
            "kode_kelurahan": kode,
            "nik_hash": pseudonymise_series(nik, key),
            "nik_masked": _masked(nik),
            "nik_status": nik_status,
            "name": _text(raw, "name"),
            "birth_date": birth,
            "sex": _sex(_col(raw, "sex")),
            "relationship": _text(raw, "relationship"),
            "occupation": _text(raw, "occupation"),
            "education": _text(raw, "education"),
            **_p3ke_programs(checks, raw),
        }
    )
    return clean[~checks.rejected]


def _sex(values: pd.Series) -> pd.Series:
    up = values.fillna("").astype(str).str.strip().str.upper()
    return pd.Series(
        np.select([up.str.startswith("L"), up.str.startswith("P")], ["L", "P"], None),
        index=values.index,
        dtype=object,
    )
