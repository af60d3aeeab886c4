"""Model SAE: the survey households that move the region's total (analytics.sae.influence).

The table lists the households the run refitted without; the warning names each one whose
absence moves the region's P0 by a tenth of itself or more, with both figures, so an analyst
checks the household's record before the figure is published.
"""

from __future__ import annotations

import pandas as pd

from analytics.formats import MISSING, bps_scale, number, percent
from analytics.reference import REGION_KIND, UNIT_TITLE
from analytics.sae.influence import INFLUENTIAL_SHARE, ROUNDS

__all__ = ["SET_ASIDE_HELP", "SET_ASIDE_LABEL", "influence_view"]

#: How far one household may move P0, in words: a share of the figure, not percentage points.
_BAR = f"{percent(INFLUENTIAL_SHARE, 0)} dari angkanya atau lebih"
#: The run option's label and help on the Model SAE page.
SET_ASIDE_LABEL = f"Sisihkan rumah tangga survei yang, bila disisihkan, menggeser P0 {REGION_KIND} {_BAR}"
SET_ASIDE_HELP = (
    f"Diperiksa ulang tanpa yang sudah ditemukan, paling banyak {ROUNDS} putaran; yang disisihkan dicatat "
    "bersama model dan disebut di hasilnya."
)


def influence_view(diag: dict, names: pd.Series | dict) -> tuple[pd.DataFrame, list[str], str]:
    """The table of refitted households, a warning per influential one and the sentence that
    reads the table (table and sentence empty for a run stored before the check existed)."""
    names = pd.Series(names)
    notes = _set_aside_notes(diag.get("set_aside") or [], names)
    frame = pd.DataFrame(diag.get("influence") or [])
    if frame.empty:
        return frame, notes, ""
    line = _line(frame)
    table = pd.DataFrame(
        {
            "Rumah tangga (berkas:baris)": frame.get("unit_id", frame["row"] + 1),
            UNIT_TITLE: frame["area"].map(lambda code: names.get(code, code)),
            "Berpengaruh": [_verdict(row) for row in frame.itertuples(index=False)],
            "Pengeluaran (% dari garis)": frame["welfare_share"].map(lambda v: percent(v, 0)),
            "Residu baku": frame["residual"].map(lambda v: number(v, 2, minus="−")),
            "λ tanpa rumah tangga ini": frame["lambda_without"].map(_plain(lambda v: number(v, 3, minus="−"))),
            f"P0 {REGION_KIND} tanpa rumah tangga ini (%)": frame[f"{line}_p0_without"].map(_plain(percent)),
            f"P2 {REGION_KIND} tanpa rumah tangga ini (×100)": frame[f"{line}_p2_without"].map(
                _plain(lambda v: bps_scale(v, 3))
            ),
        }
    )
    warnings = [_warning(row, names, line) for row in frame[frame["influential"]].itertuples(index=False)]
    return table, notes + warnings, _reading(frame.iloc[0], line)


def _line(frame: pd.DataFrame) -> str:
    """The line the check judged on (the run's first; stored since the check has had it)."""
    return str(frame["line_name"].iloc[0]) if "line_name" in frame else "official"


def _plain(show):
    return lambda v: MISSING if v is None or pd.isna(v) else show(v)


def _verdict(row) -> str:
    if not getattr(row, "refitted", True):
        return "tak dapat diuji (kovariat jadi konstan tanpanya)"
    return "ya" if row.influential else "—"


def _reading(first, line: str) -> str:
    return (
        f"Model ini (EB eksak, sebelum benchmark): P0 {REGION_KIND} {percent(first[f'{line}_p0_with'], 2)}, P2 "
        f"{bps_scale(first[f'{line}_p2_with'], 3)} (×100){_lambda(first['lambda_with'])}. "
        "Tiap baris: model diulang tanpa satu rumah tangga yang paling jauh dari modelnya (residu baku terbesar); "
        f"'ya' bila P0 {REGION_KIND} tanpa rumah tangga itu bergeser {_BAR}."
    )


def _lambda(value) -> str:
    return "" if value is None or pd.isna(value) else f", λ {number(value, 3, minus='−')}"


def _set_aside_notes(left_out: list[dict], names: pd.Series) -> list[str]:
    """What the analyst's option left out of the fit, said where the run is read."""
    if not left_out:
        return []
    listed = "; ".join(
        f"{row['unit_id']} ({UNIT_TITLE.lower()} {names.get(row['area'], row['area'])}, pengeluaran "
        f"{percent(row['welfare_share'], 0)} dari garis)"
        for row in left_out
    )
    return [
        f"{len(left_out)} rumah tangga survei disisihkan dari model atas pilihan analis, karena P0 {REGION_KIND} "
        f"bergeser {_BAR} bila masing-masing disisihkan: {listed}. Angka model ini tidak memuat rumah tangga "
        "sejauh itu di bawah garis, sehingga P2 cenderung lebih rendah; keluarga miskin ekstrem masuk lewat rekap "
        "daftar miskin ekstrem Dinas Sosial (dihitung di bawah garis ekstrem), bukan lewat model."
    ]


def _lambdas(row) -> str:
    """' (λ 0,30 → −0,57)' for Box-Cox; nothing for a transformation without λ."""
    if row.lambda_with is None or pd.isna(row.lambda_with):
        return ""
    return f" (λ {number(row.lambda_with, 2, minus='−')} → {number(row.lambda_without, 2, minus='−')})"


def _warning(row, names: pd.Series, line: str) -> str:
    where = names.get(row.area, row.area)
    who = getattr(row, "unit_id", f"baris {row.row + 1}")
    return (
        f"Bila satu rumah tangga survei ({who}, {UNIT_TITLE.lower()} {where}, pengeluaran "
        f"{percent(row.welfare_share, 0)} dari garis) disisihkan, P0 {REGION_KIND} bergeser dari "
        f"{percent(getattr(row, f'{line}_p0_with'), 2)} menjadi {percent(getattr(row, f'{line}_p0_without'), 2)}"
        f"{_lambdas(row)}; batas peringatan: pergeseran {_BAR}. Model normal tidak dapat menampung satu rumah "
        "tangga sejauh itu dari yang lain. Periksa isiannya di berkas survei; bila benar, terbitkan dengan catatan "
        "ini atau bandingkan dengan estimasi langsung."
    )
