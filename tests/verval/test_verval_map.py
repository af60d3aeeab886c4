"""Verval on the map: the worklist's dots (coloured by status, found at the family's own
coordinates) and the Peta page's verified layer (approved records only, coloured by the
group the field found, in the user's scope)."""

import shutil

import duckdb
import pytest

from analytics.access.scope import AccessDenied, User
from analytics.verval import families, store
from analytics.views import verval_map, verval_page
from analytics.views.selection import Selection
from analytics.views.source import Source
from tests.verval.test_verval_store import FOUND

YEAR = 2024


@pytest.fixture
def db(small_db, tmp_path):
    path = tmp_path / "kota.duckdb"
    shutil.copy(small_db, path)
    return path


def _located_families(con, n: int) -> list[tuple[str, str, float, float]]:
    """``n`` families of one kelurahan with valid coordinates and both keys unique."""
    return con.execute(
        "select s.family_id, s.kode_kelurahan, f.lat, f.lon from stg_regsosek s "
        "join family f on f.year = s.year and f.family_id = s.family_id "
        "join link_key_kk k on k.year = s.year and k.no_kk_hash = s.no_kk_hash "
        "join link_key_head_nik n on n.year = s.year and n.head_nik_hash = s.head_nik_hash "
        "where s.year = ? and f.coord_status = 'ok' and s.kode_kelurahan = ("
        "  select kode_kelurahan from family where year = ? and coord_status = 'ok' "
        "  group by all order by count(*) desc limit 1) "
        "order by s.family_id limit ?",
        [YEAR, YEAR, n],
    ).fetchall()


def test_the_verified_layer_shows_approved_records_at_their_family_by_group(db):
    con = duckdb.connect(str(db), read_only=True)
    chosen = _located_families(con, 4)
    kelurahan = chosen[0][1]
    vera, ana = User("vera", "verifikator", kelurahan), User("ana", "analis")
    groups = ["dtsen", "bantuan_lain", "tidak_miskin", "dtsen"]
    for (family_id, *_), group in zip(chosen, groups, strict=True):
        visit = {**FOUND, "group": group, "referrals": ["baznas"] if group == "bantuan_lain" else []}
        if group == "tidak_miskin":  # the form's rule: a family meeting 6 indicators is not "not poor"
            visit.update({f"ind_{i}": i <= 2 for i in range(1, 9)})
            visit.pop("support")
        record_id, version = store.save_visit(db, families.family_keys(con, YEAR, family_id), visit, 0, user=vera)
        if family_id != chosen[3][0]:  # the last stays submitted: not on the verified layer
            store.review(db, record_id, version, "approved", user=ana)
    selection = Selection(year=YEAR, line="official", kecamatan=None, kelurahan=None)
    shown = verval_map.verified_points(Source.of(con), db, selection, user=ana)
    expected = {f: (lat, lon, g) for (f, _, lat, lon), g in zip(chosen[:3], groups[:3], strict=True)}
    assert sorted(shown.points["family_id"]) == sorted(expected)
    for row in shown.points.itertuples():
        lat, lon, group = expected[row.family_id]
        assert (row.lat, row.lon) == pytest.approx((lat, lon))
        assert tuple(row.color) == verval_map.GROUP_COLOURS[group]
    assert "3 keluarga" in shown.caption
    # The verifikator of another kelurahan may not ask for this one.
    other = con.execute("select kode from kelurahan where kode <> ? limit 1", [kelurahan]).fetchone()[0]
    with pytest.raises(AccessDenied):
        verval_map.verified_points(
            Source.of(con), db, Selection(YEAR, "official", None, kelurahan), user=User("o", "verifikator", other)
        )


def test_worklist_dots_sit_at_the_families_and_carry_their_status(db):
    con = duckdb.connect(str(db), read_only=True)
    family_id, kelurahan, lat, lon = _located_families(con, 1)[0]
    vera = User("vera", "verifikator", kelurahan)
    selection = Selection(year=YEAR, line="official", kecamatan=None, kelurahan=kelurahan)
    before = verval_page.worklist_view(Source.of(con), db, selection, None, None, None, user=vera)
    if family_id not in set(before.rows["family_id"]):
        family_id = before.rows.dropna(subset=["lat"])["family_id"].iloc[0]
    store.save_visit(db, families.family_keys(con, YEAR, family_id), FOUND, 0, user=vera)
    view = verval_page.worklist_view(Source.of(con), db, selection, None, None, None, user=vera)
    points = verval_page.worklist_points(view.rows).set_index("family_id")
    located = view.rows.dropna(subset=["lat", "lon"])
    assert sorted(points.index) == sorted(located["family_id"])
    expected = con.execute("select lat, lon from family where year = ? and family_id = ?", [YEAR, family_id]).fetchone()
    assert (points.loc[family_id, "lat"], points.loc[family_id, "lon"]) == pytest.approx(expected)
    assert tuple(points.loc[family_id, "color"]) == verval_page.STATUS_COLOURS["submitted"]
    others = points.drop(index=family_id)
    assert all(tuple(c) == verval_page.STATUS_COLOURS[None] for c in others["color"])
    card = verval_page.family_card(view.rows.set_index("family_id").loc[family_id])
    assert "RT " in card[1] and card[2].startswith("Alasan: ")
