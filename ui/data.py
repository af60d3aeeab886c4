"""The only place pages get data from: a cached read-only DuckDB connection and cached
calls of analytics functions (year, line and area are part of every cache key)."""

import duckdb
import pandas as pd
import streamlit as st

from analytics.demo import database_path


@st.cache_resource(show_spinner="Menyiapkan database (pertama kali: membuat data demo, sekitar 1 menit)…")
def connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(database_path()), read_only=True)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor per call: one DuckDB connection shared by Streamlit's threads."""
    return connection().cursor()


@st.cache_data(show_spinner=False)
def import_log() -> pd.DataFrame:
    from analytics.quality import import_log as query

    return query(cursor())


@st.cache_data(show_spinner=False)
def quarantine_by_reason() -> pd.DataFrame:
    from analytics.quality import quarantine_by_reason as query

    return query(cursor())


@st.cache_data(show_spinner=False)
def available_years() -> list[int]:
    from analytics.poverty.lines import available_years as query

    return query(cursor())
