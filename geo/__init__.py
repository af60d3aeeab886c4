"""Kelurahan geometry for the maps: official boundary files, a schematic default, and points.

Never imports streamlit: pages draw what these functions return.
"""

from geo.boundaries import (
    BOUNDARY_FILE_ENV,
    BoundaryFileError,
    KelurahanMap,
    clear_boundary_cache,
    configured_boundary_path,
    kelurahan_map,
    load_boundaries,
)
from geo.matching import FeatureMatch, MatchReport, NameConflict, UnmatchedFeature
from geo.sampling import locate_points, sample_points_in
from geo.schematic import schematic_kelurahan

__all__ = [
    "BOUNDARY_FILE_ENV",
    "BoundaryFileError",
    "FeatureMatch",
    "MatchReport",
    "NameConflict",
    "UnmatchedFeature",
    "clear_boundary_cache",
    "configured_boundary_path",
    "KelurahanMap",
    "kelurahan_map",
    "load_boundaries",
    "locate_points",
    "sample_points_in",
    "schematic_kelurahan",
]
