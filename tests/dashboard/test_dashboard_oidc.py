"""Sign-in through an OIDC provider (st.login) when secrets.toml configures one: roles come
from the mapping file, an unmapped address is refused, and the local form is not offered."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from analytics.access.users import read_audit, users_path_for
from tests.dashboard.conftest import DASHBOARD, TIMEOUT
from ui.navigation import pages_for

API_API = "64.74.01.1006"


@pytest.fixture
def role_map(tmp_path):
    path = tmp_path / "peran.toml"
    path.write_text(
        '[pengguna."kepala@bontangkota.go.id"]\nperan = "pimpinan"\n'
        f'[pengguna."verif@bontangkota.go.id"]\nperan = "verifikator"\nkelurahan = "{API_API}"\n',
        encoding="utf-8",
    )
    return path


def oidc_session(role_map, user: dict) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "rahasia-uji",
        "client_id": "dasbor",
        "client_secret": "rahasia",
        "server_metadata_url": "https://sso.example.invalid/.well-known/openid-configuration",
    }
    at.secrets["kemiskinan"] = {"peta_peran": str(role_map)}
    at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_signed_out_sees_only_the_provider_button(dashboard_db, role_map):
    at = oidc_session(role_map, {"is_logged_in": False})
    assert [b.label for b in at.button] == ["Masuk dengan akun kantor"]
    assert not at.text_input and not at.dataframe


def test_mapped_address_gets_its_role(dashboard_db, role_map):
    before = len(read_audit(users_path_for(dashboard_db)))
    at = oidc_session(role_map, {"is_logged_in": True, "email": "Verif@bontangkota.go.id", "email_verified": True})
    assert at.title[0].value.startswith("Peta kemiskinan")
    assert at.selectbox(key="ctl_kel").value == API_API
    assert pages_for("verifikator")[0].title == "Peta"
    entries = read_audit(users_path_for(dashboard_db)).iloc[before:]
    signed = entries[entries["action"] == "masuk"]
    assert list(signed["username"]) == ["verif@bontangkota.go.id"]
    assert json.loads(signed["detail_json"].iloc[0])["cara"] == "oidc"


def test_unmapped_address_is_refused(dashboard_db, role_map):
    at = oidc_session(role_map, {"is_logged_in": True, "email": "orang.lain@gmail.com", "email_verified": True})
    assert any("belum diberi peran" in w.value for w in at.warning)
    assert not at.dataframe and not at.metric
    assert [b.label for b in at.button] == ["Keluar dari akun kantor"]


def test_unverified_address_is_refused_even_when_mapped(dashboard_db, role_map):
    at = oidc_session(role_map, {"is_logged_in": True, "email": "kepala@bontangkota.go.id"})
    assert any("belum terverifikasi" in w.value for w in at.warning)
    assert not at.dataframe and not at.metric
