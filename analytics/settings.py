"""Every setting of the product, read and checked in one place.

A setting comes from an environment variable (``KEMISKINAN_*``), or for the two entries of
Streamlit's ``secrets.toml`` from the mapping the dashboard passes in. :data:`SETTINGS` is
the table of them all (name, default, meaning); the README's settings table is checked
against it by a test. :func:`settings` reads the environment each time it is called (cheap),
so a changed variable takes effect at the next call; the dashboard and the command line call
it once at start-up, so a wrong value stops them with one Indonesian message
(:class:`analytics.errors.ConfigError`) before anything else runs.

Fixed locations (not settings): ``data/reference/`` (gazetteer and official series),
``var/`` (the demo data) and, by default, the key files in ``~/.config/kemiskinan/``
(``$XDG_CONFIG_HOME/kemiskinan``), outside the project and its data.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import ConfigError
from analytics.paths import COLUMN_MAPPING_FILE, KEY_DIR


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    field: str  # attribute of Settings
    name: str  # environment variable, or secrets entry written as [section] key
    default: str  # as the README shows it
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "region",
        "KEMISKINAN_REGION",
        "(the region of data/reference/kelurahan.csv: the demo's)",
        "Kemendagri code of the kabupaten/kota served, e.g. 64.72; its imports and database must be of it",
    ),
    Setting(
        "database",
        "KEMISKINAN_DB",
        "(demo database var/demo.duckdb)",
        "the DuckDB database the dashboard reads; unset: the demo database, built on first start",
    ),
    Setting("nik_key_hex", "KEMISKINAN_NIK_KEY", "(unset: key file)", "NIK / No KK pseudonym key, hex (>= 16 bytes)"),
    Setting(
        "nik_key_file",
        "KEMISKINAN_NIK_KEY_FILE",
        "~/.config/kemiskinan/nik.key",
        "file of the NIK pseudonym key (created mode 0600 on the first import; outside the data folder)",
    ),
    Setting(
        "session_key_hex",
        "KEMISKINAN_SESSION_KEY",
        "(unset: key file)",
        "key that signs session tokens, hex (>= 16 bytes); changing it signs everyone out",
    ),
    Setting(
        "session_key_file",
        "KEMISKINAN_SESSION_KEY_FILE",
        "~/.config/kemiskinan/session.key",
        "file of the session key (created mode 0600 on first start)",
    ),
    Setting(
        "audit_key_hex",
        "KEMISKINAN_AUDIT_KEY",
        "(unset: key file)",
        "key of the audit log's hash chain, hex (>= 16 bytes); keep it apart from the database",
    ),
    Setting(
        "audit_key_file",
        "KEMISKINAN_AUDIT_KEY_FILE",
        "~/.config/kemiskinan/audit.key",
        "file of the audit chain key (created mode 0600 on the first audit entry)",
    ),
    Setting(
        "role_map_file",
        "KEMISKINAN_ROLE_MAP",
        "(unset)",
        "OIDC e-mail-to-role mapping file (TOML); `[kemiskinan] peta_peran` in secrets.toml wins",
    ),
    Setting("role_map_file", "[kemiskinan] peta_peran", "(unset)", "the same mapping file, named in secrets.toml"),
    Setting(
        "oidc",
        "[auth]",
        "(absent: local accounts)",
        "Streamlit's OIDC sign-in section in secrets.toml; present: `st.login` replaces the form",
    ),
    Setting(
        "p4gn_file",
        "KEMISKINAN_P4GN_FILE",
        "(demo example statuses)",
        "the P4GN team's kelurahan status CSV (kelurahan, status, tanggal, sumber)",
    ),
    Setting(
        "comparison_file",
        "KEMISKINAN_COMPARISON_FILE",
        "(the shipped series of the region's province and Indonesia)",
        "province and national poverty series for Evaluasi Tahunan (region, year, measure, value, kind, source)",
    ),
    Setting(
        "kabkota_file",
        "KEMISKINAN_KABKOTA_FILE",
        "(unset: no kab/kota quadrant)",
        "BPS P0 and P2 of the province's kab/kota for Evaluasi Tahunan (kode, nama, year, p0_pct, p2_bps, kind, "
        "source)",
    ),
    Setting(
        "budget_file",
        "KEMISKINAN_BUDGET_FILE",
        "(unset: no cost per family)",
        "programme budgets for Evaluasi Tahunan (program, year, rupiah, source)",
    ),
    Setting(
        "target_file",
        "KEMISKINAN_TARGET_FILE",
        "(demo example targets, marked CONTOH)",
        "the region's poverty targets for Evaluasi Tahunan (indicator, year, target, kind, source)",
    ),
    Setting(
        "boundary_file",
        "KEMISKINAN_BOUNDARY_FILE",
        "(the region's shipped file, else schematic)",
        "official kelurahan boundaries, GeoJSON or shapefile",
    ),
    Setting(
        "map_style",
        "KEMISKINAN_MAP_STYLE",
        "(unset: no basemap, works offline)",
        "MapLibre style URL of the city's own tile server",
    ),
    Setting(
        "column_mapping_file",
        "KEMISKINAN_COLUMN_MAPPING",
        "data/column_mapping.toml",
        "mapping of export headers to internal columns",
    ),
    Setting("upload_file_mb", "KEMISKINAN_UPLOAD_MAX_MB", "200", "largest uploaded file on Impor Data, MB"),
    Setting("upload_total_mb", "KEMISKINAN_UPLOAD_TOTAL_MAX_MB", "500", "all files of one upload together, MB"),
    Setting(
        "upload_unpacked_mb",
        "KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB",
        "2048",
        "unpacked content of one xlsx, MB (zip-bomb guard)",
    ),
    Setting(
        "name_similarity",
        "KEMISKINAN_NAME_SIMILARITY",
        "0.92",
        "Jaro-Winkler similarity of heads' names needed to link records whose keys are damaged",
    ),
    Setting(
        "max_failed_sign_ins",
        "KEMISKINAN_MAX_FAILED_SIGN_INS",
        "5",
        "wrong passwords for one user name within the lockout window before it is locked",
    ),
    Setting(
        "max_failed_per_address",
        "KEMISKINAN_MAX_FAILED_SIGN_INS_PER_ADDRESS",
        "20",
        "wrong passwords from one client address (any user names) within the lockout window before it is refused",
    ),
    Setting("lockout_minutes", "KEMISKINAN_LOCKOUT_MINUTES", "15", "lockout window, minutes"),
    Setting("session_hours", "KEMISKINAN_SESSION_HOURS", "10", "longest life of a signed-in session, hours"),
    Setting(
        "idle_minutes",
        "KEMISKINAN_IDLE_MINUTES",
        "30",
        "a session without any page run for this long ends (sign in again), minutes",
    ),
    Setting("min_password_length", "KEMISKINAN_MIN_PASSWORD_LENGTH", "8", "shortest password of a local account"),
    Setting(
        "near_factor",
        "KEMISKINAN_VERIFICATION_NEAR_FACTOR",
        "1.2",
        "field-verification list: families below this multiple of the line are scored",
    ),
    Setting(
        "import_max_quarantine_share",
        "KEMISKINAN_IMPORT_MAX_QUARANTINE_SHARE",
        "0.05",
        "import stops when a file has more than this share of its rows quarantined (unless overridden)",
    ),
    Setting(
        "import_min_frame_share",
        "KEMISKINAN_IMPORT_MIN_FRAME_SHARE",
        "0.8",
        "import stops when a year's Regsosek families are fewer than this share of the previous year's",
    ),
    Setting(
        "import_max_household_size",
        "KEMISKINAN_IMPORT_MAX_HOUSEHOLD_SIZE",
        "30",
        "a family larger than this is quarantined as implausible (a total row?)",
    ),
    Setting(
        "import_expenditure_factor",
        "KEMISKINAN_IMPORT_EXPENDITURE_FACTOR",
        "10",
        "import stops when median expenditure is more than this factor above or below the poverty line",
    ),
)


@dataclass(frozen=True)
class Settings:
    """The values in effect (see :data:`SETTINGS` for what each means)."""

    region: str | None = None
    database: Path | None = None
    nik_key_hex: str | None = None
    nik_key_file: Path = KEY_DIR / "nik.key"
    session_key_hex: str | None = None
    session_key_file: Path = KEY_DIR / "session.key"
    audit_key_hex: str | None = None
    audit_key_file: Path = KEY_DIR / "audit.key"
    role_map_file: Path | None = None
    oidc: bool = False
    p4gn_file: Path | None = None
    comparison_file: Path | None = None
    target_file: Path | None = None
    kabkota_file: Path | None = None
    budget_file: Path | None = None
    boundary_file: Path | None = None
    map_style: str | None = None
    column_mapping_file: Path = COLUMN_MAPPING_FILE
    upload_file_mb: float = 200.0
    upload_total_mb: float = 500.0
    upload_unpacked_mb: float = 2048.0
    name_similarity: float = 0.92
    max_failed_sign_ins: int = 5
    max_failed_per_address: int = 20
    lockout_minutes: float = 15.0
    session_hours: float = 10.0
    idle_minutes: float = 30.0
    min_password_length: int = 8
    near_factor: float = 1.2
    import_max_quarantine_share: float = 0.05
    import_min_frame_share: float = 0.8
    import_max_household_size: int = 30
    import_expenditure_factor: float = 10.0


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _path(value: str | None) -> Path | None:
    value = _text(value)
    return Path(value).expanduser() if value else None


def _number(name: str, low: float, high: float, integer: bool = False) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = math.nan
        if not (low <= number <= high) or (integer and number != int(number)):
            kind = "bilangan bulat" if integer else "angka"
            # A mistyped limit must never silently become "no limit".
            raise ConfigError(f"{name} harus berupa {kind} antara {_show(low)} dan {_show(high)}, bukan {value!r}.")
        return int(number) if integer else number

    return parse


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


_NUMBERS: dict[str, tuple[float, float, bool]] = {
    "upload_file_mb": (0.001, 1e6, False),
    "upload_total_mb": (0.001, 1e6, False),
    "upload_unpacked_mb": (0.001, 1e6, False),
    "name_similarity": (0.5, 1.0, False),
    "max_failed_sign_ins": (1, 1000, True),
    "max_failed_per_address": (1, 100000, True),
    "lockout_minutes": (1, 24 * 60, False),
    "session_hours": (0.1, 24 * 7, False),
    "idle_minutes": (1, 24 * 60, False),
    "min_password_length": (4, 256, True),
    "near_factor": (1.0, 10.0, False),
    "import_max_quarantine_share": (0.0, 1.0, False),
    "import_min_frame_share": (0.0, 1.0, False),
    "import_max_household_size": (5, 1000, True),
    "import_expenditure_factor": (1.5, 1000, False),
}
_PATHS = (
    "database",
    "nik_key_file",
    "session_key_file",
    "audit_key_file",
    "role_map_file",
    "p4gn_file",
    "comparison_file",
    "target_file",
    "kabkota_file",
    "budget_file",
    "boundary_file",
    "column_mapping_file",
)


def settings(environ: Mapping[str, str] | None = None, secrets: Mapping | None = None) -> Settings:
    """The settings from ``environ`` (default: the process environment) and ``secrets``
    (Streamlit's ``st.secrets`` as a mapping, when the dashboard runs).

    >>> settings({}).max_failed_sign_ins
    5
    >>> settings({"KEMISKINAN_UPLOAD_MAX_MB": "0,5"}).upload_file_mb
    0.5
    >>> settings({"KEMISKINAN_LOCKOUT_MINUTES": "lima"})
    Traceback (most recent call last):
    ...
    analytics.errors.ConfigError: KEMISKINAN_LOCKOUT_MINUTES harus berupa angka antara 1 dan 1440, bukan 'lima'.
    """
    env = os.environ if environ is None else environ
    values: dict = {}
    for row in SETTINGS:
        if row.name.startswith("["):
            continue
        raw = _text(env.get(row.name))
        if raw is None:
            continue
        if row.field in _NUMBERS:
            low, high, integer = _NUMBERS[row.field]
            values[row.field] = _number(row.name, low, high, integer)(raw)
        elif row.field in _PATHS:
            values[row.field] = _path(raw)
        elif row.field == "region":
            values[row.field] = region_setting({row.name: raw})
        else:
            values[row.field] = raw
    values.update(_from_secrets(secrets))
    result = Settings(**values)
    _check_files(result)
    return result


def region_setting(env: Mapping[str, str]) -> str | None:
    """The region ``KEMISKINAN_REGION`` names, as a dotted Kemendagri kabupaten/kota code, or
    None when unset; :class:`ConfigError` when the gazetteer has no such kabupaten/kota.

    >>> region_setting({"KEMISKINAN_REGION": " 6472 "}), region_setting({})
    ('64.72', None)
    >>> region_setting({"KEMISKINAN_REGION": "64.99"})
    Traceback (most recent call last):
    ...
    analytics.errors.ConfigError: KEMISKINAN_REGION: '64.99' bukan kode kabupaten/kota Kemendagri (mis. 64.72).
    """
    raw = _text(env.get("KEMISKINAN_REGION"))
    if raw is None:
        return None
    digits = re.sub(r"[^0-9]", "", raw)
    code = f"{digits[:2]}.{digits[2:]}" if len(digits) == 4 else raw
    from analytics import gazetteer  # reads the national file only when a region is set

    if gazetteer.name(code) is None or code.count(".") != 1:
        raise ConfigError(f"KEMISKINAN_REGION: {raw[:20]!r} bukan kode kabupaten/kota Kemendagri (mis. 64.72).")
    return code


def _from_secrets(secrets: Mapping | None) -> dict:
    if not secrets:
        return {}
    found: dict = {"oidc": "auth" in secrets}
    section = secrets.get("kemiskinan") or {}
    role_map = _path(section.get("peta_peran")) if isinstance(section, Mapping) else None
    if role_map is not None:
        found["role_map_file"] = role_map
    return found


def _check_files(values: Settings) -> None:
    for field, name in (("database", "KEMISKINAN_DB"), ("column_mapping_file", "KEMISKINAN_COLUMN_MAPPING")):
        path = getattr(values, field)
        if path is not None and not path.is_file():
            raise ConfigError(f"Berkas {path} (dari {name}) tidak ditemukan.")
