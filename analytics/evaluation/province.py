"""Chapter 2's second quadrant: the kab/kota of the province by P0 against P2, split at the
province's, from the BPS series the user supplies (``KEMISKINAN_KABKOTA_FILE``).

BPS publishes P0 and P2 for every kab/kota once a year (Susenas March); the product ships none
of them yet (the national series come with issue "Any kabupaten or kota"), so the quadrant is
drawn only from a file the user gives: ``kode,nama,year,p0_pct,p2_bps,kind,source`` (kode the
BPS kab/kota code, P0 in percent, P2 on BPS's ×100 scale, kind ``bps`` or ``pers``, a source for
every row; a bad row refuses the file, naming it). The split is the province's P0 and P2 of the
same year from the comparison series (chapter 1); without them there is no split and no quadrant.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import DataError
from analytics.evaluation.files import read_region_file
from analytics.evaluation.quadrant import QUADRANTS
from analytics.evaluation.series import COMPARISON_KINDS, load_comparison
from analytics.formats import number
from analytics.reference import REGION
from analytics.report.tables import Table, table

_COLUMNS = ("kode", "nama", "year", "p0_pct", "p2_bps", "kind", "source")
PROVINCE = REGION.kode_provinsi
HOW_TO = (
    "Kuadran kab/kota se-provinsi belum ditampilkan: deret BPS kab/kota (P0 dan P2) belum disediakan oleh admin "
    "(panduan: Evaluasi Tahunan, berkas daerah)."
)


def read_kabkota(path) -> pd.DataFrame:
    """The user's kab/kota series; :class:`DataError` naming every bad row."""
    name, frame = read_region_file(path, _COLUMNS)
    problems = []
    for i, row in frame.iterrows():
        where = f"{name} baris {i + 2} ({row['kode']} {row['year']})"
        for column in ("year", "p0_pct", "p2_bps"):
            if pd.isna(pd.to_numeric(row[column], errors="coerce")):
                problems.append(f"{where}: {column} kosong atau bukan angka ({row[column]!r}).")
        if row["kind"] not in COMPARISON_KINDS:
            problems.append(f"{where}: jenis {row['kind']!r} tidak dikenal (harus: {', '.join(COMPARISON_KINDS)}).")
        if not row["source"]:
            problems.append(f"{where}: sumber angka (kolom source) kosong; setiap angka harus menyebut sumbernya.")
        if not row["nama"]:
            problems.append(f"{where}: nama kab/kota kosong.")
    if frame.duplicated(["kode", "year"]).any():
        problems.append(f"{name}: satu kab/kota tercantum lebih dari sekali pada tahun yang sama.")
    if problems:
        raise DataError(problems)
    return frame.astype({"year": int, "p0_pct": float, "p2_bps": float})


def province_quadrant(year: int, kabkota: pd.DataFrame, comparison: pd.DataFrame | None = None) -> Table:
    """The kab/kota of ``year`` placed against the province's P0 and P2 (a table; BPS figures,
    no interval). :class:`DataError` when the year has no kab/kota or no provincial split."""
    comparison = load_comparison() if comparison is None else comparison
    rows = kabkota[kabkota["year"] == year]
    if rows.empty:
        raise DataError(f"Berkas kab/kota tidak memuat tahun {year}.")
    province = comparison[(comparison["region"] == PROVINCE) & (comparison["year"] == year)]
    absent = [m for m, c in (("P0", "p0_pct"), ("P2", "p2_bps")) if province.empty or province[c].isna().all()]
    if absent:
        raise DataError(
            f"{' dan '.join(absent)} {REGION.nama_provinsi} {year} belum tersedia di deret pembanding: "
            "kuadran kab/kota tidak dapat dibagi."
        )
    p0, p2 = float(province["p0_pct"].iloc[0]), float(province["p2_bps"].iloc[0])
    quadrant = [QUADRANTS[(a > p0, b > p2)] for a, b in zip(rows["p0_pct"], rows["p2_bps"], strict=True)]
    frame = pd.DataFrame(
        {
            "Kode": rows["kode"],
            "Kab/kota": rows["nama"],
            "P0 (%)": rows["p0_pct"],
            "P2 (×100)": rows["p2_bps"],
            "Kuadran": quadrant,
            "Sumber": rows["source"],
        }
    ).sort_values(["P2 (×100)", "Kode"], ascending=[False, True], kind="stable")
    note = f"Garis pembagi: P0 {REGION.nama_provinsi} {number(p0, 2)} % dan P2 {number(p2, 3)} ({year})."
    return table("Kuadran kab/kota", f"Kab/kota {REGION.nama_provinsi} menurut P0 dan P2, {year}", frame, _KINDS, note)


_KINDS = {"P0 (%)": "pct", "P2 (×100)": "bps3"}
