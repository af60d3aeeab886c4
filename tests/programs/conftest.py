"""Shared set-up for the program, segment, MPI, simulation and transition tests."""

import sys
from pathlib import Path

# .venv/bin/pytest does not put the project on sys.path (see tests/geo/conftest.py),
# and the importlib import mode needs this folder on it for programs_fixtures.
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(_PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(_PROJECT_ROOT))
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
