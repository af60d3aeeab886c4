"""Log Audit (admin): who signed in, who saw or downloaded which household list, who changed accounts."""

import streamlit as st

from ui import auth, data, exports, provenance, tables
from ui.data import UNIT

user = auth.require_page(__file__)
st.title("Log audit")

log = data.audit_log()
# The hash chain, checked on every visit: an entry changed, removed or slipped in outside the dashboard shows here.
(st.success if log.chain_ok else st.error)(log.chain_message)
c1, c2 = st.columns(2)
chosen_actions = c1.multiselect(
    "Aksi", list(log.action_labels), format_func=log.action_labels.get, key="audit_aksi", placeholder="Semua aksi"
)
chosen_users = c2.multiselect("Pengguna", log.usernames, key="audit_pengguna", placeholder="Semua pengguna")
shown = data.filter_audit(log, chosen_actions, chosen_users)
st.metric("Catatan", data.number(len(shown)))
tables.show(shown, key="tabel_audit", height=480)
st.download_button(
    "Unduh CSV log audit",
    auth.audited_download(
        user, lambda: exports.csv_bytes(shown), "log_audit", None, None, len(shown), action="unduh_log_audit"
    ),
    file_name="log_audit.csv",
    mime="text/csv",
    key="unduh_audit",
    on_click="ignore",
)
provenance.caption(
    "Log hanya dapat ditambah: basis data menolak perubahan dan penghapusan catatan (pemicu SQLite), dan setiap "
    "catatan membawa nilai rantai (HMAC) catatan sebelumnya, sehingga perubahan di luar dasbor terlihat. "
    f"Tampilan daftar rumah tangga dicatat sekali per sesi untuk setiap daftar, {UNIT} dan jumlah yang sama."
)
