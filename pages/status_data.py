"""Status Data: what was imported, what was rejected and why."""

import streamlit as st

from ui import data
from ui.format import number

st.title("Status Data")
st.caption("Setiap baris ekspor register dihitung: dimuat, digabung sebagai duplikat persis, atau dikarantina.")

log = data.import_log()
totals = log[["rows_read", "loaded", "duplicates_merged", "quarantined"]].sum()
cols = st.columns(4)
for col, (label, key) in zip(
    cols,
    [
        ("Baris dibaca", "rows_read"),
        ("Dimuat", "loaded"),
        ("Duplikat digabung", "duplicates_merged"),
        ("Dikarantina", "quarantined"),
    ],
    strict=True,
):
    col.metric(label, number(totals[key]))

st.subheader("Per file")
st.dataframe(
    log.rename(
        columns={
            "year": "Tahun",
            "source": "Sumber",
            "file": "File",
            "rows_read": "Dibaca",
            "loaded": "Dimuat",
            "duplicates_merged": "Duplikat",
            "quarantined": "Karantina",
        }
    ),
    hide_index=True,
    width="stretch",
)
st.subheader("Baris dikarantina menurut alasan")
st.dataframe(
    data.quarantine_by_reason().rename(columns={"source": "Sumber", "reason_code": "Alasan", "rows": "Baris"}),
    hide_index=True,
    width="stretch",
)
