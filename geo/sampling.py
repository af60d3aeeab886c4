"""Random locations inside kelurahan polygons, and the reverse lookup from point to kelurahan."""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analytics.errors import DataError
from analytics.reference import UNIT, UNIT_TITLE
from geo.schematic import CRS

# Points keep this far from their own kelurahan's edges and from every other kelurahan, so
# rounding in exports or a neighbour's overlapping sliver cannot place them elsewhere.
EDGE_MARGIN_M = 5.0
_M_PER_DEG = 111_320.0
# Rejection rounds per polygon part; each round draws enough for the expected acceptance
# rate, so more than a few rounds only happen for a region that is (nearly) empty.
_MAX_ROUNDS = 100
_OVERDRAW = 1.1


def sample_points_in(
    boundaries: gpd.GeoDataFrame, codes: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform random points, each strictly inside the polygon of its kelurahan.

    Each point lies at least ``EDGE_MARGIN_M`` metres inside its own kelurahan and outside
    every other kelurahan (official boundaries overlap a little), so ``locate_points`` gives
    back the same kode. Islands of a multipolygon get points in proportion to their area.

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        Columns kode and geometry, as from ``kelurahan_boundaries()``.
    codes : numpy.ndarray
        Kode of the kelurahan of each point.
    rng : numpy.random.Generator
        The only source of randomness: the same state gives the same points.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Longitude and latitude (EPSG:4326) of each point, in the order of ``codes``.

    Raises
    ------
    ValueError
        A code has no polygon in ``boundaries``, or its polygon leaves no room for a point.

    Examples
    --------
    >>> from geo.schematic import schematic_kelurahan
    >>> gdf = schematic_kelurahan()
    >>> codes = np.array(["64.74.01.1002"] * 3)
    >>> lon, lat = sample_points_in(gdf, codes, np.random.default_rng(1))
    >>> locate_points(gdf, lon, lat).tolist()
    ['64.74.01.1002', '64.74.01.1002', '64.74.01.1002']
    """
    boundaries = _in_wgs84(boundaries)
    codes = np.asarray(codes, dtype=object)
    lon = np.empty(len(codes))
    lat = np.empty(len(codes))
    if len(codes) == 0:
        return lon, lat

    known = pd.Index(boundaries["kode"])
    unknown = ~pd.Index(codes).isin(known)
    if unknown.any():
        listed = ", ".join(sorted(map(str, pd.unique(codes[unknown])))[:5])
        raise DataError(f"{UNIT_TITLE} tanpa poligon pada peta batas wilayah: {listed}.")

    # Sorted unique codes fix the order in which the generator is consumed.
    group, unique = pd.factorize(codes, sort=True)
    regions = _sampling_regions(boundaries, unique)
    order = np.argsort(group, kind="stable")
    ends = np.cumsum(np.bincount(group, minlength=len(unique)))
    for kode, region, rows in zip(unique, regions, np.split(order, ends[:-1])):
        lon[rows], lat[rows] = _uniform_points(region, len(rows), rng, kode)
    return lon, lat


def locate_points(boundaries: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The kode of the kelurahan containing each point, None where no polygon contains it.

    Where official polygons overlap, the first kelurahan in ``boundaries`` order wins.

    Examples
    --------
    >>> from geo.schematic import schematic_kelurahan
    >>> locate_points(schematic_kelurahan(), np.array([117.4937, 100.0]), np.array([0.1442, 0.0]))
    array(['64.74.01.1002', None], dtype=object)
    """
    boundaries = _in_wgs84(boundaries)
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    # Prepared copies: preparing is what makes point tests fast, and preparing the caller's
    # (possibly cached, shared between threads) geometries in place would mutate them.
    polygons = shapely.from_wkb(shapely.to_wkb(boundaries.geometry.to_numpy()))
    shapely.prepare(polygons)
    row = np.full(lon.shape, -1)
    # Walking backwards lets earlier rows overwrite later ones in overlaps.
    for index in range(len(polygons) - 1, -1, -1):
        xmin, ymin, xmax, ymax = shapely.bounds(polygons[index])
        candidates = np.flatnonzero((lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax))
        inside = shapely.contains_xy(polygons[index], lon[candidates], lat[candidates])
        row[candidates[inside]] = index
    # Row -1 (no polygon) picks the None appended at the end.
    kode = np.append(boundaries["kode"].to_numpy(dtype=object), None)
    return kode[row]


def _in_wgs84(boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if boundaries.crs is None or boundaries.crs.equals(CRS):
        return boundaries
    return boundaries.to_crs(CRS)


def _sampling_regions(boundaries: gpd.GeoDataFrame, codes: np.ndarray) -> list:
    """Per code, its polygon shrunk by the margin minus every other polygon grown by it."""
    # Near the equator a degree is about the same length east and north, so a buffer in
    # degrees is a near-circular one in metres.
    margin = EDGE_MARGIN_M / _M_PER_DEG
    polygons = boundaries.geometry.to_numpy()
    grown = shapely.buffer(polygons, margin)
    tree = shapely.STRtree(grown)
    row_of = {kode: row for row, kode in enumerate(boundaries["kode"])}
    regions = []
    for kode in codes:
        row = row_of[kode]
        region = shapely.buffer(polygons[row], -margin)
        neighbours = [other for other in tree.query(region) if other != row]
        if neighbours:
            region = shapely.difference(region, shapely.union_all(grown[neighbours]))
        regions.append(region)
    return regions


def _uniform_points(region, n: int, rng: np.random.Generator, kode: str):
    """n uniform points in a (multi)polygon: parts chosen by area, then rejection in bounds."""
    parts = [part for part in shapely.get_parts(region) if part.geom_type == "Polygon"]
    areas = shapely.area(np.array(parts, dtype=object)) if parts else np.zeros(0)
    if areas.sum() <= 0:
        raise DataError(f"Poligon {UNIT} {kode} terlalu kecil untuk menempatkan titik.")
    per_part = rng.multinomial(n, areas / areas.sum())
    lon = np.empty(n)
    lat = np.empty(n)
    start = 0
    for part, count in zip(parts, per_part):
        if count:
            stop = start + count
            lon[start:stop], lat[start:stop] = _rejection_sample(part, count, rng, kode)
            start = stop
    return lon, lat


def _rejection_sample(polygon, n: int, rng: np.random.Generator, kode: str):
    shapely.prepare(polygon)
    xmin, ymin, xmax, ymax = polygon.bounds
    acceptance = polygon.area / ((xmax - xmin) * (ymax - ymin))
    xs, ys = [], []
    found = 0
    for _ in range(_MAX_ROUNDS):
        draw = int(np.ceil((n - found) / acceptance * _OVERDRAW)) + 16
        x = rng.uniform(xmin, xmax, draw)
        y = rng.uniform(ymin, ymax, draw)
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        found += int(inside.sum())
        if found >= n:
            # Taking the first n of independent uniform draws keeps them uniform.
            return np.concatenate(xs)[:n], np.concatenate(ys)[:n]
    raise DataError(f"Gagal menempatkan titik acak di dalam poligon {UNIT} {kode}.")
