"""Default kelurahan map built from the gazetteer alone, so the dashboard needs no outside file."""

import geopandas as gpd
import numpy as np
import shapely

from analytics.reference import load_kelurahan

CRS = "EPSG:4326"
COLUMNS = ["kode", "nama", "kode_kecamatan", "kecamatan"]

# Kilometres per degree of latitude and (at the equator) of longitude.
_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LON = 111.320
# The outline is the union of discs around the centroids. A radius a little above that of a
# disc of the kelurahan's own area lets neighbouring discs merge into one tiled city, so
# cells meet along Voronoi edges; a larger one turns every trimmed cell into a lone disc.
_OUTLINE_RADIUS_FACTOR = 1.1
# Cells on the rim of the crowded centre get far more than their area; trimming them to
# exactly their area would leave gaps, so a modest surplus is tolerated.
_MAX_AREA_RATIO = 1.3
_TRIM_ITERATIONS = 30
_QUAD_SEGS = 16


def schematic_kelurahan() -> gpd.GeoDataFrame:
    """Approximate kelurahan polygons: a Voronoi partition of the gazetteer centroids.

    Each cell holds its own centroid, no two cells overlap, and each cell is trimmed so its
    area is at most 1.3 times the gazetteer area (cells squeezed by close neighbours stay
    smaller: the smallest, Belimbing, gets about two thirds of its area). Maps say that it is
    not official (:class:`geo.boundaries.KelurahanMap` has no source for it).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns kode, nama, kode_kecamatan, kecamatan, geometry in EPSG:4326, gazetteer order.

    Examples
    --------
    >>> gdf = schematic_kelurahan()
    >>> len(gdf), str(gdf.crs)
    (15, 'EPSG:4326')
    """
    gazetteer = load_kelurahan()
    lon = gazetteer["centroid_lon"].to_numpy(dtype=float)
    lat = gazetteer["centroid_lat"].to_numpy(dtype=float)
    target_km2 = gazetteer["area_km2"].to_numpy(dtype=float)

    # Near the equator a local plane in kilometres is accurate to well under 1 %, and it keeps
    # the build free of pyproj and fast.
    origin = np.array([lon.mean(), lat.mean()])
    scale = np.array([_KM_PER_DEG_LON * np.cos(np.radians(origin[1])), _KM_PER_DEG_LAT])
    xy = (np.column_stack([lon, lat]) - origin) * scale
    centroids = shapely.points(xy)

    disc_radius = np.sqrt(target_km2 / np.pi)
    outline = shapely.union_all(shapely.buffer(centroids, _OUTLINE_RADIUS_FACTOR * disc_radius))
    voronoi = shapely.voronoi_polygons(shapely.multipoints(centroids), extend_to=outline.envelope, ordered=True)
    cells = shapely.intersection(shapely.get_parts(voronoi), outline)
    cells = _trim_to_area(cells, centroids, _MAX_AREA_RATIO * target_km2)

    geometry = shapely.transform(cells, lambda coords: coords / scale + origin)
    gdf = gpd.GeoDataFrame(gazetteer[COLUMNS].reset_index(drop=True), geometry=geometry, crs=CRS)
    return gdf


def _trim_to_area(cells: np.ndarray, centroids: np.ndarray, max_area: np.ndarray) -> np.ndarray:
    """Cut each cell larger than ``max_area`` with a disc around its centroid down to it.

    A disc centred on the centroid keeps the centroid inside and keeps cells disjoint; the
    disc radius is found by bisection, all oversized cells at once.
    """
    cells = cells.copy()
    oversized = np.flatnonzero(shapely.area(cells) > max_area)
    if oversized.size == 0:
        return cells
    low = np.zeros(oversized.size)
    high = shapely.hausdorff_distance(cells[oversized], centroids[oversized])
    for _ in range(_TRIM_ITERATIONS):
        middle = (low + high) / 2
        discs = shapely.buffer(centroids[oversized], middle, quad_segs=_QUAD_SEGS)
        too_big = shapely.area(shapely.intersection(cells[oversized], discs)) > max_area[oversized]
        high = np.where(too_big, middle, high)
        low = np.where(too_big, low, middle)
    discs = shapely.buffer(centroids[oversized], low, quad_segs=_QUAD_SEGS)
    cells[oversized] = shapely.intersection(cells[oversized], discs)
    return cells
