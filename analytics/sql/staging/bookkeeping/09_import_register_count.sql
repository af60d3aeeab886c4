-- Families per year and kelurahan in each register as loaded: Regsosek families (distinct
-- No KK, else family id), DTSEN families (distinct No KK), P3KE families, DTKS households
-- (distinct No KK), for the comparison of the registers in the import's accounting.
create table import_register_count (
    year integer, kode_kelurahan varchar, regsosek integer, p3ke integer, dtks integer, dtsen integer
)
