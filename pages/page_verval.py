"""Verval: the verifikator's worklist and visit record (laid out for a phone), and the review
of submitted records by the analis and admin."""

import streamlit as st

from ui import auth, controls, tables
from ui import verval as vv
from ui.data import UNIT, number
from ui.text import plain

user = auth.require_page(__file__)
sel = controls.sidebar(user)
st.title("Verval lapangan")
_SAVED = "_verval_tersimpan"


def _choose_family():
    """Filters, progress and the family picked from the worklist (None when none is left)."""
    reasons = {"": "Semua alasan", **vv.REASONS}
    reason = st.selectbox("Alasan kunjungan", list(reasons), format_func=reasons.get, key="vv_alasan")
    statuses = {"": "Semua status", vv.TO_VISIT: "Belum dikunjungi", **{k: v for k, v in vv.STATUS_LABELS.items() if k}}
    status = st.selectbox("Status", list(statuses), format_func=statuses.get, key="vv_status")
    view = vv.worklist(sel, reason or None, None, status or None, user)
    rt = st.selectbox("RT", ["", *view.rt_choices], format_func=lambda r: r or "Semua RT", key="vv_rt")
    if rt:
        view = vv.worklist(sel, reason or None, rt, status or None, user)
    st.progress(view.share, text=view.progress)
    auth.record_view(user, "verval_daftar_kerja", sel.year, sel.kelurahan, len(view.rows))
    with st.expander(f"Daftar kerja ({number(len(view.rows))} keluarga)"):
        tables.show(view.table, key="vv_tabel", height=300)
    if view.rows.empty:
        st.info("Tidak ada keluarga untuk pilihan ini.")
        return None
    labels = dict(zip(view.rows["family_id"], view.rows["label"], strict=True))
    # A dot tapped on the map below chooses its family (once per tap: the map keeps its selection).
    tapped = vv.picked_family(st.session_state.get("vv_peta"))
    if tapped and tapped != st.session_state.get("_vv_peta_ketuk") and tapped in labels:
        st.session_state["vv_keluarga"] = tapped
    st.session_state["_vv_peta_ketuk"] = tapped
    family = st.selectbox("Keluarga", list(labels), format_func=labels.get, key="vv_keluarga")
    row = view.rows.set_index("family_id").loc[family]
    name, place, reasons = vv.family_card(row)
    st.markdown(f"**{plain(name)}**  \n{plain(place)}  \n{plain(reasons)}")
    with st.expander("Peta: cari rumah keluarga ini", expanded=True):
        deck, legend = vv.worklist_map(view, family)
        st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="vv_peta", height=vv.MAP_HEIGHT_PX)
        st.html(legend)
        st.caption(
            "Lingkaran ungu: keluarga yang dipilih. Ketuk titik lain untuk memilih keluarga itu; "
            "titik abu-abu belum dikunjungi."
        )
    return row


def _members(start: dict, key: str) -> dict:
    answers = {}
    columns = st.columns(2)
    for i, (field, label) in enumerate(vv.MEMBERS.items()):
        value = start.get(field)
        answers[field] = columns[i % 2].number_input(
            label,
            min_value=0,
            max_value=vv.MAX_SIZE,
            step=1,
            value=None if value is None else int(value),
            key=f"{key}_{field}",
        )
    return answers


def _choice(label: str, options, start, key: str, labels: dict | None = None):
    options = list(options)
    index = options.index(start) if start in options else None
    return st.selectbox(
        label, options, index=index, format_func=(labels or {}).get if labels else str, key=key, placeholder="Pilih…"
    )


