"""Dasbor kedalaman dan keparahan kemiskinan Kota Bontang: the entry point and router.

Run: streamlit run dashboard.py   (builds the demo database on first start)
"""

import streamlit as st

st.set_page_config(page_title="Kemiskinan Kota Bontang", layout="wide")

pages = [
    st.Page("pages/page_ringkasan.py", title="Ringkasan", url_path="ringkasan", default=True),
    st.Page("pages/page_peta.py", title="Peta", url_path="peta"),
    st.Page("pages/page_tren.py", title="Tren", url_path="tren"),
    st.Page("pages/page_cakupan_program.py", title="Cakupan Program", url_path="cakupan-program"),
    st.Page("pages/page_kualitas_data.py", title="Kualitas Data", url_path="kualitas-data"),
    st.Page("pages/page_pembangunan_alternatif.py", title="Pembangunan Alternatif", url_path="pembangunan-alternatif"),
]
# Page files are named page_*.py so that no file name equals a url_path: Streamlit 1.67 shows
# its automatic pages/ menu instead of this one when a shared link names such a page.
st.navigation(pages).run()
