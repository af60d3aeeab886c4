"""Verval: the worklist a verifikator works through on a phone, the visit record, and the
review queue of the analis and admin (Indonesian tables and labels)."""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass

import pandas as pd

from analytics.access.scope import User
from analytics.formats import number, percent, wita
from analytics.reference import UNIT_TITLE
from analytics.summary import family_heads
from analytics.verval import store, visit
from analytics.verval.worklist import REASONS, worklist_families
from analytics.views.selection import Selection, kelurahan_names
from analytics.views.source import Source

STATUS_LABELS = {None: "Belum dikunjungi", **store.STATUSES}
TO_VISIT = "belum"


@dataclass(frozen=True)
class WorklistView:
    """``rows``: family_id, label (one line for a phone), record_id, version, status; ``table``:
    the same families as the page lists them."""

    rows: pd.DataFrame
    table: pd.DataFrame
    progress: str
    share: float
    rt_choices: list[str]


def _heads(source: Source, year: int, table: pd.DataFrame, user: User) -> pd.DataFrame:
    # A family not seen this year is named from last year's registers.
    gone = table["reasons"].map(lambda r: "not_seen" in r)
    parts = [source.get(family_heads, year, tuple(table.loc[~gone, "family_id"]), user=user)]
    if gone.any():
        parts.append(source.get(family_heads, year - 1, tuple(table.loc[gone, "family_id"]), user=user))
    return pd.concat(parts, ignore_index=True)


def _label(row) -> str:
    place = f"RT {row.rt or '–'}/RW {row.rw or '–'}"
    return f"{place} · {row.head_name or 'tanpa nama'} · {REASONS[row.reasons[0]]}"


def worklist_view(
    source: Source,
    db_path: str | os.PathLike,
    selection: Selection,
    reason: str | None,
    rt: str | None,
    status: str | None,
    *,
    user: User,
) -> WorklistView:
    """The worklist of the user's kelurahan (analis/admin: the sidebar's, or the city), filtered
    by reason, RT and visit status ('belum' or a store status); progress counts all of it."""
    families = source.get(worklist_families, selection.year, selection.line, selection.kelurahan, user=user)
    records = _visits(source, db_path, selection, user)
    families = families.merge(records, on="family_id", how="left")
    families["status"] = families["status"].astype(object).where(families["status"].notna(), None)
    visited, total = int(families["status"].notna().sum()), len(families)
    rt_choices = sorted(families["rt"].dropna().unique())
    shown = families
    if reason:
        shown = shown[shown["reasons"].map(lambda r: reason in r)]
    if rt:
        shown = shown[shown["rt"] == rt]
    if status == TO_VISIT:
        shown = shown[shown["status"].isna()]
    elif status:
        shown = shown[shown["status"] == status]
    shown = shown.merge(_heads(source, selection.year, shown, user), on="family_id", how="left")
    shown["label"] = [_label(r) for r in shown.itertuples()]
    table = pd.DataFrame(
        {
            "RT/RW": shown["rt"].fillna("–") + "/" + shown["rw"].fillna("–"),
            "Kepala keluarga": shown["head_name"].fillna("–"),
            "NIK (disamarkan)": shown["nik_masked"].fillna("–"),
            "Alasan": shown["reasons"].map(lambda r: "; ".join(REASONS[x] for x in r)),
            "Status": shown["status"].map(lambda s: STATUS_LABELS[s]),
            "Desil": shown["desil"].map(lambda d: "–" if pd.isna(d) else number(d)),
            "ID keluarga": shown["family_id"],
        }
    )
    share = visited / total if total else 0.0
    progress = f"{number(visited)} dari {number(total)} keluarga sudah dikunjungi ({percent(share)})"
    rows = shown[
        [
            "family_id",
            "label",
            "record_id",
            "version",
            "status",
            "kode_kelurahan",
            "rt",
            "rw",
            "address",
            "head_name",
            "reasons",
            "lat",
            "lon",
        ]
    ].reset_index(drop=True)
    return WorklistView(rows, table.reset_index(drop=True), progress, share, rt_choices)


