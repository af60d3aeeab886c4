"""The welfare ranks (desil) of a year without a money measure, protected for a pimpinan.

The *none* view shows, for the city, each kecamatan and kelurahan, the families and persons,
those in desil 1 and 1-4 with their shares of the ranked families, the P3KE families, and the
families and persons in each desil (0: no desil). Those add up in every direction: the desils
to the area's families, desil 1-4 to its four desils, kelurahan to kecamatan and city. Hidden
one number at a time, a small count was a subtraction away from the city's. Here they are one
table per year, protected by :func:`analytics.disclosure.linked.suppress_linked` over all those
relations.

As on the transitions (:mod:`analytics.disclosure.transitions`), every hidden cell is shown ``x``,
small ones too: beside ``<10`` an ``x`` is known to be 0 or at least 10, and with the many
desil sums that pinned a kecamatan's hidden count of 10 down.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.disclosure.cells import HIDDEN, is_marker
from analytics.disclosure.linked import Ratio, Sum, suppress_linked

LEVELS = ("kota", "kecamatan", "kelurahan")
DESILS = tuple(range(11))  # 0: no desil
SHOWN = ("families", "persons", "families_desil_1", "families_desil_1_4", "families_p3ke")


def desil_column(what: str, desil: int) -> str:
    """The column of ``what`` ('families', 'persons') in ``desil`` (0: no desil)."""
    return f"{what}_d{desil}"


def desil_figures(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """City, kecamatan and kelurahan with ``desil_shares`` and each desil's families and persons."""
    from analytics.welfare.ranks import desil_distribution, desil_shares

    shares = pd.concat([desil_shares(con, year, by) for by in LEVELS], ignore_index=True)
    rows = []
    for kode in shares["kode"]:
        dist = desil_distribution(con, year, kode)
        desil = dist["desil"].fillna(0).astype(int)
        row = {"kode": kode}
        for what in ("families", "persons"):
            counts = dict(zip(desil, dist[what].fillna(0).astype("int64"), strict=True))
            row |= {desil_column(what, d): int(counts.get(d, 0)) for d in DESILS}
        rows.append(row)
    out = shares.merge(pd.DataFrame(rows), on="kode", how="left")
    out["ranked"] = out["families"] - out["families_without_desil"]
    return out


def protected_desil(con: duckdb.DuckDBPyConnection, year: int, threshold: int | None = None) -> pd.DataFrame:
    """:func:`desil_figures` with small counts and the cells that would give them back hidden."""
    figures = desil_figures(con, year)
    by_desil = {what: [desil_column(what, d) for d in DESILS] for what in ("families", "persons")}
    sums = [
        Sum("families", tuple(by_desil["families"])),
        Sum("persons", tuple(by_desil["persons"])),
        Sum("families_desil_1", (desil_column("families", 1),)),
        Sum("families_desil_1_4", tuple(desil_column("families", d) for d in range(1, 5))),
        Sum("ranked", tuple(desil_column("families", d) for d in range(1, 11))),
    ]
    ratios = [
        Ratio("share_desil_1", "families_desil_1", "ranked"),
        Ratio("share_desil_1_4", "families_desil_1_4", "ranked"),
    ]
    counts = [*SHOWN, *by_desil["families"], *by_desil["persons"]]
    protected = suppress_linked(figures, counts, implicit=["ranked"], sums=sums, ratios=ratios, threshold=threshold)
    hidden = [*counts, "share_desil_1", "share_desil_1_4"]
    protected[hidden] = protected[hidden].map(lambda v: HIDDEN if is_marker(v) else v)
    return protected
