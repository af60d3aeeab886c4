"""The welfare source of a year: observed, model or none, with the words every page shows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import sql
from analytics.errors import NoWelfareData
from analytics.reference import UNIT

__all__ = ["NO_WELFARE_SENTENCE", "NoWelfareData", "WelfareSource", "welfare_source"]

KINDS = ("observed", "model", "none")
#: The one sentence that says why a year without a money measure shows no kelurahan P1/P2.
NO_WELFARE_SENTENCE = (
    "Register (Regsosek, P3KE, DTKS, DTSEN) hanya memuat peringkat kesejahteraan (desil/persentil hasil "
    f"proxy-means test), bukan pengeluaran dalam rupiah, sehingga kedalaman (P1) dan keparahan (P2) per {UNIT} "
    "tidak dapat dihitung darinya; angka itu memerlukan data pengeluaran: survei Susenas tahun ini untuk model "
    "small-area estimation (halaman Model SAE), atau pendataan pengeluaran seluruh keluarga."
)
LABELS = {
    "observed": "pengeluaran per kapita tercatat di kerangka keluarga",
    "model": "estimasi model (SAE)",
    "none": "tanpa ukuran pengeluaran (hanya peringkat desil)",
}


@dataclass(frozen=True)
class WelfareSource:
    """``kind`` is 'observed', 'model' or 'none'; ``run_id`` the published model run (model)."""

    year: int
    kind: str
    run_id: str | None
    survey_households: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def is_model(self) -> bool:
        return self.kind == "model"

    def require(self) -> WelfareSource:
        """This source, or :class:`NoWelfareData` when there is no money measure."""
        if self.kind == "none":
            raise NoWelfareData(f"Tahun {self.year}: {NO_WELFARE_SENTENCE}")
        return self


def welfare_source(con: duckdb.DuckDBPyConnection, year: int) -> WelfareSource:
    """Observed expenditure wins over a model (it is the census the model would estimate); a
    published model run next; else none. A database built before model runs existed has no
    model tables and gives observed or none."""
    if not sql.table_columns(con, "sae_run"):
        observed = sql.row(con, "model/frame_has_expenditure", {"year": year})[0]
        return WelfareSource(year, "observed" if observed else "none", None, 0)
    observed, run_id, survey = sql.row(con, "model/welfare_source", {"year": year})
    if observed:
        return WelfareSource(year, "observed", None, int(survey))
    if run_id is not None:
        return WelfareSource(year, "model", run_id, int(survey))
    return WelfareSource(year, "none", None, int(survey))
