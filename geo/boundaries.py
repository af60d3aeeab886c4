"""Official kelurahan boundaries from a user's GeoJSON or shapefile, else the schematic map."""

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analytics.errors import BoundaryFileError
from analytics.paths import PROJECT_ROOT
from analytics.reference import (
    EXAMPLE_KELURAHAN,
    EXAMPLE_KELURAHAN_NAME,
    PROVINCE_BOUNDARIES_DIR,
    REGION,
    REGION_CODE,
    REGION_NAME,
    REGION_SLUG,
    UNIT,
    load_kelurahan,
)
from analytics.settings import settings
from geo.matching import MatchReport, match_features
from geo.schematic import COLUMNS, CRS, schematic_kelurahan

BOUNDARY_FILE_ENV = "KEMISKINAN_BOUNDARY_FILE"
# The official boundaries shipped for the region (data/geo/README.md for source and licence); a
# region without such a file gets the schematic map.
DEFAULT_BOUNDARY_FILE = PROJECT_ROOT / "data" / "geo" / f"{REGION_SLUG}_kelurahan.geojson"
# Else the polygons of the region's province, when that province ships (one file per province).
PROVINCE_BOUNDARY_FILE = PROVINCE_BOUNDARIES_DIR / f"{REGION.kode_provinsi}.geojson.gz"
# Matched polygons further than this (degrees, ~11 km) from their gazetteer centroids mean
# the file is not where it claims to be: a wrong CRS or swapped lon/lat axes.
_MAX_CENTROID_OFFSET_DEG = 0.1


def load_boundaries(path: str | Path) -> tuple[gpd.GeoDataFrame, MatchReport]:
    """Read a kelurahan boundary file and match its features to the gazetteer.

    Any attribute names are accepted: features are matched by a Kemendagri code in any
    attribute, else by a kelurahan name (or known variant) in any text attribute. Features
    that match the same kelurahan are merged.

    Parameters
    ----------
    path : str or Path
        GeoJSON, shapefile (also zipped) or any other vector format GDAL reads, in any CRS.

    Returns
    -------
    (geopandas.GeoDataFrame, MatchReport)
        One row per matched kelurahan in gazetteer order, columns kode, nama,
        kode_kecamatan, kecamatan, geometry, EPSG:4326; and the report of how each feature
        was matched.

    Raises
    ------
    BoundaryFileError
        The file cannot be read, has no features, has no attribute naming a kelurahan,
        or lies outside the region.
    """
    path = Path(path)
    try:
        raw = _read(path)
    except Exception as exc:
        # Whatever GDAL trips over in a user's file, the user needs the same advice.
        raise BoundaryFileError(
            f"Berkas batas wilayah tidak dapat dibaca: {path}. Gunakan GeoJSON atau "
            "shapefile (.shp bersama .shx, .dbf, dan .prj, atau semuanya dalam satu .zip)."
        ) from exc
    if len(raw) == 0:
        raise BoundaryFileError(f"Berkas batas wilayah {path} tidak berisi satu fitur pun.")
    raw = _to_wgs84(raw, path)

    report = match_features(pd.DataFrame(raw.drop(columns=raw.geometry.name)), str(path))
    if not report.matches:
        raise BoundaryFileError(
            f"Berkas batas wilayah {path} tidak memiliki atribut kode atau nama {UNIT} "
            f"{REGION_NAME} yang dikenali (contoh kode: {EXAMPLE_KELURAHAN}; contoh nama: {EXAMPLE_KELURAHAN_NAME})."
        )

    geometry = _merged_polygons(raw.geometry.to_numpy(), report)
    gazetteer = load_kelurahan()
    has_polygon = gazetteer["kode"].isin(geometry.keys()).to_numpy()
    gdf = gpd.GeoDataFrame(
        gazetteer.loc[has_polygon, COLUMNS].reset_index(drop=True),
        geometry=[geometry[kode] for kode in gazetteer.loc[has_polygon, "kode"]],
        crs=CRS,
    )
    _check_location(gdf, gazetteer.loc[has_polygon], path)

    missing = tuple(kode for kode in gazetteer["kode"] if kode not in geometry)
    return gdf, replace(report, missing=missing)


def configured_boundary_path() -> Path | None:
    """The boundary file to use: the environment variable, else the shipped file, else None.

    Raises
    ------
    BoundaryFileError
        ``KEMISKINAN_BOUNDARY_FILE`` names a file that does not exist.
    """
    configured = str(settings().boundary_file or "")
    if configured:
        path = Path(configured).expanduser()
        if not path.exists():
            raise BoundaryFileError(
                f"Berkas batas wilayah {path} (dari variabel lingkungan {BOUNDARY_FILE_ENV}) tidak ditemukan."
            )
        return path
    if DEFAULT_BOUNDARY_FILE.exists():
        return DEFAULT_BOUNDARY_FILE
    if PROVINCE_BOUNDARY_FILE.exists():
        return PROVINCE_BOUNDARY_FILE
    return None


