"""The sidebar controls every page shares: year, poverty line, kecamatan and kelurahan.

They live in the URL (``?tahun=2024&garis=resmi&kec=64.74.02&kel=64.74.02.1002``, or
``garis=nilai&nilai=900000``) so that a view can be shared as a link: the URL is read once
when a session starts and rewritten after every change.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from analytics.access.scope import User, can_see_households
from analytics.formats import rupiah
from analytics.reference import CITY_CODE, CITY_NAME, load_kecamatan, load_kelurahan
from ui import data

LINE_CHOICES = {"resmi": "Resmi (BPS)", "ekstrem": "Ekstrem", "nilai": "Nilai lain (Rp)"}
KEY_YEAR, KEY_LINE, KEY_AMOUNT, KEY_KEC, KEY_KEL = "ctl_tahun", "ctl_garis", "ctl_nilai", "ctl_kec", "ctl_kel"
_LOADED = "_ctl_from_url"
_SAVED = "_ctl_saved"
_PAGE = "_ctl_page"
# "All" is an empty code, not None: a selectbox showing None shows an English placeholder.
ALL = ""


@dataclass(frozen=True)
class Selection:
    """What the user chose; ``line`` is what analytics functions take."""

    year: int
    line: str | float
    line_choice: str
    kecamatan: str | None
    kelurahan: str | None

    @property
    def area(self) -> str:
        """The most specific area chosen: kelurahan, else kecamatan, else the city."""
        return self.kelurahan or self.kecamatan or CITY_CODE

    @property
    def area_name(self) -> str:
        return area_name(self.area)

    @property
    def within(self) -> str | None:
        """The kecamatan limiting kelurahan lists (None: the whole city)."""
        return self.kecamatan

    @property
    def line_kind(self) -> str:
        """'official' or 'extreme' for functions that compare years (a custom amount falls back)."""
        return "extreme" if self.line == "extreme" else "official"


def area_name(kode: str) -> str:
    if kode == CITY_CODE:
        return CITY_NAME
    kel = load_kelurahan().set_index("kode")["nama"]
    if kode in kel:
        return kel[kode]
    return "Kecamatan " + load_kecamatan().set_index("kode")["nama"][kode]


def kelurahan_names() -> dict[str, str]:
    return dict(zip(load_kelurahan()["kode"], load_kelurahan()["nama"], strict=True))


def _page_id() -> str:
    """The page being run (Streamlit's page script hash)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def _from_url(years: list[int]) -> None:
    """Seed the widgets from the URL once per session; bad values fall back to defaults."""
    params = st.query_params
    year = params.get("tahun")
    st.session_state[KEY_YEAR] = int(year) if year and year.isdigit() and int(year) in years else years[-1]
    choice = params.get("garis", "resmi")
    st.session_state[KEY_LINE] = choice if choice in LINE_CHOICES else "resmi"
    amount = params.get("nilai", "")
    if amount.isdigit() and int(amount) > 0:
        st.session_state[KEY_AMOUNT] = int(amount)
    kecamatan = set(load_kecamatan()["kode"])
    kec = params.get("kec")
    st.session_state[KEY_KEC] = kec if kec in kecamatan else ALL
    kel = params.get("kel")
    kelurahan = load_kelurahan().set_index("kode")["kode_kecamatan"]
    if kel in kelurahan.index:
        st.session_state[KEY_KEL] = kel
        st.session_state[KEY_KEC] = kelurahan[kel]
    else:
        st.session_state[KEY_KEL] = ALL
    st.session_state[_LOADED] = True


def sidebar(user: User | None = None) -> Selection:
    """Draw the global controls in the sidebar and return the selection.

    A verifikator's kecamatan and kelurahan are fixed to its assigned kelurahan.

    Every page calls this first. (Drawn from each page rather than from dashboard.py
    because AppTest drops the entry script's widgets after the first run.) Widget values
    are also saved outside the widgets, because Streamlit forgets a widget's value in a
    run where it is not drawn, e.g. while a page switch is under way.
    """
    years = data.available_years()
    page = _page_id()
    if not st.session_state.get(_LOADED):
        _from_url(years)
    else:
        switched = st.session_state.get(_PAGE) != page
        for key, value in st.session_state.get(_SAVED, {}).items():
            # On another page the sidebar widgets are new widgets (their ids depend on the
            # page), which would start from their first option: set them from the saved choice.
            if switched or key not in st.session_state:
                st.session_state[key] = value
    st.session_state[_PAGE] = page
    assigned = user.kelurahan if user is not None and user.role == "verifikator" else None
    if assigned:
        st.session_state[KEY_KEL] = assigned
        st.session_state[KEY_KEC] = load_kelurahan().set_index("kode").loc[assigned, "kode_kecamatan"]
    sidebar = st.sidebar
    sidebar.header("Pilihan")
    year = sidebar.selectbox("Tahun", years, key=KEY_YEAR, format_func=str)

    # Two figures on lines a few rupiah apart would count the families between them: roles
    # that see protected figures only choose the published lines.
    choices = list(LINE_CHOICES) if user is None or can_see_households(user) else ["resmi", "ekstrem"]
    if st.session_state.get(KEY_LINE) not in choices:
        st.session_state[KEY_LINE] = "resmi"
    choice = sidebar.radio(
        "Garis kemiskinan", choices, key=KEY_LINE, format_func=LINE_CHOICES.get, horizontal=False
    )
    if choice == "nilai":
        if KEY_AMOUNT not in st.session_state:
            st.session_state[KEY_AMOUNT] = int(data.line(year, "official")["amount"])
        amount = sidebar.number_input(
            "Nilai garis (Rp per kapita per bulan)", min_value=1, step=10_000, key=KEY_AMOUNT
        )
        line: str | float = float(amount)
    else:
        line = "official" if choice == "resmi" else "extreme"
        used = data.line(year, line)
        estimated = " (perkiraan)" if used["status"] == "estimated" else ""
        sidebar.caption(f"Garis {choice} {year}: {rupiah(used['amount'])}{estimated}")

    kecamatan = load_kecamatan()
    kec_names = dict(zip(kecamatan["kode"], kecamatan["nama"], strict=True))
    kec = sidebar.selectbox(
        "Kecamatan",
        [ALL, *kec_names],
        key=KEY_KEC,
        format_func=lambda k: "Semua kecamatan" if k == ALL else kec_names[k],
        disabled=bool(assigned),
    ) or None
    kelurahan = load_kelurahan()
    if kec is not None:
        kelurahan = kelurahan[kelurahan["kode_kecamatan"] == kec]
    kel_names = dict(zip(kelurahan["kode"], kelurahan["nama"], strict=True))
    if st.session_state.get(KEY_KEL) not in kel_names:
        # A kelurahan outside the newly chosen kecamatan would show an empty view.
        st.session_state[KEY_KEL] = ALL
    kel = sidebar.selectbox(
        "Kelurahan",
        [ALL, *kel_names],
        key=KEY_KEL,
        format_func=lambda k: "Semua kelurahan" if k == ALL else kel_names[k],
        disabled=bool(assigned),
    ) or None

    selection = Selection(year=int(year), line=line, line_choice=choice, kecamatan=kec, kelurahan=kel)
    st.session_state[_SAVED] = {
        key: st.session_state[key]
        for key in (KEY_YEAR, KEY_LINE, KEY_AMOUNT, KEY_KEC, KEY_KEL)
        if key in st.session_state
    }
    _to_url(selection)
    sidebar.caption("Pilihan tersimpan di alamat (URL): salin alamat untuk membagikan tampilan ini.")
    return selection


def _to_url(selection: Selection) -> None:
    params = {"tahun": str(selection.year), "garis": selection.line_choice}
    if selection.line_choice == "nilai":
        params["nilai"] = str(int(selection.line))
    if selection.kecamatan:
        params["kec"] = selection.kecamatan
    if selection.kelurahan:
        params["kel"] = selection.kelurahan
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)

