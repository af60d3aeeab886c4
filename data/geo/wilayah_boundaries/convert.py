"""Rebuild a province's desa/kelurahan boundaries beside this file from cahyadsn/wilayah_boundaries.

    python data/geo/wilayah_boundaries/convert.py 64 PATH/db/kel/64/*.sql

Each SQL file inserts rows ``(kode, nama, lat, lng, path)``; ``path`` is a JSON list of
polygons whose points are ``[lat, lng]``, the reverse of GeoJSON. The output
``<province>.geojson.gz`` is a GeoJSON FeatureCollection with points reordered to
``[lng, lat]``, rounded to 6 decimals (about 0,1 m), properties ``kode``, ``nama``, ``lat``,
``lng`` (the source's label point) and ``area_km2`` (on a local plane at the label point's
latitude, within about 0,5 % of the geodesic area near the equator), one feature per
desa/kelurahan, sorted by code.
"""

import gzip
import json
import math
import re
import sys
from pathlib import Path

# Kilometres per degree of latitude and (at the equator) of longitude, as geo/schematic.py.
KM_PER_DEG_LAT, KM_PER_DEG_LON = 110.574, 111.320
ROW = re.compile(r"\('([0-9.]+)','((?:[^']|'')*)',(-?[0-9.]+),(-?[0-9.]+),'(\[[^']*\])'\)")


def features(sql_text: str) -> list[dict]:
    found = []
    for kode, nama, lat, lng, path in ROW.findall(sql_text):
        coordinates = [[_lng_lat(ring) for ring in polygon] for polygon in _multi(path)]
        found.append(
            {
                "type": "Feature",
                "properties": {
                    "kode": kode,
                    "nama": nama.replace("''", "'"),
                    "lat": float(lat),
                    "lng": float(lng),
                    "area_km2": round(_area_km2(coordinates, float(lat)), 4),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    return found


def _lng_lat(ring: list) -> list:
    return [[round(point[1], 6), round(point[0], 6)] for point in ring]


def _ring_area(ring: list) -> float:
    """Shoelace area of a ring of [lng, lat] points, in square degrees (unsigned)."""
    total = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
    return abs(total) / 2


def _area_km2(polygons: list, lat: float) -> float:
    """Outer rings minus holes, on the local plane at ``lat``."""
    degrees = sum(_ring_area(p[0]) - sum(_ring_area(hole) for hole in p[1:]) for p in polygons)
    return degrees * KM_PER_DEG_LAT * KM_PER_DEG_LON * math.cos(math.radians(lat))


def _multi(path: str) -> list:
    """The path as a list of polygons (lists of rings): the source nests a single polygon one
    or two levels less deep than a multipolygon."""
    value = json.loads(path)
    depth, probe = 0, value
    while isinstance(probe, list):
        depth, probe = depth + 1, probe[0]
    return {2: [[value]], 3: [value], 4: value}[depth]


def main(province: str, paths: list[str]) -> None:
    collected = [f for path in paths for f in features(Path(path).read_text(encoding="utf-8"))]
    collected.sort(key=lambda f: [int(part) for part in f["properties"]["kode"].split(".")])
    out = Path(__file__).with_name(f"{province}.geojson.gz")
    text = json.dumps({"type": "FeatureCollection", "features": collected}, separators=(",", ":"))
    # mtime=0: the same input gives the same bytes.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    print(f"{len(collected)} fitur ditulis ke {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
