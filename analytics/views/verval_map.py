"""The Peta page's verified layer: families whose verval record for the year is approved, as
dots coloured by what the field found (poor by the Kemensos criteria, needs other help, not
poor), with a tooltip of the finding. Household roles only (the page checks)."""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass

import pandas as pd

from analytics import sql
from analytics.access.scope import User
from analytics.formats import number
from analytics.verval import families, store, visit
from analytics.views.selection import Selection
from analytics.views.source import Source

#: Dot colours by the approved group: none is in the choropleth's yellow-to-red palette, nor the
#: blue of the uncovered families' dots.
GROUP_COLOURS = {"dtsen": (118, 42, 131), "bantuan_lain": (0, 160, 175), "tidak_miskin": (27, 120, 55)}
NO_GROUP_COLOUR = (90, 90, 90)  # not found, moved, died, refused: no group recorded
NO_GROUP_LABEL = "Tidak ditemui (pindah, meninggal, menolak, tidak ditemukan)"


@dataclass(frozen=True)
class VerifiedPoints:
    """``points``: lon, lat, color, nama, value_text, family_id; ``caption``: what they are."""

    points: pd.DataFrame
    caption: str


def legend() -> list[tuple[str, tuple[int, int, int]]]:
    """(label, colour) of each dot colour of the verified layer."""
    return [*((visit.GROUPS[g], c) for g, c in GROUP_COLOURS.items()), (NO_GROUP_LABEL, NO_GROUP_COLOUR)]


def _approved(source: Source, db_path, selection: Selection, user: User) -> pd.DataFrame:
    records = store.latest_records(db_path, selection.kelurahan, user=user)
    records = records[(records["status"] == "approved") & (records["year"] == selection.year)]
    return families.newest_per_family(source.cursor(), selection.year, records)


def verified_points(source: Source, db_path: str | os.PathLike, selection: Selection, *, user: User) -> VerifiedPoints:
    """The approved records of ``selection.year`` (the sidebar's kelurahan, or the user's scope)
    placed at their family's coordinates."""
    approved = _approved(source, db_path, selection, user)
    visits = [json.loads(v) for v in approved["visit_json"]]
    places = sql.frame(
        source.cursor(), "verval/family_places", {"year": selection.year, "family_ids": approved["family_id"].tolist()}
    )
    found = pd.DataFrame(
        {
            "family_id": approved["family_id"].to_numpy(),
            "group": [v.get("group") for v in visits],
            "text": [_finding(v) for v in visits],
        }
    ).merge(places, on="family_id", how="inner")
    points = pd.DataFrame(
        {
            "family_id": found["family_id"],
            "lon": found["lon"].astype(float),
            "lat": found["lat"].astype(float),
            "color": [list(GROUP_COLOURS.get(g, NO_GROUP_COLOUR)) for g in found["group"]],
            "nama": ["Keluarga " + html.escape(str(f)) for f in found["family_id"]],
            "value_text": found["text"],
        }
    )
    missing = len(approved) - len(points)
    caption = (
        f"Titik berwarna: {number(len(points))} keluarga dengan catatan verval {selection.year} yang sudah disetujui"
        + (f" ({number(missing)} lainnya tanpa koordinat valid)" if missing else "")
        + "; warnanya menurut temuan lapangan. Catatan yang belum disetujui tidak ditampilkan."
    )
    return VerifiedPoints(points, caption)


def _finding(answers: dict) -> str:
    outcome = visit.OUTCOMES.get(answers.get("outcome"), "–")
    if answers.get("outcome") != "ditemukan":
        return html.escape(f"Disetujui · {outcome}")
    group = visit.GROUPS.get(answers.get("group"), "–")
    met = answers.get("indicator_count", 0)
    return html.escape(f"Disetujui · {group} · {number(met)} dari 8 indikator Kemensos")
