"""Guards that stop a bad year before it replaces a good database.

After every file is read and checked (the per-file guards — quarantine share, year column,
expenditure scale — run with the file), the years are compared: a source whose file is
empty although the year before had rows, and a population frame (Regsosek families loaded)
smaller than the set share of the previous year's, stop the import with the evidence.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import ImportFailed
from analytics.formats import number
from analytics.ingest.detect import source_label


def check_years(parts: pd.DataFrame, min_frame_share: float) -> None:
    """Refuse (every problem named) when a year falls short of the year before it."""
    if parts.empty:
        return
    per = parts.groupby(["source", "year"], as_index=False).agg(
        rows_read=("rows_read", "sum"), loaded=("loaded", "sum"), file=("file", "first")
    )
    problems = []
    for source, rows in per.groupby("source"):
        rows = rows.sort_values("year").to_dict("records")
        for before, now in zip([None, *rows[:-1]], rows):
            problems += _compare(source, before, now, min_frame_share)
    if problems:
        raise ImportFailed(problems)


def _compare(source: str, before: dict | None, now: dict, min_frame_share: float) -> list[str]:
    label = source_label(source)
    if now["rows_read"] == 0:
        if before is not None and before["loaded"] > 0:
            return [
                f"{now['file']}: berkas {label} tahun {now['year']} kosong (tanpa baris data), padahal tahun "
                f"{before['year']} berisi {number(before['loaded'])} baris. Periksa ekspornya."
            ]
        if source == "regsosek":
            return [f"{now['file']}: berkas Regsosek tahun {now['year']} kosong (tanpa baris data)."]
        return []
    if source != "regsosek" or before is None or before["loaded"] == 0:
        return []
    share = now["loaded"] / before["loaded"]
    if share >= min_frame_share:
        return []
    return [
        f"{now['file']}: kerangka keluarga tahun {now['year']} hanya {number(now['loaded'])} keluarga, "
        f"{number(100 * share, 1)} % dari {number(before['loaded'])} keluarga tahun {before['year']} (batas "
        f"{number(100 * min_frame_share, 0)} %, KEMISKINAN_IMPORT_MIN_FRAME_SHARE). Berkasnya terpotong atau "
        "hanya sebagian wilayah? Periksa ekspornya."
    ]
