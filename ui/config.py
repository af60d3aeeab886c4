"""The settings as the dashboard sees them: the environment plus Streamlit's secrets.toml."""

from __future__ import annotations

import streamlit as st

from analytics.settings import Settings, settings


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all: Streamlit raises its own not-found error
        return {}


def current() -> Settings:
    """The settings in effect for this run (checked; a wrong value raises ConfigError)."""
    return settings(secrets=_secrets())
