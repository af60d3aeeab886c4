"""The tables of a briefing pack: numbers on the scale a reader sees (P0 and shares in percent,
P1 and P2 multiplied by 100 as BPS publishes them, counts in persons or families), and the same
as Indonesian text. For a pimpinan the cells come from the one protected model
(:mod:`analytics.disclosure`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics import disclosure as sdc
from analytics import formats as fmt
from analytics.labels import RELIABILITY
from analytics.labels import label as label_of
from analytics.programs.coverage import PROGRAMS, coverage
from analytics.reference import REGION_CODE, REGION_KIND, REGION_NAME, UNIT, UNIT_TITLE
from analytics.segments import segments
from analytics.welfare.estimates import area_estimates

#: Column kinds and how they are written as text.
KINDS = {
    "text": lambda v: "" if fmt.is_missing(v) and not isinstance(v, str) else str(v),
    "int": lambda v: fmt.number(v, 0, fmt.PRINT_MINUS),
    # Report tables hold values already scaled to percent.
    "pct": lambda v: fmt.MISSING if fmt.is_missing(v) else f"{fmt.number(v, 2, fmt.PRINT_MINUS)} %",
    "share": lambda v: fmt.MISSING if fmt.is_missing(v) else f"{fmt.number(v, 1, fmt.PRINT_MINUS)} %",
    "dec1": lambda v: fmt.number(v, 1, fmt.PRINT_MINUS),
    "bps2": lambda v: fmt.number(v, 2, fmt.PRINT_MINUS),
    "bps3": lambda v: fmt.number(v, 3, fmt.PRINT_MINUS),
    "bps4": lambda v: fmt.number(v, 4, fmt.PRINT_MINUS),
    "rp": fmt.rupiah,
}

SEGMENT_LABELS = {"empower": "Diberdayakan", "assist": "Dibantu"}
ESTIMATED_MARK = "*"
ESTIMATED_NOTE = "* garis perkiraan, belum dirilis BPS"
BPS_SCALE_NOTE = "P0 dalam persen; P1 dan P2 dalam skala BPS (×100)."
SUPPRESSION_NOTE_TABLE = sdc.SUPPRESSION_NOTE
#: On the title page of a suppressed pack.
SUPPRESSION_TITLE = (
    "Versi untuk pimpinan: jumlah keluarga atau penduduk kurang dari 10 ditampilkan sebagai <10 (lihat catatan metode)."
)
#: The region's unit in a sheet name, which may not hold "/" ("Cakupan desa-kelurahan").
SHEET_UNIT = UNIT.replace("/", "-")
#: Under the map of a suppressed pack.
SUPPRESSION_MAP_NOTE = f"Abu-abu: {UNIT} tanpa data atau P2-nya disembunyikan (pengendalian pengungkapan)."
#: The rule, for the method page and the XLSX 'Metode' sheet of a suppressed pack.
SUPPRESSION_RULE = (
    "Pengendalian pengungkapan statistik: berkas ini disiapkan untuk peran tanpa akses data rumah "
    "tangga. Jumlah keluarga atau penduduk 1 sampai 9 ditampilkan sebagai <10; angka lain yang "
    f"memungkinkan angka tersebut dihitung dengan pengurangan (dari total {REGION_KIND}, kecamatan atau baris "
    "yang sama) atau dari persentase ditampilkan sebagai x. P0, P1 dan P2 wilayah yang jumlah "
    "penduduk miskinnya disembunyikan juga ditampilkan sebagai x. Angka 0 tetap ditampilkan."
)


@dataclass
class Table:
    """One table of the pack: ``frame`` holds numbers (for XLSX), ``display`` the same as text.

    ``counts`` names the columns that hold counts of persons or families and ``count_rows``
    the rows of those columns that do (None: every row); in a suppressed pack their cells
    may be ``<10`` or ``x`` (text in ``frame`` too).
    """

    sheet: str
    title: str
    frame: pd.DataFrame
    display: pd.DataFrame
    note: str = ""
    counts: tuple[str, ...] = ()
    count_rows: tuple[int, ...] | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # column -> key of KINDS ('text' if absent)
    row_kinds: tuple[str, ...] = ()  # a table whose rows differ in unit: the kind of each row's numbers
    marked_rows: tuple[int, ...] = ()  # rows of the pack's own area in a city-wide table (drawn bold)

    def count_cells(self) -> pd.DataFrame:
        """``frame`` reduced to its count cells (other cells empty)."""
        cells = self.frame[list(self.counts)].astype(object)
        if self.count_rows is not None:
            keep = np.zeros(len(cells), dtype=bool)
            keep[list(self.count_rows)] = True
            cells = cells.where(pd.Series(keep, index=cells.index), None, axis=0)
        return cells


def _display(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        render = KINDS[kinds.get(column, "text")]
        out[column] = [v if sdc.is_marker(v) else render(v) for v in frame[column]]
    return out.reset_index(drop=True)


def table(sheet, title, frame, kinds, note="", counts=()) -> Table:
    frame = frame.reset_index(drop=True)
    counts = tuple(counts)
    if any(sdc.is_marker(v) for column in frame.columns for v in frame[column]):
        note = f"{note} {SUPPRESSION_NOTE_TABLE}".strip()
    return Table(sheet, title, frame, _display(frame, kinds), note, counts, kinds=dict(kinds))


def _scaled(value, scale: float):
    """``value * scale``, or the text of a suppressed cell unchanged."""
    return value if sdc.is_marker(value) else value * scale


def _overlay(frame: pd.DataFrame, protected: pd.DataFrame | None, columns: dict[str, str]) -> pd.DataFrame:
    """``frame`` (with a kode column) with ``columns`` (frame column -> protected column)
    taken from the protected figures of the same kode; unchanged when ``protected`` is None."""
    if protected is None:
        return frame
    source = protected.set_index("kode")
    out = frame.copy()
    for column, name in columns.items():
        out[column] = out["kode"].map(source[name]).astype(object)
    return out


def ranking_table(con, year: int, line, protected: pd.DataFrame | None) -> Table:
    merged = area_estimates(con, year, by="kelurahan", line=line)
    # FGT measures add up over subgroups (Foster, Greer & Thorbecke 1984): a kelurahan's part of
    # the city's P2 is its population share times its P2 (analytics.poverty.subgroup checks it).
    share = merged["population"] / merged["population"].sum()
    merged["contribution_p2"] = share * merged["p2"]
    merged["contribution_share_p2"] = merged["contribution_p2"] / merged["contribution_p2"].sum()
    merged = merged.sort_values(["p2", "kode"], ascending=[False, True], kind="stable", na_position="last")
    shown = _overlay(merged, protected, {c: c for c in ("population", "poor", "p0", "p1", "p2")})
    # The contribution is the population share times P2: it gives P2 back, so it goes with it.
    contribution = sdc.hidden_with(merged["contribution_p2"] * 100, shown["p2"])
    contribution_share = sdc.hidden_with(merged["contribution_share_p2"] * 100, shown["p2"])
    frame = pd.DataFrame(
        {
            "Peringkat": np.arange(1, len(merged) + 1),
            "Kode": merged["kode"].to_numpy(),
            UNIT_TITLE: merged["nama"].to_numpy(),
            "Penduduk (jiwa)": shown["population"].to_numpy(),
            "Penduduk miskin (jiwa)": shown["poor"].to_numpy(),
            "P0 (%)": [_scaled(v, 100) for v in shown["p0"]],
            "P1 (×100)": [_scaled(v, 100) for v in shown["p1"]],
            "P2 (×100)": [_scaled(v, 100) for v in shown["p2"]],
            f"Kontribusi ke P2 {REGION_KIND} (×100)": contribution.to_numpy(),
            f"Bagian dari P2 {REGION_KIND} (%)": contribution_share.to_numpy(),
        }
    )
    kinds = {
        "Peringkat": "int",
        "Penduduk (jiwa)": "int",
        "Penduduk miskin (jiwa)": "int",
        "P0 (%)": "pct",
        "P1 (×100)": "bps2",
        "P2 (×100)": "bps3",
        f"Kontribusi ke P2 {REGION_KIND} (×100)": "bps4",
        f"Bagian dari P2 {REGION_KIND} (%)": "share",
    }
    note = (
        f"Kontribusi = bagian penduduk {UNIT} × P2 {UNIT}; kontribusi semua {UNIT} "
        f"berjumlah P2 {REGION_KIND} (dekomposisi FGT)."
    )
    if "lower_p2" in merged.columns:  # a model run: its intervals and reliability beside P2
        for column, bound in (("P2 batas bawah 90 % (×100)", "lower_p2"), ("P2 batas atas 90 % (×100)", "upper_p2")):
            frame[column], kinds[column] = (merged[bound] * 100).to_numpy(), "bps3"
        frame["Keandalan P2"] = merged["reliability_p2"].map(lambda v: label_of(RELIABILITY, v)).to_numpy()
        note += " Estimasi model (SAE): urutan yang selang 90 %-nya bertumpang tindih tidak pasti."
    return table(
        "Peringkat P2",
        f"{UNIT_TITLE} menurut keparahan kemiskinan (P2)",
        frame,
        kinds,
        note,
        counts=("Penduduk (jiwa)", "Penduduk miskin (jiwa)"),
    )


def coverage_area_table(con, year: int, line, protected: pd.DataFrame | None) -> Table:
    by_area = coverage(con, year, by="kelurahan", program="any", eligible="poor", line=line, include_city=True)
    # Poor families without any program: the aggregate difference, not the household list.
    by_area["uncovered"] = by_area["eligible_families"] - by_area["covered_eligible"]
    shown = _overlay(
        by_area,
        protected,
        {
            c: c
            for c in ("eligible_families", "covered_eligible", "coverage", "uncovered", "recipients", "inclusion_error")
        },
    )
    area = pd.DataFrame(
        {
            "Kode": by_area["kode"],
            "Wilayah": by_area["nama"],
            "Keluarga miskin": shown["eligible_families"],
            "Keluarga miskin penerima program": shown["covered_eligible"],
            "Cakupan (%)": shown["coverage"].map(lambda v: _scaled(v, 100)),
            "Keluarga miskin tanpa program": shown["uncovered"],
            "Penerima program": shown["recipients"],
            "Galat inklusi (%)": shown["inclusion_error"].map(lambda v: _scaled(v, 100)),
        }
    )
    area_kinds = {
        "Keluarga miskin": "int",
        "Keluarga miskin penerima program": "int",
        "Cakupan (%)": "share",
        "Keluarga miskin tanpa program": "int",
        "Penerima program": "int",
        "Galat inklusi (%)": "share",
    }
    return table(
        f"Cakupan {SHEET_UNIT}",
        f"Cakupan program dan keluarga miskin tanpa program per {UNIT}",
        area,
        area_kinds,
        "Keluarga dihitung per keluarga. Program: PKH, Sembako, PBI-JK, BST, BPUM, Prakerja, KUR (salah satu). "
        "Galat inklusi = penerima yang tidak miskin / semua penerima.",
        counts=(
            "Keluarga miskin",
            "Keluarga miskin penerima program",
            "Keluarga miskin tanpa program",
            "Penerima program",
        ),
    )


def coverage_program_table(con, year: int, line, protected: pd.DataFrame | None) -> Table:
    by_program = coverage(con, year, by="kota", program="all", eligible="poor", line=line)
    if protected is not None:
        by_program = sdc.protect_programs(by_program, protected)
    labels = {p: p for p in PROGRAMS} | {"SEMBAKO": "Sembako (BPNT)", "PBI": "PBI-JK", "any": "Salah satu program"}
    prog = pd.DataFrame(
        {
            "Program": by_program["program"].map(labels),
            "Keluarga miskin": by_program["eligible_families"],
            "Keluarga miskin penerima": by_program["covered_eligible"],
            "Cakupan (%)": by_program["coverage"].map(lambda v: _scaled(v, 100)),
            "Galat eksklusi (%)": by_program["exclusion_error"].map(lambda v: _scaled(v, 100)),
            "Penerima": by_program["recipients"],
            "Galat inklusi (%)": by_program["inclusion_error"].map(lambda v: _scaled(v, 100)),
        }
    )
    prog_kinds = {
        "Keluarga miskin": "int",
        "Keluarga miskin penerima": "int",
        "Cakupan (%)": "share",
        "Galat eksklusi (%)": "share",
        "Penerima": "int",
        "Galat inklusi (%)": "share",
    }
    return table(
        "Cakupan program",
        f"Cakupan per program, {REGION_NAME}",
        prog,
        prog_kinds,
        "Galat eksklusi = keluarga miskin yang tidak menerima / semua keluarga miskin.",
        counts=("Keluarga miskin", "Keluarga miskin penerima", "Penerima"),
    )


def segment_table(
    con,
    year: int,
    line,
    protected: pd.DataFrame | None,
    area: str = REGION_CODE,
    level: str = "kota",
    name: str = REGION_NAME,
) -> Table:
    """The two segments of the pack's area (``level``: 'kota', 'kecamatan' or 'kelurahan')."""
    rows = segments(con, year, by=level, line=line)
    rows = rows.assign(kode=REGION_CODE) if level == "kota" else rows[rows["kode"] == area].reset_index(drop=True)
    if protected is not None:  # counts from the protected model, derived figures hidden with them
        rows = sdc.protect_segments(rows, protected)
    seg = pd.DataFrame(
        {
            "Segmen": rows["segment"].map(SEGMENT_LABELS),
            "Keluarga miskin": rows["families"],
            "Penduduk miskin (jiwa)": rows["persons"],
            "Sumbangan ke P1 (×100)": rows["gap_contribution"].map(lambda v: _scaled(v, 100)),
            "Bagian dari P1 (%)": rows["p1_share"].map(lambda v: _scaled(v, 100)),
            "Sumbangan ke P2 (×100)": rows["p2_contribution"].map(lambda v: _scaled(v, 100)),
        }
    )
    seg_kinds = {
        "Keluarga miskin": "int",
        "Penduduk miskin (jiwa)": "int",
        "Sumbangan ke P1 (×100)": "bps2",
        "Bagian dari P1 (%)": "share",
        "Sumbangan ke P2 (×100)": "bps3",
    }
    return table(
        "Segmen",
        "Keluarga miskin untuk diberdayakan dan untuk dibantu" + ("" if level == "kota" else f", {name}"),
        seg,
        seg_kinds,
        "Diberdayakan: ada anggota usia kerja yang tidak disabilitas (program peningkatan pendapatan). "
        "Dibantu: hanya lansia, anak atau anggota disabilitas (program pengurangan beban pengeluaran).",
        counts=("Keluarga miskin", "Penduduk miskin (jiwa)"),
    )


