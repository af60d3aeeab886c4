"""The sidebar controls every page shares: year, poverty line, kecamatan and kelurahan.

They live in the URL (``?tahun=2024&garis=resmi&kec=64.74.02&kel=64.74.02.1002``, or
``garis=nilai&nilai=900000``) so that a view can be shared as a link: the URL is read once
when a session starts and rewritten after every change. The URL is read strictly: a year is
four ASCII digits among the years in the data, a line amount ASCII digits within
:data:`~analytics.views.selection.LINE_AMOUNT_MIN`–``MAX``, codes must be known; anything else
falls back to the default with a short note (never an error page).
"""

from __future__ import annotations

import streamlit as st

from analytics.access.scope import User, can_see_households
from analytics.errors import InputError
from analytics.formats import number, parse_whole, rupiah
from analytics.labels import LINE_CHOICES, LINE_FROM_URL
from analytics.reference import UNIT, UNIT_TITLE
from analytics.views.selection import (
    LINE_AMOUNT_MAX,
    LINE_AMOUNT_MIN,
    Selection,
    check_line_amount,
    kecamatan_names,
    kecamatan_of,
    kelurahan_names,
    parse_line_amount,
    parse_year,
)
from ui import data
from ui.text import plain

KEY_YEAR, KEY_LINE, KEY_AMOUNT, KEY_KEC, KEY_KEL = "ctl_tahun", "ctl_garis", "ctl_nilai", "ctl_kec", "ctl_kel"
_LOADED = "_ctl_from_url"
_SAVED = "_ctl_saved"
_PAGE = "_ctl_page"
_URL_NOTES = "_ctl_catatan_url"
_FILTERS = "_ctl_tempat_pilihan"
KEY_AMOUNT_TEXT, _AMOUNT_NOTE = "ctl_nilai_teks", "_ctl_catatan_nilai"
# "All" is an empty code, not None: a selectbox showing None shows an English placeholder.
ALL = ""


