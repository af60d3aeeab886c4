"""Model SAE: load a survey year, choose covariates, see diagnostics, run and publish."""

import plotly.graph_objects as go
import streamlit as st

from ui import auth, charts, controls, data, provenance, tables
from ui.data import REGION_KIND, UNIT
from ui.text import plain

user = auth.require_page(__file__)
sel = controls.sidebar(user)
st.title(f"Model SAE {sel.year}")
provenance.caption(
    f"Estimasi kemiskinan per {UNIT} dari survei Susenas dan kerangka keluarga Regsosek (DTSEN sejak 2025), "
    "dengan Empirical Best (Molina & Rao)."
)

year = data.sae_survey_year(sel.year)
st.info(year.note)
if published_now := st.session_state.pop("sae_diterbitkan", None):
    st.success(published_now)  # set before the rerun that follows a publication


def show_run(view, section: str) -> None:
    """One run's metrics, tables and Q-Q charts; ``section`` ("terbit" or "baru") and the run id
    make the chart keys unique, as the published run and a new run of its year share the page."""
    if view.verdict is not None:
        # The answer first: can these estimates be published, and with what caveat.
        shown = st.success if view.verdict.level == "publish" else st.warning
        shown(f"**{view.verdict.headline}** " + " ".join(view.verdict.reasons))
    for column, (label, value) in zip(st.columns(3) * 2, view.metrics, strict=False):
        column.metric(label, value)
    if view.frame_note:
        st.caption(view.frame_note)
    if view.benchmark_note:
        st.caption(view.benchmark_note)
    if view.monte_carlo_note:
        st.caption(view.monte_carlo_note)
    if view.counted_note:
        st.caption(view.counted_note)
    for warning in view.warnings:
        st.warning(warning)
    st.subheader(f"Estimasi per {data.UNIT} (garis resmi)")
    tables.show(view.estimates)
    st.subheader("Koefisien")
    tables.show(view.coefficients)
    left, right = st.columns(2)
    for column, points, title, level in (
        (left, view.qq_unit, "Q-Q residu rumah tangga", "unit"),
        (right, view.qq_area, f"Q-Q efek {UNIT}", "area"),
    ):
        figure = go.Figure()
        figure.add_scatter(x=points["theoretical"], y=points["sample"], mode="markers", name="residu")
        low, high = float(points["theoretical"].min()), float(points["theoretical"].max())
        figure.add_scatter(x=[low, high], y=[low, high], mode="lines", name="normal")
        figure.update_layout(
            title=title,
            height=300,
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            showlegend=False,
            xaxis_title="kuantil normal",
            yaxis_title="kuantil sampel",
        )
        charts.show(figure, f"sae_{section}_{view.run_id}_qq_{level}", 3, column)
    tables.show(view.residuals)
    left, right = st.columns(2)
    left.markdown(f"**Jarak Cook per {UNIT}** (pengaruh {UNIT} pada koefisien)")
    tables.show(view.cooks, container=left)
    right.markdown("**Model dibanding estimasi langsung survei (P0)**")
    tables.show(view.direct, container=right)
    if view.influence is not None and not view.influence.empty:
        st.markdown("**Rumah tangga survei berpengaruh** (garis resmi)")
        provenance.caption(view.influence_note)
        tables.show(view.influence)
    with st.expander("Catatan metode"):
        st.write(view.method_note)


if year.published:
    st.header("Model terbit")
    show_run(data.sae_published(year.published["run_id"]), "terbit")
if not year.runs.empty:
    with st.expander("Semua model tahun ini"):
        tables.show(year.runs)

if year.welfare == "observed" or year.survey_households == 0:
    st.stop()

st.header("Jalankan model baru")
st.subheader("Rekap daftar miskin ekstrem Dinas Sosial")
provenance.caption(year.recap_note)
if not year.recap.empty:
    tables.show(year.recap, key="sae_rekap_tabel")
recap_file = st.file_uploader("Rekap per kelurahan (CSV atau Excel)", type=["csv", "xlsx"], key="sae_rekap_berkas")
if st.button("Muat rekap untuk tahun ini", disabled=recap_file is None, key="sae_rekap_muat"):
    try:
        stored, rejects = data.sae_store_recap(sel.year, recap_file.name, recap_file.getvalue(), user)
    except data.UserError as exc:
        st.error(plain(exc.message))
    else:
        st.session_state["sae_rekap_dimuat"] = (stored, rejects)
        st.rerun()
if loaded := st.session_state.pop("sae_rekap_dimuat", None):
    st.success(data.recap_stored_text(loaded[0]))
    if not loaded[1].empty:
        st.warning("Baris yang tidak dipakai, dengan alasannya:")
        tables.show(loaded[1], key="sae_rekap_ditolak")
labels = data.COVARIATE_LABELS
if st.button("Sarankan kovariat (seleksi BIC)", key="sae_sarankan"):
    suggestion = data.sae_suggestion(sel.year)
    st.session_state["sae_saran"] = suggestion.covariates
    provenance.caption(suggestion.caption)
    tables.show(suggestion.steps)
    if not suggestion.removed.empty:
        provenance.caption("Dibuang lebih dulu karena kolinear (VIF > 10):")
        tables.show(suggestion.removed)
if "sae_saran" in st.session_state and st.button("Pakai kovariat yang disarankan", key="sae_pakai"):
    st.session_state["sae_kovariat"] = list(st.session_state["sae_saran"])
st.session_state.setdefault("sae_kovariat", list(year.default_covariates))
with st.form("sae_form"):
    covariates = st.multiselect("Kovariat", list(labels), format_func=labels.get, key="sae_kovariat")
    transform = st.selectbox(
        "Transformasi kesejahteraan",
        list(data.MODEL_TRANSFORMS),
        format_func=data.MODEL_TRANSFORMS.get,
        key="sae_transformasi",
    )
    benchmark = st.checkbox(f"Benchmark ke angka {REGION_KIND} BPS (rasio; garis resmi)", key="sae_benchmark")
    set_aside = st.checkbox(
        data.SET_ASIDE_LABEL,
        key="sae_sisihkan",
        help=data.SET_ASIDE_HELP,
    )
    counted = st.checkbox(
        data.COUNTED_LABEL, value=True, key="sae_hitung_ekstrem", help=data.COUNTED_HELP, disabled=year.recap.empty
    )
    submitted = st.form_submit_button("Jalankan model (sekitar setengah menit)")
if submitted:
    with st.spinner("Menjalankan model: penyesuaian, 100 populasi Monte Carlo, 200 replikasi bootstrap…"):
        st.session_state["sae_hasil"] = data.sae_run(
            sel.year, tuple(covariates), transform, benchmark, user, set_aside, counted
        )
run = st.session_state.get("sae_hasil")
if run is not None and int(run.run["year"]) == sel.year:
    st.header("Hasil model (belum terbit)")
    show_run(data.sae_run_view(run), "baru")
    if st.button("Terbitkan model ini", type="primary", key="sae_terbitkan"):
        data.sae_publish(run, user)
        del st.session_state["sae_hasil"]
        st.session_state["sae_diterbitkan"] = (
            f"Model {run.run_id} diterbitkan untuk tahun {sel.year}; halaman lain kini memakai estimasinya."
        )
        st.rerun()
