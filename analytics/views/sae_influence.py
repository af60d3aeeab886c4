"""Model SAE: the survey households that move the region's total (analytics.sae.influence).

The table lists the households the run refitted without; the warning names each one whose
absence moves the official-line P0 of the region by a tenth or more, with both figures, so an
analyst checks the household's record before the figure is published.
"""

from __future__ import annotations

import pandas as pd

from analytics.formats import bps_scale, number, percent
from analytics.reference import REGION_KIND, UNIT_TITLE
from analytics.sae.influence import INFLUENTIAL_SHARE

__all__ = ["SET_ASIDE_LABEL", "influence_view"]

LINE = "official"
#: The run option's label on the Model SAE page.
SET_ASIDE_LABEL = (
    f"Sisihkan rumah tangga survei yang sendirian menggeser P0 {REGION_KIND} {percent(INFLUENTIAL_SHARE, 0)} atau lebih"
)


def influence_view(diag: dict, names: pd.Series | dict) -> tuple[pd.DataFrame, list[str], str]:
    """The table of refitted households, a warning per influential one and the sentence that
    reads the table (table and sentence empty for a run stored before the check existed)."""
    names = pd.Series(names)
    notes = _set_aside_notes(diag.get("set_aside") or [], names)
    frame = pd.DataFrame(diag.get("influence") or [])
    if frame.empty:
        return frame, notes, ""
    table = pd.DataFrame(
        {
            "Rumah tangga (berkas:baris)": frame.get("unit_id", frame["row"] + 1),
            UNIT_TITLE: frame["area"].map(lambda code: names.get(code, code)),
            "Pengeluaran (% garis)": frame["welfare_share"].map(lambda v: percent(v, 0)),
            "Residu baku": frame["residual"].map(lambda v: number(v, 2, minus="−")),
            "λ tanpa dia": frame["lambda_without"].map(lambda v: number(v, 3, minus="−")),
            f"P0 {REGION_KIND} tanpa dia (%)": frame[f"{LINE}_p0_without"].map(lambda v: percent(v, 2)),
            f"P2 {REGION_KIND} tanpa dia (×100)": frame[f"{LINE}_p2_without"].map(lambda v: bps_scale(v, 3)),
            "Berpengaruh": frame["influential"].map({True: "ya", False: "—"}),
        }
    )
    warnings = [_warning(row, names) for row in frame[frame["influential"]].itertuples(index=False)]
    return table, notes + warnings, _reading(frame.iloc[0])


def _reading(first) -> str:
    return (
        f"Model ini: P0 {REGION_KIND} {percent(first[f'{LINE}_p0_with'], 2)}, P2 "
        f"{bps_scale(first[f'{LINE}_p2_with'], 3)} (×100), λ {number(first['lambda_with'], 3, minus='−')}. Tiap baris: "
        f"model diulang tanpa satu rumah tangga yang paling jauh dari modelnya (residu baku terbesar); "
        f"'ya' bila P0 {REGION_KIND} tanpa dia bergeser {percent(INFLUENTIAL_SHARE, 0)} atau lebih."
    )


def _set_aside_notes(left_out: list[dict], names: pd.Series) -> list[str]:
    """What the analyst's option left out of the fit, said where the run is read."""
    if not left_out:
        return []
    listed = "; ".join(
        f"{row['unit_id']} ({UNIT_TITLE.lower()} {names.get(row['area'], row['area'])}, pengeluaran "
        f"{percent(row['welfare_share'], 0)} garis)"
        for row in left_out
    )
    return [
        f"{len(left_out)} rumah tangga survei disisihkan dari model atas pilihan analis, karena masing-masing "
        f"menggeser P0 {REGION_KIND} {percent(INFLUENTIAL_SHARE, 0)} atau lebih: {listed}. "
        "Angka model ini tidak memuat rumah tangga sejauh itu di bawah garis, sehingga P2 cenderung lebih "
        "rendah; keluarga miskin ekstrem dibaca dari daftar sasaran (P3KE, DTSEN desil 1), bukan dari model."
    ]


def _warning(row, names: pd.Series) -> str:
    where = names.get(row.area, row.area)
    who = getattr(row, "unit_id", f"baris {row.row + 1}")
    return (
        f"Satu rumah tangga survei ({who}, {UNIT_TITLE.lower()} {where}) menggeser P0 {REGION_KIND} dari "
        f"{percent(getattr(row, f'{LINE}_p0_with'), 2)} menjadi {percent(getattr(row, f'{LINE}_p0_without'), 2)} "
        f"bila disisihkan (λ {number(row.lambda_with, 2, minus='−')} → {number(row.lambda_without, 2, minus='−')}); "
        f"batas peringatan: pergeseran {percent(INFLUENTIAL_SHARE, 0)} dari angkanya. Model normal tidak dapat "
        "membaca satu rumah tangga sejauh itu dari yang lain. Periksa isiannya di berkas survei; bila benar, "
        "terbitkan dengan catatan ini atau bandingkan dengan estimasi langsung."
    )