def _page_id() -> str:
    """The page being run (Streamlit's page script hash)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def _from_url(years: list[int]) -> None:
    """Seed the widgets from the URL once per session; bad values fall back to defaults."""
    st.session_state[_LOADED] = True  # first, so that nothing below can fail every later run
    params = st.query_params
    notes = []
    st.session_state[KEY_YEAR] = years[-1]
    if "tahun" in params:
        try:
            st.session_state[KEY_YEAR] = parse_year(params.get("tahun"), years)
        except InputError as exc:
            notes.append(f"{exc.message} Tahun {years[-1]} ditampilkan.")
    choice = params.get("garis", "resmi")
    st.session_state[KEY_LINE] = choice if choice in LINE_CHOICES else "resmi"
    if "nilai" in params:
        try:
            st.session_state[KEY_AMOUNT] = parse_line_amount(params.get("nilai"))
        except InputError as exc:
            notes.append(f"{exc.message} Garis resmi dipakai.")
            if st.session_state[KEY_LINE] == "nilai":
                st.session_state[KEY_LINE] = "resmi"
    st.session_state[_URL_NOTES] = notes
    kec = params.get("kec")
    st.session_state[KEY_KEC] = kec if kec in kecamatan_names() else ALL
    kel = params.get("kel")
    if kel in kelurahan_names():
        st.session_state[KEY_KEL] = kel
        st.session_state[KEY_KEC] = kecamatan_of(kel)
    else:
        st.session_state[KEY_KEL] = ALL


def reserve_sidebar() -> None:
    """Keep the top of the sidebar for the page's controls: the account box, which dashboard.py
    draws before the page runs (a page that stops early must still offer "Keluar"), goes below
    them. Called on every run, so the place is never one from an earlier run."""
    st.session_state[_FILTERS] = st.sidebar.container()


def _sidebar():
    """Where the controls go: the place reserved by dashboard.py, or the sidebar itself (a page
    run on its own, as in the page tests)."""
    place = st.session_state.get(_FILTERS)
    return st.sidebar if place is None else place


def sidebar(user: User | None = None) -> Selection:
    """Draw the global controls in the sidebar and return the selection.

    A verifikator's kecamatan and kelurahan are fixed to its assigned kelurahan.

    Every page calls this first. (Drawn from each page rather than from dashboard.py
    because AppTest drops the entry script's widgets after the first run.) Widget values
    are also saved outside the widgets, because Streamlit forgets a widget's value in a
    run where it is not drawn, e.g. while a page switch is under way.
    """
    years = data.available_years()
    _restore(years)
    assigned = user.kelurahan if user is not None and user.role == "verifikator" else None
    if assigned:
        st.session_state[KEY_KEL] = assigned
        st.session_state[KEY_KEC] = kecamatan_of(assigned)
    _sidebar().header("Pilihan")
    for note in st.session_state.pop(_URL_NOTES, []):
        _sidebar().warning(note)
    year = _sidebar().selectbox("Tahun", years, key=KEY_YEAR, format_func=str)
    line = _line_control(year, user)
    kec, kel = _area_controls(bool(assigned))
    selection = Selection(year=int(year), line=line, kecamatan=kec, kelurahan=kel)
    st.session_state[_SAVED] = {
        key: st.session_state[key]
        for key in (KEY_YEAR, KEY_LINE, KEY_AMOUNT, KEY_KEC, KEY_KEL)
        if key in st.session_state
    }
    _to_url(selection)
    _sidebar().caption("Pilihan tersimpan di alamat (URL): salin alamat untuk membagikan tampilan ini.")
    return selection


def _restore(years: list[int]) -> None:
    """Seed the widgets from the URL on a session's first run, else from the saved choice."""
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


def _line_control(year: int, user: User | None) -> str | float:
    # Two figures on lines a few rupiah apart would count the families between them: roles
    # that see protected figures only choose the published lines.
    choices = list(LINE_CHOICES) if user is None or can_see_households(user) else ["resmi", "ekstrem"]
    if st.session_state.get(KEY_LINE) not in choices:
        st.session_state[KEY_LINE] = "resmi"
    choice = _sidebar().radio("Garis kemiskinan", choices, key=KEY_LINE, format_func=LINE_CHOICES.get)
    if choice == "nilai":
        amount = st.session_state.get(KEY_AMOUNT)
        if not isinstance(amount, int | float) or not LINE_AMOUNT_MIN <= amount <= LINE_AMOUNT_MAX:
            if amount is not None:
                _sidebar().warning(
                    f"Nilai garis harus antara {rupiah(LINE_AMOUNT_MIN)} dan {rupiah(LINE_AMOUNT_MAX)}; "
                    "garis resmi tahun ini dipakai."
                )
            st.session_state[KEY_AMOUNT] = int(data.line(year, "official").amount)
        _amount_field(st.session_state[KEY_AMOUNT])
        return float(st.session_state[KEY_AMOUNT])
    line = LINE_FROM_URL[choice]
    used = data.line(year, line)
    estimated = " (perkiraan)" if used.is_estimated else ""
    _sidebar().caption(f"Garis {choice} {year}: {rupiah(used.amount)}{estimated}")
    return line


def _amount_field(amount: int) -> None:
    """The custom line as typed text with thousands separators (``832.946``); the amount itself
    stays in KEY_AMOUNT (the URL's and every page's), which only a readable, plausible entry changes."""
    shown = st.session_state.get(KEY_AMOUNT_TEXT)
    try:
        in_step = shown is not None and parse_whole(shown, "Nilai garis") == amount
    except InputError:
        in_step = False
    if not in_step:  # first drawn, set from the URL or another page, or a rejected entry
        st.session_state[KEY_AMOUNT_TEXT] = number(amount)
    note = st.session_state.pop(_AMOUNT_NOTE, None)
    if note:
        _sidebar().warning(plain(note))
    _sidebar().text_input(
        "Nilai garis (Rp per kapita per bulan)",
        key=KEY_AMOUNT_TEXT,
        on_change=_amount_typed,
        help=f"Antara {rupiah(LINE_AMOUNT_MIN)} dan {rupiah(LINE_AMOUNT_MAX)}, misalnya 850.000.",
    )


def _amount_typed() -> None:
    text = st.session_state.get(KEY_AMOUNT_TEXT, "")
    try:
        st.session_state[KEY_AMOUNT] = check_line_amount(parse_whole(text, "Nilai garis"))
    except InputError as exc:
        st.session_state[_AMOUNT_NOTE] = f"{exc.message} Nilai sebelumnya tetap dipakai."


def _area_controls(fixed: bool) -> tuple[str | None, str | None]:
    kec_names = kecamatan_names()
    kec = (
        _sidebar().selectbox(
            "Kecamatan",
            [ALL, *kec_names],
            key=KEY_KEC,
            disabled=fixed,
            format_func=lambda k: "Semua kecamatan" if k == ALL else kec_names[k],
        )
        or None
    )
    kel_names = {k: n for k, n in kelurahan_names().items() if kec is None or kecamatan_of(k) == kec}
    if st.session_state.get(KEY_KEL) not in kel_names:
        # A kelurahan outside the newly chosen kecamatan would show an empty view.
        st.session_state[KEY_KEL] = ALL
    kel = (
        _sidebar().selectbox(
            UNIT_TITLE,
            [ALL, *kel_names],
            key=KEY_KEL,
            disabled=fixed,
            format_func=lambda k: f"Semua {UNIT}" if k == ALL else kel_names[k],
        )
        or None
    )
    return kec, kel


def _to_url(selection: Selection) -> None:
    choice = "nilai" if selection.is_amount else {v: k for k, v in LINE_FROM_URL.items()}[selection.line]
    params = {"tahun": str(selection.year), "garis": choice}
    if selection.is_amount:
        params["nilai"] = str(int(selection.line))
    if selection.kecamatan:
        params["kec"] = selection.kecamatan
    if selection.kelurahan:
        params["kel"] = selection.kelurahan
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