def _read(path: Path) -> gpd.GeoDataFrame:
    """Read a boundary file; a gzip file through GDAL's /vsigzip/, and the shipped province
    file only for the region's own areas (the rest of the province is not the region's)."""
    if path.suffix != ".gz":
        return gpd.read_file(path, engine="pyogrio")
    where = f"kode LIKE '{REGION_CODE}.%'" if path.resolve() == PROVINCE_BOUNDARY_FILE.resolve() else None
    return gpd.read_file(f"/vsigzip/{path.resolve()}", engine="pyogrio", where=where)


@dataclass(frozen=True)
class KelurahanMap:
    """Kelurahan polygons (``frame``) and where they come from: an official file (``source``,
    with the ``match_report`` of its features) or, when ``source`` is None, the schematic map."""

    frame: gpd.GeoDataFrame
    source: str | None = None
    match_report: MatchReport | None = None

    @property
    def schematic(self) -> bool:
        return self.source is None


def kelurahan_map(path: str | Path | None = None) -> KelurahanMap:
    """Kelurahan polygons for maps: the given or configured official file, else the schematic.

    Results are cached per file; the caller gets its own copy of the frame to modify freely.
    """
    source = Path(path) if path is not None else configured_boundary_path()
    if source is None:
        return KelurahanMap(schematic_kelurahan())
    resolved = source.resolve()
    try:
        modified = resolved.stat().st_mtime_ns
    except OSError:
        modified = None  # load_boundaries reports the missing file in Indonesian
    # The modification time is part of the key so that replacing the file on disk is seen
    # without restarting the dashboard.
    gdf, report = _cached_boundaries(str(resolved), modified)
    return KelurahanMap(gdf.copy(), str(resolved), report)


def clear_boundary_cache() -> None:
    """Forget cached boundaries, e.g. after the configuration changed."""
    _cached_boundaries.cache_clear()


@cache
def _cached_boundaries(resolved_path: str, modified: int | None) -> tuple[gpd.GeoDataFrame, MatchReport]:
    return load_boundaries(resolved_path)


def _to_wgs84(raw: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    if raw.crs is None:
        xmin, ymin, xmax, ymax = raw.total_bounds
        # GeoJSON is WGS84 by definition and a shapefile without .prj usually is too; any
        # other unlabelled coordinates cannot be placed.
        if -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90:
            return raw.set_crs(CRS)
        raise BoundaryFileError(
            f"Berkas batas wilayah {path} tidak mencantumkan sistem koordinat (CRS) dan "
            "koordinatnya bukan derajat bujur/lintang. Sertakan berkas .prj atau simpan ulang "
            "dalam EPSG:4326."
        )
    if raw.crs.equals(CRS):
        return raw
    try:
        return raw.to_crs(CRS)
    except Exception as exc:
        raise BoundaryFileError(
            f"Sistem koordinat berkas batas wilayah {path} tidak dapat diubah ke EPSG:4326."
        ) from exc


def _merged_polygons(geometries: np.ndarray, report: MatchReport) -> dict[str, object]:
    """Kode -> polygonal geometry, merging features that matched the same kelurahan."""
    parts: dict[str, list] = {}
    for match in report.matches:
        polygon = _polygonal(geometries[match.feature])
        if polygon is not None:
            parts.setdefault(match.kode, []).append(polygon)
    # A single feature is kept as drawn; a union would only reorder its vertices.
    return {kode: pieces[0] if len(pieces) == 1 else shapely.union_all(pieces) for kode, pieces in parts.items()}


def _polygonal(geometry):
    """The polygonal part of a feature in 2D, repaired if invalid; None when nothing is left."""
    if geometry is None or geometry.is_empty:
        return None
    geometry = shapely.force_2d(geometry)
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    # Twice, because make_valid may nest a MultiPolygon inside a GeometryCollection.
    pieces = shapely.get_parts(shapely.get_parts(geometry))
    polygons = [piece for piece in pieces if piece.geom_type == "Polygon" and not piece.is_empty]
    if not polygons:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return shapely.union_all(polygons)


def _check_location(gdf: gpd.GeoDataFrame, gazetteer: pd.DataFrame, path: Path) -> None:
    centroids = shapely.points(gazetteer["centroid_lon"], gazetteer["centroid_lat"])
    offset = shapely.distance(gdf.geometry.to_numpy(), centroids)
    if np.median(offset) > _MAX_CENTROID_OFFSET_DEG:
        raise BoundaryFileError(
            f"Poligon dalam berkas batas wilayah {path} tidak berada di {REGION_NAME}. "
            "Periksa sistem koordinat (CRS) berkas atau urutan bujur/lintang."
        )