def _found(start: dict, key: str) -> dict:
    st.subheader("Anggota keluarga sekarang")
    answers = _members(start, key)
    st.subheader("Rumah yang terlihat")
    for field, (label, classes) in vv.DWELLING.items():
        answers[field] = _choice(label, classes, start.get(field), f"{key}_{field}")
    answers["programs"] = st.multiselect(
        "Program yang benar-benar diterima",
        list(vv.PROGRAMS),
        default=[p for p in start.get("programs", []) if p in vv.PROGRAMS],
        format_func=vv.PROGRAMS.get,
        key=f"{key}_programs",
        placeholder="Tidak ada",
    )
    answers["income"] = _choice("Sumber penghasilan utama", vv.INCOME, start.get("income"), f"{key}_income", vv.INCOME)
    st.subheader("Delapan indikator Kemensos")
    for field, label in vv.INDICATORS.items():
        answers[field] = st.checkbox(label, value=bool(start.get(field)), key=f"{key}_{field}")
    met = sum(answers[f] for f in vv.INDICATORS)
    fakir = "fakir miskin" if met >= vv.FAKIR_MISKIN_MIN else f"bukan fakir miskin (batas {vv.FAKIR_MISKIN_MIN})"
    st.markdown(f"**{met} dari 8 indikator terpenuhi: {fakir}.**")
    st.subheader("Temuan")
    answers["finding"] = _choice("Data register", vv.FINDINGS, start.get("finding"), f"{key}_finding", vv.FINDINGS)
    answers["group"] = _choice("Kelompok", vv.GROUPS, start.get("group"), f"{key}_group", vv.GROUPS)
    if answers["group"] == "bantuan_lain":
        answers["referrals"] = st.multiselect(
            "Rujukan",
            list(vv.REFERRALS),
            default=start.get("referrals", []),
            format_func=vv.REFERRALS.get,
            key=f"{key}_referrals",
        )
    if answers["group"] in ("dtsen", "bantuan_lain"):
        answers["support"] = st.radio(
            "Penanganan",
            list(vv.SUPPORT),
            index=None,
            format_func=vv.SUPPORT.get,
            horizontal=True,
            key=f"{key}_support",
        )
    return answers


def _visit_form(row) -> None:
    record_id = row["record_id"] if isinstance(row["record_id"], str) else None
    version = int(row["version"]) if record_id else 0
    start = vv.current_visit(record_id, user) or vv.register_values(sel.year, row.name, user)
    key = f"vv_{row.name}_{version}"
    if record_id:
        st.caption(f"Catatan versi {version}: {vv.STATUS_LABELS[row['status']]}. Menyimpan membuat versi baru.")
        with st.expander("Riwayat catatan"):
            tables.show(vv.record_history(record_id, user), key=f"{key}_riwayat")
    outcome = st.radio(
        "Hasil kunjungan",
        list(vv.OUTCOMES),
        format_func=vv.OUTCOMES.get,
        horizontal=True,
        index=list(vv.OUTCOMES).index(start.get("outcome", "ditemukan")),
        key=f"{key}_outcome",
    )
    answers = {"outcome": outcome, **(_found(start, key) if outcome == "ditemukan" else {})}
    answers["note"] = st.text_area(
        "Catatan singkat", value=start.get("note", ""), max_chars=vv.MAX_NOTE, key=f"{key}_note"
    )
    _, problems = vv.check_visit(answers)
    if problems:
        st.warning("Belum dapat dikirim:\n\n" + "\n".join(f"- {plain(p)}" for p in problems))
    if st.button("Kirim", type="primary", disabled=bool(problems), key=f"{key}_kirim", width="stretch"):
        try:
            _, saved = vv.save_visit(sel.year, row.name, answers, version, user)
        except vv.VervalConflict as exc:
            st.error(plain(exc.message))
            return
        st.session_state[_SAVED] = f"Kunjungan tersimpan dan diajukan untuk ditinjau (versi {saved})."
        st.rerun()


def _review() -> None:
    st.header("Tinjauan catatan")
    queue = vv.review_queue(sel.kelurahan, user)
    if queue.empty:
        st.info("Tidak ada catatan yang menunggu tinjauan.")
        return
    shown = queue.drop(columns=["record_id", "version"])
    tables.show(shown, key="vv_tinjau_tabel", height=260)
    labels = {i: f"{r['ID keluarga']} · {r['Petugas']} · {r['Hasil']}" for i, r in queue.iterrows()}
    pick = st.selectbox("Catatan", list(labels), format_func=labels.get, key="vv_tinjau_pilih")
    reason = st.text_input("Alasan dikembalikan (wajib bila dikembalikan)", key="vv_tinjau_alasan")
    approve, back = st.columns(2)
    decision = "approved" if approve.button("Setujui", key="vv_setujui") else None
    decision = "returned" if back.button("Kembalikan", key="vv_kembalikan") else decision
    if decision:
        try:
            vv.review(queue.loc[pick, "record_id"], int(queue.loc[pick, "version"]), decision, reason, user)
        except vv.InputError as exc:
            st.error(plain(exc.message))
            return
        st.session_state[_SAVED] = "Tinjauan tersimpan."
        st.rerun()


def _exports() -> None:
    st.header("Ekspor usulan dan rujukan")
    channel = st.selectbox("Saluran", list(vv.CHANNELS), format_func=vv.CHANNELS.get, key="vv_saluran")
    st.download_button(
        "Unduh Excel (hanya catatan disetujui yang belum pernah diekspor)",
        lambda: vv.export_channel(sel.year, channel, user),
        file_name=f"verval_{channel}_{sel.year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="vv_unduh",
        on_click="ignore",
    )
    st.caption(
        "Setiap ekspor tercatat di log audit dan diingat: ekspor berikutnya hanya memuat catatan baru. "
        "NIK lengkap tidak tersimpan di basis data; kantor mencocokkan baris dengan ID keluarga Regsosek."
    )


