"""Sign-in and roles with AppTest (issue 6): the pages each role is offered, refused
sign-ins and sessions, what a pimpinan never sees, a verifikator's one kelurahan, and the
audit log of household views."""

import base64
import json
import re
import time

import pytest

from analytics.access.keys import session_key
from analytics.access.scope import ROLES, AccessDenied, User, issue_token
from analytics.access.users import read_audit, users_path_for
from analytics.formats import number
from analytics.programs.coverage import uncovered_eligible
from tests.dashboard.conftest import dataframe, metrics, session, sign_in
from ui import auth
from ui.navigation import PAGES, pages_for

API_API = "64.74.01.1006"
MASKED_NIK = re.compile(r"\d{6}\*{10}")
SIGN_IN_TITLE = "Dasbor Kedalaman dan Keparahan Kemiskinan"


def titles(at) -> list[str]:
    return [t.value for t in at.title]


def audit(db) -> list[dict]:
    log = read_audit(users_path_for(db))
    return [{**row, "detail": json.loads(row["detail_json"])} for row in log.to_dict("records")]


def test_sign_in_form_contract(dashboard_db):
    at = session(None)
    assert titles(at) == [SIGN_IN_TITLE]
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert "Masuk" in [b.label for b in at.button]
    assert not at.dataframe and not at.metric


@pytest.mark.parametrize("username, password", [("analis", "bukan-demo"), ("tidak-ada", "demo"), ("", "")])
def test_wrong_password_and_unknown_user_are_refused(dashboard_db, username, password):
    before = len(audit(dashboard_db))
    at = sign_in(session(None), username, password)
    assert titles(at) == [SIGN_IN_TITLE]
    assert [e.value for e in at.error] == ["Nama pengguna atau kata sandi salah."]
    assert auth.TOKEN not in at.session_state
    entries = audit(dashboard_db)[before:]
    assert [e["action"] for e in entries] == ["masuk_gagal"]


def _retoken(token: str, **changes) -> str:
    body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(changes)
    new_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return f"{new_body}.{signature}"


def test_a_password_reset_ends_open_sessions(private_dashboard):
    from analytics.access.users import add_user, set_password

    store = users_path_for(private_dashboard)
    add_user(store, "sesi-lama", "Sandi-Lama-123", "analis")
    at = session(None)
    sign_in(at, "sesi-lama", "Sandi-Lama-123")
    assert titles(at) != [SIGN_IN_TITLE]
    # Reset in the same second as the sign-in (token times are whole seconds): the account's
    # session epoch changed, so the session ends all the same (issue 13).
    set_password(store, "sesi-lama", "Sandi-Baru-456")
    at.run()
    assert titles(at) == [SIGN_IN_TITLE]
    assert any("Kata sandi akun Anda telah diganti" in w.value for w in at.warning)
    sign_in(at, "sesi-lama", "Sandi-Baru-456")
    assert titles(at) != [SIGN_IN_TITLE]


@pytest.mark.parametrize("tamper", ["role", "signature", "expired", "removed_account"])
def test_tampered_or_stale_session_is_refused(dashboard_db, tamper):
    at = session("analis")
    assert titles(at) != [SIGN_IN_TITLE]
    token = at.session_state[auth.TOKEN]
    if tamper == "role":
        forged = _retoken(token, r="admin")
    elif tamper == "signature":
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif tamper == "expired":
        forged = issue_token(User("analis", "analis"), session_key(), now=time.time() - auth.max_age_s() - 60)
    else:  # a well-signed token of an account that does not exist (or was removed)
        forged = issue_token(User("mantan", "admin"), session_key())
    at.session_state[auth.TOKEN] = forged
    at.run()
    assert titles(at) == [SIGN_IN_TITLE]
    assert any("masuk lagi" in w.value for w in at.warning)
    assert not at.dataframe


@pytest.mark.parametrize("role", ROLES)
def test_pages_offered_per_role(dashboard_db, role):
    at = session(role)
    offered = pages_for(role)
    for page in PAGES:
        if page not in offered:
            # Not registered in this session's st.navigation at all.
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page.path)
            continue
        at.switch_page(page.path)
        at.run()
        assert not at.exception, (page.path, [e.value for e in at.exception])
        assert not any("tidak tersedia" in e.value for e in at.error), page.path
        assert titles(at) and titles(at) != [SIGN_IN_TITLE], page.path


