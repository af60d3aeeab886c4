"""The Verval page: a verifikator records a visit from its worklist; an analis reviews it."""

import json

from analytics.access.scope import ROLES, User
from analytics.access.users import read_audit, users_path_for
from analytics.verval import store
from analytics.verval.store import verval_path_for
from tests.dashboard.conftest import open_page, session
from ui.navigation import pages_for


def _fill_found_visit(at, indicators: int):
    """Tick ``indicators`` of the eight and choose finding, group and support."""
    for i, box in enumerate(b for b in at.checkbox if "_ind_" in b.key):
        box.set_value(i < indicators)
    at.run()
    by_key = {s.key.rsplit("_", 1)[-1]: s for s in at.selectbox if s.key.startswith("vv_6")}
    for field in ("floor", "wall", "roof", "income"):
        if by_key[field].value is None:
            by_key[field].set_value(by_key[field].options[0] if field != "income" else "upah")
    by_key["finding"].set_value("dikoreksi")
    by_key["group"].set_value("dtsen")
    at.run()
    next(r for r in at.radio if r.key.endswith("_support")).set_value("bantu")
    at.run()
    return at


def test_a_verifikator_records_a_visit_and_an_analis_approves_it(private_dashboard):
    at = open_page(session("verifikator"), "verval")
    kirim = next(b for b in at.button if b.label == "Kirim")
    assert kirim.disabled, "an empty finding cannot be submitted"
    assert any("Temuan wajib diisi" in w.value for w in at.warning)
    family = at.selectbox(key="vv_keluarga").value
    _fill_found_visit(at, indicators=7)
    assert "7 dari 8 indikator terpenuhi: fakir miskin" in " ".join(m.value for m in at.markdown)
    assert not at.warning, [w.value for w in at.warning]
    next(b for b in at.button if b.label == "Kirim").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("tersimpan" in s.value for s in at.success)
    records = store.latest_records(private_dashboard, user=User("a", "analis"))
    assert records["family_id"].tolist() == [family]
    stored = json.loads(records["visit_json"][0])
    assert stored["indicator_count"] == 7 and stored["fakir_miskin"] and stored["group"] == "dtsen"
    assert "1 dari" in at.get("progress")[0].proto.text

    analis = open_page(session("analis"), "verval")
    assert not analis.info or "Tidak ada catatan" not in " ".join(i.value for i in analis.info)
    next(b for b in analis.button if b.label == "Setujui").click().run()
    assert not analis.exception, [e.value for e in analis.exception]
    assert store.latest_records(private_dashboard, user=User("a", "analis"))["status"].tolist() == ["approved"]
    actions = read_audit(users_path_for(private_dashboard))["action"].tolist()
    assert "verval_catat" in actions and "verval_setujui" in actions
    assert verval_path_for(private_dashboard).exists()


def test_the_page_is_offered_to_the_roles_that_verify_only():
    offered = {role: "Verval" in [p.title for p in pages_for(role)] for role in ROLES}
    assert offered == {"pimpinan": False, "analis": True, "verifikator": True, "admin": True}


def test_the_dinas_sosial_section_shows_an_imported_files_summary_to_the_analis(private_dashboard, small_raw, tmp_path):
    import re

    import duckdb
    import pandas as pd

    from analytics.verval.dinsos import import_dinsos
    from tests.verval.test_verval_dinsos import dinsos_file

    analis = open_page(session("analis"), "verval")
    assert "Berkas verval Dinas Sosial" in [h.value for h in analis.header]
    assert any("Belum ada berkas verval Dinas Sosial" in i.value for i in analis.info)
    title = next(s.value for s in analis.subheader if s.value.startswith("Ringkasan per kelurahan"))
    year = int(re.search(r"\d{4}", title).group(0))
    frame, _ = dinsos_file(small_raw)
    frame.to_csv(path := tmp_path / "dinsos.csv", index=False)
    with duckdb.connect(str(private_dashboard), read_only=True) as con:
        result = import_dinsos(con, private_dashboard, year, path, user=User("ani", "analis"))
    analis.run()
    assert not analis.exception, [e.value for e in analis.exception]
    table = next(d.value for d in analis.dataframe if "Kebutuhan terbanyak" in d.value.columns)
    city = table[table["Kode"] == "64.74"].iloc[0]
    assert city["Keluarga"] == str(result.families) and city["Wilayah"] == "Kota Bontang"
    assert isinstance(table, pd.DataFrame) and len(table) > 2
    verifikator = open_page(session("verifikator"), "verval")
    assert "Berkas verval Dinas Sosial" not in [h.value for h in verifikator.header]
