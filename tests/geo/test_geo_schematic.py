import itertools

import numpy as np
import shapely

from analytics.reference import load_kelurahan
from geo.schematic import schematic_kelurahan


def test_fifteen_valid_polygons_in_wgs84():
    gdf = schematic_kelurahan()
    assert list(gdf.columns) == ["kode", "nama", "kode_kecamatan", "kecamatan", "geometry"]
    assert len(gdf) == 15
    assert gdf["kode"].tolist() == load_kelurahan()["kode"].tolist()
    assert gdf.crs.to_epsg() == 4326
    assert gdf.is_valid.all()
    assert not gdf.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_cells_do_not_overlap():
    geometry = schematic_kelurahan().geometry.to_numpy()
    for a, b in itertools.combinations(range(len(geometry)), 2):
        shared = shapely.intersection(geometry[a], geometry[b]).area
        assert shared < 1e-12 * min(geometry[a].area, geometry[b].area) + 1e-15, (a, b)
    # Disjoint cells: the union covers exactly the sum of the parts.
    assert np.isclose(shapely.union_all(geometry).area, shapely.area(geometry).sum(), rtol=1e-9)


def test_each_centroid_lies_in_its_own_cell_only():
    gdf = schematic_kelurahan()
    gazetteer = load_kelurahan()
    lon = gazetteer["centroid_lon"].to_numpy()
    lat = gazetteer["centroid_lat"].to_numpy()
    inside = np.array([shapely.contains_xy(cell, lon, lat) for cell in gdf.geometry])
    assert (inside == np.eye(15, dtype=bool)).all()


def test_areas_are_of_the_gazetteer_order():
    areas_km2 = schematic_kelurahan().to_crs("EPSG:32650").area.to_numpy() / 1e6
    gazetteer_km2 = load_kelurahan()["area_km2"].to_numpy()
    ratio = areas_km2 / gazetteer_km2
    assert ratio.min() > 0.5, ratio
    assert ratio.max() < 1.5, ratio
    assert abs(areas_km2.sum() / gazetteer_km2.sum() - 1) < 0.15


def test_deterministic():
    first = schematic_kelurahan().geometry.to_wkb()
    second = schematic_kelurahan().geometry.to_wkb()
    assert list(first) == list(second)