if _SAVED in st.session_state:
    st.success(st.session_state.pop(_SAVED))
if sel.kelurahan is None:
    st.info(f"Pilih {UNIT} di panel samping untuk membuka daftar kerjanya.")
else:
    chosen = _choose_family()
    if chosen is not None:
        _visit_form(chosen)
if user.role in vv.REVIEW_ROLES:
    _review()
    _exports()


_DINSOS = "_verval_dinsos_hasil"


def _dinsos_result(result) -> None:
    if result.same_file_before:
        st.info(f"Berkas yang sama sudah diimpor {result.same_file_before}; angkanya diganti, tidak dijumlahkan.")
    figures = [
        ("Baris dibaca", result.rows_read),
        ("Keluarga diterima", result.families),
        ("Tertaut ke register", len(result.linked)),
        ("Tidak tertaut", result.unlinked),
        ("Keluarga ditandai", result.flagged_families),
        ("Baris ditolak", len(result.rejects)),
    ]
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, number(value))
    linked = ", ".join(f"{number(result.count(k))} {label.lower()}" for k, label in vv.DINSOS_RESULTS.items())
    st.caption(
        f"Keluarga tertaut: {linked}. Catatan yang ditulis diajukan dan menunggu tinjauan (bagian Tinjauan "
        "catatan di atas). "
        f"{number(result.fakir_miskin)} keluarga fakir miskin (ada anggota yang memenuhi ≥{vv.FAKIR_MISKIN_MIN} "
        f"indikator; {number(result.fakir_miskin_persons)} jiwa)."
    )
    if len(result.flags):
        st.subheader("Yang ditandai (tetap dihitung)")
        st.caption("Nilai yang rusak dianggap tidak diketahui; keluarga dihitung seperti dasbor Dinas Sosial.")
        tables.show(vv.dinsos_flags(result), key="vv_dinsos_tanda", height=260)
    conflicts = result.linked[result.linked["result"] == "conflict"]
    if len(conflicts):
        st.warning("Konflik (tidak ditimpa; periksa catatan lapangannya): " + plain(", ".join(conflicts["family_id"])))
    if len(result.rejects):
        st.subheader("Baris yang ditolak")
        tables.show(result.rejects, key="vv_dinsos_tolak", height=260)
        st.download_button(
            "Unduh baris yang ditolak (CSV)",
            vv.dinsos_rejects_csv(result),
            file_name=f"ditolak_{result.file_name.rsplit('.', 1)[0]}.csv",
            mime="text/csv",
            key="vv_dinsos_unduh",
            on_click="ignore",
        )


def _dinsos() -> None:
    """The Dinas Sosial's own per-person verval file: upload, result, per-kelurahan summary."""
    st.header("Berkas verval Dinas Sosial")
    st.caption(
        f"Satu baris per jiwa (CSV atau XLSX). Keluarga yang No KK-nya cocok dengan satu keluarga Regsosek "
        f"{sel.year} menjadi catatan verval yang diajukan; yang lain dihitung per {UNIT}. Kode angka dan "
        f"labelnya sama-sama diterima; nilai yang rusak ditandai dan tetap dihitung, hanya baris tanpa {UNIT} "
        "atau tanpa no_keluarga yang ditolak. Mengimpor berkas yang sama lagi tidak menghitungnya dua kali."
    )
    upload = st.file_uploader("Berkas verval Dinas Sosial", type=["csv", "xlsx"], key="vv_dinsos_berkas")
    if st.button("Impor berkas", disabled=upload is None, key="vv_dinsos_impor"):
        try:
            st.session_state[_DINSOS] = vv.dinsos_import(upload.name, upload.getvalue(), sel.year, user)
        except vv.UserError as exc:
            st.error(plain(exc.message))
    if _DINSOS in st.session_state:
        _dinsos_result(st.session_state[_DINSOS])
    st.subheader(f"Ringkasan per {UNIT}, register {sel.year}")
    summary = vv.dinsos_summary(sel.year, user)
    if summary.empty:
        st.info("Belum ada berkas verval Dinas Sosial yang diimpor untuk tahun ini.")
    else:
        tables.show(summary, key="vv_dinsos_ringkasan")


if user.role in vv.REVIEW_ROLES:
    _dinsos()