def _visits(source: Source, db_path, selection: Selection, user: User) -> pd.DataFrame:
    from analytics.verval.families import newest_per_family

    records = store.latest_records(db_path, selection.kelurahan, user=user)
    latest = newest_per_family(source.cursor(), selection.year, records)
    return latest[["family_id", "record_id", "version", "status"]]


def record_visit(record: pd.Series) -> dict:
    """The visit stored in a record version (a dict the form can start from)."""
    return json.loads(record["visit_json"])


def review_queue(db_path: str | os.PathLike, kelurahan: str | None, *, user: User) -> pd.DataFrame:
    """Submitted records waiting for review, oldest first, with what a reviewer weighs."""
    records = store.latest_records(db_path, kelurahan, user=user)
    waiting = records[records["status"] == "submitted"].sort_values("at").reset_index(drop=True)
    visits = [record_visit(r) for _, r in waiting.iterrows()]
    return pd.DataFrame(
        {
            "record_id": waiting["record_id"],
            "version": waiting["version"],
            "ID keluarga": waiting["family_id"],
            UNIT_TITLE: waiting["kode_kelurahan"].map(lambda k: kelurahan_names().get(k, k)),
            "RT/RW": waiting["rt"].fillna("–") + "/" + waiting["rw"].fillna("–"),
            "Petugas": waiting["username"],
            "Waktu (WITA)": wita(waiting["at"]),
            "Versi": waiting["version"].map(number),
            "Hasil": [visit.OUTCOMES.get(v["outcome"], "–") for v in visits],
            "Kelompok": [visit.GROUPS.get(v.get("group"), "–") for v in visits],
            "Indikator terpenuhi": [number(v["indicator_count"]) for v in visits],
            "Fakir miskin": ["Ya" if v["fakir_miskin"] else "Tidak" for v in visits],
            "Catatan": [v.get("note") or "" for v in visits],
        }
    )


#: Dot colours of the worklist map, by the newest record's status (None: not visited yet).
STATUS_COLOURS = {
    None: (120, 120, 120),
    "submitted": (230, 150, 0),
    "approved": (0, 140, 70),
    "returned": (200, 40, 40),
}
#: The chosen family's ring: a colour no status uses, so it is found at a glance.
CHOSEN_COLOUR = (120, 40, 200)


def worklist_points(rows: pd.DataFrame) -> pd.DataFrame:
    """The worklist families with valid coordinates, as map dots: lon, lat, color (by status),
    and the tooltip fields ``nama`` and ``value_text`` (register text HTML-escaped)."""
    located = rows[rows["lat"].notna() & rows["lon"].notna()]
    return pd.DataFrame(
        {
            "family_id": located["family_id"],
            "lon": located["lon"].astype(float),
            "lat": located["lat"].astype(float),
            "color": [list(STATUS_COLOURS[s]) for s in located["status"]],
            "nama": [html.escape(str(n or "tanpa nama")) for n in located["head_name"]],
            "value_text": [
                html.escape(f"RT {r.rt or '–'}/RW {r.rw or '–'} · {STATUS_LABELS[r.status]} · {REASONS[r.reasons[0]]}")
                for r in located.itertuples()
            ],
        }
    ).reset_index(drop=True)


def map_legend() -> list[tuple[str, tuple[int, int, int]]]:
    """(label, colour) of each dot colour on the worklist map, the chosen family's ring first."""
    statuses = [(STATUS_LABELS[s], colour) for s, colour in STATUS_COLOURS.items()]
    return [("Keluarga dipilih (lingkaran)", CHOSEN_COLOUR), *statuses]


def family_card(row: pd.Series) -> list[str]:
    """What finds the house and says why it is visited, as short lines (register text as is:
    the page escapes it)."""
    where = f"RT {row['rt'] or '–'}/RW {row['rw'] or '–'}"
    address = row["address"] if isinstance(row["address"], str) and row["address"].strip() else "alamat tidak tercatat"
    located = "" if pd.notna(row["lat"]) else " (tanpa koordinat: tidak tampil di peta)"
    return [
        f"{row['head_name'] or 'Tanpa nama'} · ID keluarga {row.name}",
        f"{address}, {where}{located}",
        "Alasan: " + "; ".join(REASONS[r] for r in row["reasons"]),
    ]
