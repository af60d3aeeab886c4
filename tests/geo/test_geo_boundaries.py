import os
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo.boundaries
from analytics.errors import UserError
from analytics.reference import load_kelurahan
from geo.boundaries import (
    BOUNDARY_FILE_ENV,
    BoundaryFileError,
    configured_boundary_path,
    kelurahan_map,
    load_boundaries,
)

ALL_CODES = load_kelurahan()["kode"].tolist()
COLUMNS = ["kode", "nama", "kode_kecamatan", "kecamatan", "geometry"]
# Spellings seen in register exports, not the official names.
NAME_VARIANTS = {
    "64.74.01.1003": "LOKTUAN",
    "64.74.01.1006": "Api-api",
    "64.74.02.1001": "Tg. Laut",
    "64.74.02.1002": "BEREBAS TENGAH",
    "64.74.02.1003": "BEREBAS PANTAI",
    "64.74.03.1002": "TELIHAN",
    "64.74.03.1003": "Kel. Kanaan",
}


def write(gdf: gpd.GeoDataFrame, path) -> str:
    gdf.to_file(path, engine="pyogrio")
    return str(path)


def assert_same_geometry(loaded: gpd.GeoDataFrame, official_raw: gpd.GeoDataFrame, tolerance):
    expected = official_raw.set_index("kode").geometry
    for kode, geometry in zip(loaded["kode"], loaded.geometry):
        assert shapely.hausdorff_distance(geometry, expected[kode]) < tolerance, kode


def test_official_file_matches_all_fifteen_by_code(official_path, official_raw):
    gdf, report = load_boundaries(official_path)
    assert list(gdf.columns) == COLUMNS
    assert gdf["kode"].tolist() == ALL_CODES
    assert gdf.crs.to_epsg() == 4326
    assert report.complete
    assert report.missing == ()
    assert report.unmatched == ()
    assert report.conflicts == ()
    assert set(report.method_by_feature.values()) == {"kode"}
    assert len(report.method_by_feature) == 15
    # The file spells "Api-api"; the result carries the gazetteer's official name.
    assert gdf.set_index("kode").loc["64.74.01.1006", "nama"] == "Api-Api"
    assert gdf.is_valid.all()
    assert_same_geometry(gdf, official_raw, tolerance=1e-12)


def test_official_areas_agree_with_gazetteer(official_path):
    gdf, _ = load_boundaries(official_path)
    areas_km2 = gdf.to_crs("EPSG:32650").area.to_numpy() / 1e6
    # The gazetteer rounds to 0.01 km2, which is 1 % of the smallest kelurahan.
    np.testing.assert_allclose(areas_km2, load_kelurahan()["area_km2"], rtol=0.02)


def test_renamed_attributes_match_by_code(tmp_path, official_raw):
    renamed = gpd.GeoDataFrame(
        {
            "KODE_DESA": official_raw["kode"].str.replace(".", "", regex=False),
            "NAMOBJ": official_raw["nama"].str.upper(),
            "LUAS": np.arange(15, dtype=float),
        },
        geometry=official_raw.geometry,
        crs=official_raw.crs,
    )
    gdf, report = load_boundaries(write(renamed, tmp_path / "batas.geojson"))
    assert gdf["kode"].tolist() == ALL_CODES
    assert report.complete
    assert {m.method for m in report.matches} == {"kode"}
    assert {m.attribute for m in report.matches} == {"KODE_DESA"}


def test_names_only_with_variants_match_by_name(tmp_path, official_raw):
    names = [NAME_VARIANTS.get(kode, nama) for kode, nama in zip(official_raw["kode"], official_raw["nama"])]
    named = gpd.GeoDataFrame(
        {"NAMOBJ": names, "WADMKC": official_raw["kode"].map(lambda k: "Kecamatan " + k[:8])},
        geometry=official_raw.geometry,
        crs=official_raw.crs,
    )
    gdf, report = load_boundaries(write(named, tmp_path / "nama_saja.geojson"))
    assert gdf["kode"].tolist() == ALL_CODES
    assert report.complete
    assert {m.method for m in report.matches} == {"nama"}
    # Each feature went to the kelurahan it really is, not merely to some kelurahan.
    assert {m.feature: m.kode for m in report.matches} == dict(enumerate(official_raw["kode"]))
    assert_same_geometry(gdf, official_raw, tolerance=1e-12)


