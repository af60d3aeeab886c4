"""Locations of the project's own files, independent of the working directory."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SQL_DIR = Path(__file__).resolve().parent / "sql"
COLUMN_MAPPING_FILE = DATA_DIR / "column_mapping.toml"
# Generated demo exports and the demo database live here, never in git.
VAR_DIR = PROJECT_ROOT / "var"
DEMO_RAW_DIR = VAR_DIR / "demo_raw"
DEMO_DB = VAR_DIR / "demo.duckdb"
# Secret keys live outside the project and its data folder unless configured elsewhere: whoever
# copies the data folder (a backup, a USB stick) must not carry the keys with it.
KEY_DIR = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "kemiskinan"