def test_menus_per_role():
    menus = {role: [p.title for p in pages_for(role)] for role in ROLES}
    aggregate = ["Ringkasan", "Peta", "Tren", "Evaluasi Tahunan", "Cakupan Program", "Pembangunan Alternatif"]
    assert menus["pimpinan"] == aggregate
    assert menus["analis"] == [
        "Ringkasan",
        "Peta",
        "Tren",
        "Evaluasi Tahunan",
        "Cakupan Program",
        "Kualitas Data",
        "Verval",
        "Pembangunan Alternatif",
        "Model SAE",
    ]
    assert menus["verifikator"] == ["Peta", "Cakupan Program", "Kualitas Data", "Verval"]
    assert menus["admin"] == [*menus["analis"], "Impor Data", "Pengguna", "Log Audit"]


def test_a_page_refuses_a_role_reached_around_the_menu(dashboard_db):
    from streamlit.testing.v1 import AppTest

    from analytics.paths import PROJECT_ROOT

    at = session("pimpinan")
    page = AppTest.from_file(str(PROJECT_ROOT / "pages" / "page_kualitas_data.py"), default_timeout=120)
    page.session_state[auth.TOKEN] = at.session_state[auth.TOKEN]
    page.run()
    assert [e.value for e in page.error] == ["Halaman ini tidak tersedia untuk peran Pimpinan."]
    assert not page.dataframe


def _all_text(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "title", "header", "subheader", "code", "warning", "info")
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        parts.append(" ".join(map(str, frame.value.columns)))
        parts.append(frame.value.astype(str).to_csv(index=False))
    return "\n".join(parts)