def test_unknown_extra_feature_is_reported(tmp_path, official_raw):
    stranger = gpd.GeoDataFrame(
        {"kode": ["64.08.01.1001"], "nama": ["Sangatta Utara"], "lat": [0.5], "lng": [117.5]},
        geometry=[shapely.box(117.5, 0.5, 117.52, 0.52)],
        crs=official_raw.crs,
    )
    extended = pd.concat([official_raw, stranger], ignore_index=True)
    gdf, report = load_boundaries(write(extended, tmp_path / "plus_satu.geojson"))
    assert gdf["kode"].tolist() == ALL_CODES
    assert not report.complete
    assert len(report.unmatched) == 1
    unmatched = report.unmatched[0]
    assert unmatched.feature == 15
    assert unmatched.attributes["nama"] == "Sangatta Utara"
    assert unmatched.attributes["kode"] == "64.08.01.1001"
    assert "1 fitur tidak dikenali" in report.summary()


def test_missing_kelurahan_is_reported(tmp_path, official_raw):
    without_kanaan = official_raw[official_raw["kode"] != "64.74.03.1003"]
    gdf, report = load_boundaries(write(without_kanaan, tmp_path / "tanpa_kanaan.geojson"))
    assert len(gdf) == 14
    assert report.missing == ("64.74.03.1003",)
    assert "Kanaan" in report.summary()


def test_features_of_one_kelurahan_are_merged(tmp_path, official_raw):
    exploded = official_raw.explode(index_parts=False).reset_index(drop=True)
    assert len(exploded) > 15  # Bontang Kuala and Bontang Lestari have islands
    gdf, report = load_boundaries(write(exploded, tmp_path / "pecah.geojson"))
    assert gdf["kode"].tolist() == ALL_CODES
    assert len(report.matches) == len(exploded)
    merged = shapely.area(gdf.geometry.to_numpy())
    np.testing.assert_allclose(merged, shapely.area(official_raw.geometry.to_numpy()), rtol=1e-9)


def test_utm_shapefile_is_reprojected_and_matched(tmp_path, official_raw):
    utm = official_raw.to_crs("EPSG:32650")
    utm["KD_KEL"] = utm["kode"].str.replace(".", "", regex=False).astype("int64")
    utm = utm[["KD_KEL", "geometry"]]
    path = write(utm, tmp_path / "batas_utm.shp")
    assert gpd.read_file(path).crs.to_epsg() == 32650
    gdf, report = load_boundaries(path)
    assert gdf.crs.to_epsg() == 4326
    assert gdf["kode"].tolist() == ALL_CODES
    assert {m.method for m in report.matches} == {"kode"}
    assert_same_geometry(gdf, official_raw, tolerance=1e-7)  # about 1 cm


def test_zipped_shapefile_is_read(tmp_path, official_raw):
    write(official_raw[["kode", "geometry"]], tmp_path / "batas.shp")
    archive = tmp_path / "batas_kelurahan.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for part in tmp_path.glob("batas.*"):
            bundle.write(part, part.name)
    gdf, report = load_boundaries(archive)
    assert gdf["kode"].tolist() == ALL_CODES
    assert report.complete


def test_shapefile_without_prj_in_degrees_is_taken_as_wgs84(tmp_path, official_raw):
    path = write(official_raw[["kode", "geometry"]], tmp_path / "tanpa_prj.shp")
    os.remove(tmp_path / "tanpa_prj.prj")
    gdf, report = load_boundaries(path)
    assert gdf.crs.to_epsg() == 4326
    assert report.complete


def test_shapefile_without_prj_in_metres_is_refused(tmp_path, official_raw):
    path = write(official_raw[["kode", "geometry"]].to_crs("EPSG:32650"), tmp_path / "utm.shp")
    os.remove(tmp_path / "utm.prj")
    with pytest.raises(BoundaryFileError, match="sistem koordinat"):
        load_boundaries(path)


def test_swapped_axes_are_refused(tmp_path, official_raw):
    swapped = official_raw.copy()
    swapped.geometry = shapely.transform(official_raw.geometry.to_numpy(), lambda xy: xy[:, ::-1])
    with pytest.raises(BoundaryFileError, match="tidak berada di Kota Bontang"):
        load_boundaries(write(swapped, tmp_path / "tertukar.geojson"))


def test_unreadable_file_raises_indonesian_error(tmp_path):
    broken = tmp_path / "rusak.geojson"
    broken.write_text("ini bukan GeoJSON {", encoding="utf-8")
    with pytest.raises(BoundaryFileError, match="tidak dapat dibaca") as caught:
        load_boundaries(broken)
    assert "rusak.geojson" in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_absent_file_raises_indonesian_error(tmp_path):
    with pytest.raises(BoundaryFileError, match="tidak dapat dibaca.*tidak_ada.geojson"):
        load_boundaries(tmp_path / "tidak_ada.geojson")


