"""The map's first view shows the whole city, and a chosen kelurahan whole, on a phone-sized
frame (issue 14: the view cut off Guntung, half of Lok Tuan and Bontang Lestari).

The visible area is computed here from the view's centre and zoom with the web-mercator
formulas, independently of how geo.layers chose them.
"""

import math

import pytest

from geo import layers
from geo.boundaries import DEFAULT_BOUNDARY_FILE, load_boundaries
from geo.schematic import schematic_kelurahan


def visible_bounds(view, width_px: float, height_px: float) -> tuple[float, float, float, float]:
    world = 512 * 2**view.zoom  # deck.gl's pixels around the world at this zoom (512 px tiles)
    half_lon = width_px / 2 / world * 360
    y_centre = math.log(math.tan(math.pi / 4 + math.radians(view.latitude) / 2))
    half_y = height_px / 2 / world * 2 * math.pi

    def lat(y):
        return math.degrees(math.atan(math.sinh(y)))

    return view.longitude - half_lon, lat(y_centre - half_y), view.longitude + half_lon, lat(y_centre + half_y)


def inside(bounds, frame) -> bool:
    xmin, ymin, xmax, ymax = bounds
    left, bottom, right, top = frame
    return left <= xmin and xmax <= right and bottom <= ymin and ymax <= top


@pytest.fixture(scope="module", params=["official", "schematic"])
def boundaries(request):
    if request.param == "official":
        return load_boundaries(DEFAULT_BOUNDARY_FILE)[0]
    return schematic_kelurahan()


@pytest.mark.parametrize("width", [340, 940])  # a phone, a 1440 px desktop with the sidebar open
def test_every_kelurahan_inside_the_first_view(boundaries, width):
    frame = visible_bounds(layers.view_state(boundaries), width, 520)
    for row in boundaries.itertuples():
        assert inside(row.geometry.bounds, frame), row.nama


def test_a_chosen_kelurahan_fits_whole(boundaries):
    for kode in boundaries["kode"]:
        shape = boundaries[boundaries["kode"] == kode]
        frame = visible_bounds(layers.view_state(boundaries, kode), 340, 520)
        assert inside(shape.total_bounds, frame), kode


def test_the_check_sees_a_view_too_close(boundaries):
    view = layers.view_state(boundaries)
    view.zoom += 1.5
    assert not all(inside(r.geometry.bounds, visible_bounds(view, 340, 520)) for r in boundaries.itertuples())
