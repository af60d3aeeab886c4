"""Fixtures of the privacy tests (issue 13): the dashboard fixtures of tests/dashboard."""

from tests.dashboard.conftest import dashboard_db, private_dashboard  # noqa: F401  (fixtures)