def segment_area_table(con, year: int, line, protected: pd.DataFrame | None) -> Table:
    by_area = segments(con, year, by="kelurahan", line=line)
    wide = by_area.pivot_table(index=["kode", "nama"], columns="segment", values=["families", "persons"], aggfunc="sum")
    wide = wide.reset_index()
    area = pd.DataFrame(
        {
            "kode": wide["kode"],
            "nama": wide["nama"],
            "empower_families": wide[("families", "empower")],
            "assist_families": wide[("families", "assist")],
            "empower_persons": wide[("persons", "empower")],
            "assist_persons": wide[("persons", "assist")],
        }
    ).sort_values("kode", kind="stable")
    area.columns = [c if isinstance(c, str) else c[0] for c in area.columns]
    names = {
        "empower_families": "Keluarga diberdayakan",
        "assist_families": "Keluarga dibantu",
        "empower_persons": "Jiwa diberdayakan",
        "assist_persons": "Jiwa dibantu",
    }
    area = _overlay(area, protected, {c: c for c in names})
    area = area.rename(columns={"kode": "Kode", "nama": UNIT_TITLE, **names})
    area_kinds = {c: "int" for c in area.columns[2:]}
    return table(
        f"Segmen {SHEET_UNIT}", f"Segmen keluarga miskin per {UNIT}", area, area_kinds, counts=tuple(names.values())
    )
