"""Dasbor kedalaman dan keparahan kemiskinan Kota Bontang: the entry point and router.

Run: streamlit run dashboard.py   (builds the demo database on first start)
"""

import streamlit as st

st.set_page_config(page_title="Kemiskinan Kota Bontang", layout="wide")

pages = [
    st.Page("pages/status_data.py", title="Status Data", url_path="status-data"),
]
st.navigation(pages).run()
