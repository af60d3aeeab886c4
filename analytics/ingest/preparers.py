"""Every source's preparer, by the source names of the column mapping."""

from analytics.ingest.sources import prepare_dtks, prepare_p3ke_individu, prepare_p3ke_keluarga, prepare_regsosek
from analytics.ingest.sources_dtsen import PREPARERS_DTSEN
from analytics.ingest.survey import prepare_susenas

PREPARERS = {
    "regsosek": prepare_regsosek,
    "susenas": prepare_susenas,
    "dtks": prepare_dtks,
    "p3ke_keluarga": prepare_p3ke_keluarga,
    "p3ke_individu": prepare_p3ke_individu,
    **PREPARERS_DTSEN,
}