def test_file_without_matchable_attribute_is_refused(tmp_path, official_raw):
    anonymous = gpd.GeoDataFrame(
        {"id": range(15), "label": [f"Wilayah {i}" for i in range(15)]},
        geometry=official_raw.geometry,
        crs=official_raw.crs,
    )
    with pytest.raises(BoundaryFileError, match="tidak memiliki atribut") as caught:
        load_boundaries(write(anonymous, tmp_path / "tanpa_nama.geojson"))
    assert "tanpa_nama.geojson" in str(caught.value)


def test_configured_path_from_environment(monkeypatch, official_path):
    monkeypatch.setenv(BOUNDARY_FILE_ENV, str(official_path))
    assert configured_boundary_path() == official_path


def test_configured_path_that_is_missing_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(BOUNDARY_FILE_ENV, str(tmp_path / "hilang.geojson"))
    with pytest.raises(BoundaryFileError, match="hilang.geojson.*tidak ditemukan"):
        configured_boundary_path()


def test_configured_path_defaults_to_shared_file(monkeypatch, tmp_path):
    monkeypatch.delenv(BOUNDARY_FILE_ENV, raising=False)
    shared, province = tmp_path / "bontang_kelurahan.geojson", tmp_path / "64.geojson.gz"
    monkeypatch.setattr(geo.boundaries, "DEFAULT_BOUNDARY_FILE", shared)
    monkeypatch.setattr(geo.boundaries, "PROVINCE_BOUNDARY_FILE", province)
    assert configured_boundary_path() is None
    province.write_bytes(b"")
    assert configured_boundary_path() == province  # the region's province, when no file of its own
    shared.write_text("{}", encoding="utf-8")
    assert configured_boundary_path() == shared


def test_the_province_file_gives_the_same_polygons(monkeypatch, tmp_path):
    # Without Bontang's own file the province's polygons of exactly its 15 kelurahan are drawn:
    # the same source, so each differs from the region file's by rounding only.
    monkeypatch.delenv(BOUNDARY_FILE_ENV, raising=False)
    own = kelurahan_map().frame.set_index("kode")
    monkeypatch.setattr(geo.boundaries, "DEFAULT_BOUNDARY_FILE", tmp_path / "tidak_ada.geojson")
    shown = kelurahan_map()
    assert shown.source.endswith("wilayah_boundaries/64.geojson.gz") and not shown.match_report.missing
    province = shown.frame.set_index("kode").loc[own.index]
    a, b = province.geometry.to_numpy(), own.geometry.to_numpy()
    changed = shapely.area(shapely.symmetric_difference(a, b)) / shapely.area(b)  # in degrees: a ratio
    assert changed.max() < 0.001


def test_without_any_file_the_schematic_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(BOUNDARY_FILE_ENV, raising=False)
    monkeypatch.setattr(geo.boundaries, "DEFAULT_BOUNDARY_FILE", tmp_path / "tidak_ada.geojson")
    monkeypatch.setattr(geo.boundaries, "PROVINCE_BOUNDARY_FILE", tmp_path / "tidak_ada.geojson.gz")
    shown = kelurahan_map()
    gdf = shown.frame
    assert shown.schematic
    assert gdf["kode"].tolist() == ALL_CODES


def test_official_file_is_used_when_configured(monkeypatch, official_path):
    monkeypatch.setenv(BOUNDARY_FILE_ENV, str(official_path))
    shown = kelurahan_map()
    gdf = shown.frame
    assert not shown.schematic
    assert shown.match_report.complete
    assert gdf["kode"].tolist() == ALL_CODES


def test_path_argument_overrides_configuration(monkeypatch, tmp_path, official_path):
    monkeypatch.setenv(BOUNDARY_FILE_ENV, str(official_path))
    renamed = gpd.read_file(official_path).rename(columns={"kode": "KDEPUM"})
    renamed = renamed[["KDEPUM", "geometry"]]
    path = write(renamed.iloc[:3], tmp_path / "tiga.geojson")
    assert len(kelurahan_map(path).frame) == 3


def test_results_are_cached_per_file_and_copied(monkeypatch, official_path):
    calls = []
    real_load = geo.boundaries.load_boundaries

    def counting_load(path):
        calls.append(path)
        return real_load(path)

    monkeypatch.setattr(geo.boundaries, "load_boundaries", counting_load)
    first = kelurahan_map(official_path).frame
    first.loc[0, "nama"] = "diubah"
    second = kelurahan_map(str(official_path)).frame
    assert len(calls) == 1
    assert second.loc[0, "nama"] == "Bontang Kuala"


def test_a_replaced_file_is_read_again(tmp_path, official_raw):
    path = tmp_path / "batas.geojson"
    write(official_raw.iloc[:5], path)
    assert len(kelurahan_map(path).frame) == 5
    path.unlink()
    write(official_raw, path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert len(kelurahan_map(path).frame) == 15
