import geopandas as gpd
import numpy as np
import pytest
import shapely

from analytics.errors import UserError
from geo.boundaries import load_boundaries
from geo.sampling import EDGE_MARGIN_M, locate_points, sample_points_in
from geo.schematic import schematic_kelurahan

N_POINTS = 20_000
METRES_PER_DEGREE = 111_320.0


@pytest.fixture(params=["schematic", "official"])
def boundaries(request):
    if request.param == "schematic":
        return schematic_kelurahan()
    gdf, _ = load_boundaries(request.getfixturevalue("official_path"))
    return gdf


def random_codes(boundaries, n, seed=0):
    return np.random.default_rng(seed).choice(boundaries["kode"].to_numpy(dtype=object), n)


def test_every_point_locates_back_to_its_kelurahan(boundaries):
    codes = random_codes(boundaries, N_POINTS)
    lon, lat = sample_points_in(boundaries, codes, np.random.default_rng(42))
    assert lon.shape == lat.shape == (N_POINTS,)
    assert np.isfinite(lon).all() and np.isfinite(lat).all()
    located = locate_points(boundaries, lon, lat)
    assert (located == codes).mean() == 1.0


def test_points_keep_clear_of_every_edge(boundaries):
    codes = random_codes(boundaries, N_POINTS)
    lon, lat = sample_points_in(boundaries, codes, np.random.default_rng(7))
    points = shapely.points(lon, lat)
    edges = boundaries.set_index("kode").geometry.boundary
    clearance_m = shapely.distance(points, edges.loc[codes].to_numpy()) * METRES_PER_DEGREE
    assert clearance_m.min() > EDGE_MARGIN_M * 0.99


def test_same_seed_same_points_other_seed_other_points(boundaries):
    codes = random_codes(boundaries, N_POINTS)
    first = sample_points_in(boundaries, codes, np.random.default_rng(3))
    again = sample_points_in(boundaries, codes, np.random.default_rng(3))
    other = sample_points_in(boundaries, codes, np.random.default_rng(4))
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


def test_points_avoid_an_overlapping_neighbour():
    # Official polygons overlap in thin slivers; here the overlap is half of each square, so
    # a sampler that ignores neighbours puts about half its points in the wrong place.
    overlapping = gpd.GeoDataFrame(
        {"kode": ["A", "B"]},
        geometry=[shapely.box(117.40, 0.10, 117.42, 0.12), shapely.box(117.41, 0.10, 117.43, 0.12)],
        crs="EPSG:4326",
    )
    codes = np.array(["A", "B"] * 1_000, dtype=object)
    lon, lat = sample_points_in(overlapping, codes, np.random.default_rng(2))
    inside = [shapely.contains_xy(polygon, lon, lat) for polygon in overlapping.geometry]
    assert not (inside[0] & inside[1]).any()
    assert (locate_points(overlapping.iloc[::-1], lon, lat) == codes).all()


def test_points_are_uniform_within_a_kelurahan(boundaries):
    lestari = boundaries.set_index("kode").geometry.loc["64.74.02.1005"]
    codes = np.full(N_POINTS, "64.74.02.1005", dtype=object)
    lon, lat = sample_points_in(boundaries, codes, np.random.default_rng(11))
    centroid = lestari.centroid
    # The standard error of the mean is about 0.0003 degrees; a biased sampler (e.g. one that
    # favours the bounding-box centre or the first island) is off by far more.
    assert abs(lon.mean() - centroid.x) < 0.002
    assert abs(lat.mean() - centroid.y) < 0.002


def test_islands_get_points_in_proportion_to_their_area(official_path):
    gdf, _ = load_boundaries(official_path)
    kuala = gdf.set_index("kode").geometry.loc["64.74.01.1001"]
    islands = shapely.get_parts(kuala)
    assert len(islands) > 1
    codes = np.full(N_POINTS, "64.74.01.1001", dtype=object)
    lon, lat = sample_points_in(gdf, codes, np.random.default_rng(5))
    observed = np.array([shapely.contains_xy(island, lon, lat).mean() for island in islands])
    expected = shapely.area(islands) / kuala.area
    assert observed.sum() == pytest.approx(1.0)
    # Islands lose a 5 m rim to the margin, small ones relatively more.
    np.testing.assert_allclose(observed, expected, atol=0.02)
    assert (observed[expected > 0.01] > 0).all()


def test_other_crs_gives_wgs84_points(official_path):
    gdf, _ = load_boundaries(official_path)
    codes = random_codes(gdf, 2_000)
    lon, lat = sample_points_in(gdf.to_crs("EPSG:32650"), codes, np.random.default_rng(1))
    assert (locate_points(gdf, lon, lat) == codes).all()


def test_unknown_code_is_refused():
    codes = np.array(["64.74.01.1001", "64.74.09.9999", None], dtype=object)
    with pytest.raises(UserError, match="Kelurahan tanpa poligon.*64.74.09.9999"):
        sample_points_in(schematic_kelurahan(), codes, np.random.default_rng(0))


def test_no_codes_no_points():
    no_codes = np.array([], dtype=object)
    lon, lat = sample_points_in(schematic_kelurahan(), no_codes, np.random.default_rng(0))
    assert lon.shape == lat.shape == (0,)


def test_points_outside_every_polygon_locate_to_none():
    located = locate_points(schematic_kelurahan(), np.array([117.4937, 110.0, np.nan]), np.array([0.1442, -5.0, 0.1]))
    assert located.tolist() == ["64.74.01.1002", None, None]


def test_sixty_thousand_points_all_inside_their_kelurahan(boundaries):
    # How fast is measured by benchmarks/, not here: this checks the large draw is right.
    codes = random_codes(boundaries, 60_000)
    lon, lat = sample_points_in(boundaries, codes, np.random.default_rng(0))
    assert (locate_points(boundaries, lon, lat) == codes).all()