def test_pimpinan_never_sees_household_rows(dashboard_db, demo_con):
    at = session("pimpinan")
    year = at.selectbox(key="ctl_tahun").value
    names = set(
        demo_con.execute("select distinct name from person where year = ? and name is not null", [year]).df()["name"]
    )
    assert len(names) > 1000
    for page in pages_for("pimpinan"):
        at.switch_page(page.path)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        text = _all_text(at)
        assert not MASKED_NIK.search(text), page.path
        assert "Nama kepala keluarga" not in text and "ID keluarga" not in text, page.path
        cells = {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
        assert not cells & names, (page.path, sorted(cells & names)[:3])
        assert not [b for b in at.get("download_button") if "verifikasi" in b.label.lower()]
        for chart in at.get("deck_gl_json_chart"):
            spec = json.loads(chart.proto.json)
            kinds = {layer.get("@@type") for layer in spec.get("layers", [])}
            assert not kinds & {"ScatterplotLayer", "HexagonLayer"}, (page.path, kinds)


def _number(cell: str) -> int | None:
    return None if cell in ("<10", "x", "–") else int(cell.replace(".", ""))


def test_pimpinan_coverage_tables_give_no_small_count_back(dashboard_db):
    from tests.report.sdc_audit import determined

    at = session("pimpinan")
    at.radio(key="ctl_garis").set_value("ekstrem").run()  # few families: small counts occur
    at.switch_page("pages/page_cakupan_program.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # Only the breakdowns the protected model covers; no line of one's own, no simulator.
    # (one choice each, so neither is drawn as a control)
    assert not [r for r in at.radio if r.key == "cakupan_sasaran"]
    assert not [s for s in at.selectbox if s.key == "cakupan_program"]
    assert "keluarga sasaran belum menerima program" in " ".join(m.value for m in at.markdown)
    assert "Nilai lain (Rp)" not in at.radio(key="ctl_garis").options
    assert not [b for b in at.button if b.label == "Jalankan simulasi"]
    programs = dataframe(at, "Program", "Sasaran terjangkau")
    kelurahan = dataframe(at, "Kelurahan", "Sasaran terjangkau")
    known, hidden, small, equations = {}, [], [], []
    columns = {"E": "Keluarga sasaran", "C": "Sasaran terjangkau", "R": "Penerima", "N": "Penerima bukan sasaran"}
    for name, table in (("program", programs), ("kel", kelurahan)):
        first = table.columns[0]
        for row in table.to_dict("records"):
            for short, column in columns.items():
                cell = (name, row[first], short)
                value = _number(row[column])
                if value is None:
                    hidden.append(cell)
                    small += [cell] if row[column] == "<10" else []
                else:
                    known[cell] = value
                    assert value == 0 or value >= 10, (cell, value)
            # within a row: eligible = covered + uncovered, recipients = covered + not eligible
            equations.append({(name, row[first], "E"): 1, (name, row[first], "C"): -1, (name, row[first], "U"): -1})
            equations.append({(name, row[first], "R"): 1, (name, row[first], "C"): -1, (name, row[first], "N"): -1})
    any_row = programs[programs["Program"] == "Program apa pun"].iloc[0]["Program"]
    for short in ("E", "C", "R", "N"):  # the kelurahan add up to the city's "any program" row
        equation = {("kel", k, short): 1 for k in kelurahan["Kelurahan"]}
        equation[("program", any_row, short)] = -1
        equations.append(equation)
    assert small, "the extreme line has kelurahan with 1-9 families in these tables"
    assert determined(known, small, equations) == []


def test_verifikator_sees_only_its_kelurahan(dashboard_db, demo_con):
    at = session("verifikator")
    assert titles(at)[0].startswith("Peta kemiskinan")
    year = at.selectbox(key="ctl_tahun").value
    assert at.selectbox(key="ctl_kel").value == API_API and at.selectbox(key="ctl_kel").disabled
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    points = [layer for layer in spec["layers"] if layer.get("@@type") == "ScatterplotLayer"]
    assert points and points[0]["data"]
    located = demo_con.execute(
        "select kode_kelurahan, lon, lat from family where year = ? and coord_status = 'ok'", [year]
    ).df()
    where = {(round(r.lon, 9), round(r.lat, 9)): r.kode_kelurahan for r in located.itertuples()}
    assert {where[(round(p["lon"], 9), round(p["lat"], 9))] for p in points[0]["data"]} == {API_API}

    at.switch_page("pages/page_cakupan_program.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listed = dataframe(at, "ID keluarga", "Segmen")
    expected = uncovered_eligible(demo_con, year, kode_kelurahan=API_API, user=User("a", "admin"))
    assert len(listed) == len(expected) > 0
    assert set(listed["Kelurahan"]) == {"Api-Api"}
    assert metrics(at)["Keluarga sasaran tanpa program, Api-Api"] == number(len(expected))
    assert list(at.selectbox(key="daftar_kelurahan").options) == ["Api-Api"]

    at.switch_page("pages/page_kualitas_data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert set(dataframe(at, "Skor")["Kelurahan"]) == {"Api-Api"}
    assert not [b for b in at.get("download_button") if "karantina" in b.label]


def test_audit_records_household_views_once_per_session(dashboard_db):
    before = len(audit(dashboard_db))
    at = session("analis")
    at.switch_page("pages/page_cakupan_program.py")
    at.run()
    shown = len(dataframe(at, "ID keluarga", "Segmen"))
    at.run()  # a rerun of the same view is not a new view
    entries = audit(dashboard_db)[before:]
    assert [e["action"] for e in entries][:1] == ["masuk"]
    views = [e for e in entries if e["action"] == "lihat_rumah_tangga"]
    assert [(v["username"], v["role"], v["detail"]["daftar"], v["detail"]["jumlah"]) for v in views] == [
        ("analis", "analis", "belum_terjangkau", shown)
    ]
    assert views[0]["detail"]["kelurahan"] == "semua" and views[0]["at"]


def _signed_in_here(user: User) -> None:
    """This thread's session signed in as ``user`` (the check of a deferred download reads it);
    set here so the test does not depend on which test ran before it in the same process."""
    import streamlit as st

    from analytics.access import users
    from analytics.access.keys import session_key
    from analytics.access.scope import issue_token
    from ui import data

    stored = users.stored_account(data.users_path(), user.username)
    token = issue_token(user, session_key(), epoch=stored.session_epoch)
    st.session_state[auth._ACTIVE] = {"token": token, "seen": auth._now()}


def test_audited_download_records_when_built(dashboard_db):
    _signed_in_here(User("analis", "analis"))
    before = len(audit(dashboard_db))
    build = auth.audited_download(User("analis", "analis"), lambda: b"isi", "belum_terjangkau", 2024, API_API, 12)
    assert len(audit(dashboard_db)) == before  # nothing until the button is clicked
    assert build() == b"isi"
    last = audit(dashboard_db)[-1]
    assert (last["username"], last["action"], last["detail"]) == (
        "analis",
        "unduh_rumah_tangga",
        {"daftar": "belum_terjangkau", "jumlah": 12, "kelurahan": API_API, "tahun": 2024},
    )
    stale = auth.audited_download(User("analis", "admin"), lambda: b"isi", "belum_terjangkau", 2024, None, 12)
    with pytest.raises(AccessDenied, match="diubah, diganti kata sandinya atau dihapus"):
        stale()  # the role in the page's session is no longer the account's role
    assert audit(dashboard_db)[-1] == last


def test_admin_pages_user_management_and_audit(dashboard_db):
    at = session("admin")
    at.switch_page("pages/page_pengguna.py")
    at.run()
    assert set(dataframe(at, "Nama pengguna")["Nama pengguna"]) >= {"admin", "analis", "pimpinan", "verifikator"}
    at.switch_page("pages/page_audit.py")
    at.run()
    assert not at.exception
    log = dataframe(at, "Aksi", "Pengguna")
    assert "Masuk" in set(log["Aksi"])


def _latest_year_with_small_extreme_cells(con) -> int:
    """The latest demo year with kelurahan of 1-9 extremely poor persons (the extremely poor
    of a year may all live in one kelurahan: 2025's 22 persons do)."""
    from analytics.disclosure import protected_area_figures

    for year in sorted(con.execute("select distinct year from family").df()["year"], reverse=True):
        cells = protected_area_figures(con, int(year), "extreme")
        if (cells["kode"].str.count(r"\.").eq(3) & cells["poor"].eq("<10")).any():
            return int(year)
    raise AssertionError("the demo has no kelurahan with 1-9 extremely poor persons in any year")


def test_peta_profile_uses_the_protected_cells_for_pimpinan(dashboard_db, demo_con):
    from analytics.disclosure import area_figures, protected_area_figures

    year = _latest_year_with_small_extreme_cells(demo_con)
    exact = area_figures(demo_con, year, "extreme").set_index("kode")
    cells = protected_area_figures(demo_con, year, "extreme").set_index("kode")
    small = [k for k in cells.index if k.count(".") == 3 and cells.loc[k, "poor"] == "<10"]
    kode = small[0]
    shown = {}
    for role in ("pimpinan", "analis"):
        at = session(role)
        at.selectbox(key="ctl_tahun").set_value(year).run()
        at.radio(key="ctl_garis").set_value("ekstrem").run()
        at.switch_page("pages/page_peta.py")
        at.run()
        at.selectbox(key="peta_profil").set_value(kode).run()
        assert not at.exception, [e.value for e in at.exception]
        shown[role] = metrics(at)
    assert shown["pimpinan"]["Penduduk miskin"] == "<10"
    assert shown["pimpinan"]["P0"] == "x"  # P0 x population would give the count back
    assert shown["analis"]["Penduduk miskin"] == number(exact.loc[kode, "poor"])
    assert 0 < exact.loc[kode, "poor"] < 10


def test_cakupan_any_program_matches_the_protected_model(dashboard_db, demo_con):
    from analytics.disclosure import protected_area_figures
    from analytics.views.tables import counts

    at = session("pimpinan")
    at.switch_page("pages/page_cakupan_program.py")
    at.run()
    year = at.selectbox(key="ctl_tahun").value
    table = dataframe(at, "Kelurahan", "Sasaran terjangkau")
    cells = protected_area_figures(demo_con, year, "official").set_index("nama")
    kelurahan = cells[cells.index.isin(table["Kelurahan"])]
    assert len(kelurahan) == len(table) == 15
    for column, name in (
        ("Keluarga sasaran", "eligible_families"),
        ("Sasaran terjangkau", "covered_eligible"),
        ("Penerima", "recipients"),
    ):
        assert list(table[column]) == list(counts(kelurahan.loc[table["Kelurahan"], name])), column


def test_pimpinan_paragraph_names_no_hidden_kelurahan(dashboard_db, demo_con):
    from analytics.disclosure import is_marker, protected_area_figures

    paragraphs = {}
    year = _latest_year_with_small_extreme_cells(demo_con)
    for role in ("analis", "pimpinan"):
        at = session(role)
        at.selectbox(key="ctl_tahun").set_value(year).run()
        at.radio(key="ctl_garis").set_value("ekstrem").run()
        paragraphs[role] = " ".join(c.value for c in at.code)
    hidden = set()
    for y in (year, year - 1):
        cells = protected_area_figures(demo_con, y, "extreme")
        kel = cells[cells["kode"].str.count(r"\.") == 3]
        hidden |= set(kel.loc[kel["poor"].map(is_marker) | kel["p0"].map(is_marker), "nama"])
    # The analis paragraph names kelurahan whose figures a pimpinan does not see ...
    assert [name for name in hidden if name in paragraphs["analis"]]
    # ... the pimpinan paragraph does not.
    assert not [name for name in hidden if name in paragraphs["pimpinan"]], paragraphs["pimpinan"]
