-- How the DTSEN keluarga cells were written, per year, file and column: numeric code,
-- Regsosek label, P3KE's coarser label, blank or unknown (analytics.ingest.dtsen_values).
-- A coarse label cannot be split back into the codes it merges; the model run shows these.
create or replace table dtsen_value_form as
select year, file, replace(column_name, '_form', '') as column_name, form, count(*) as rows
from (
    unpivot (
        select year, file, floor_form, wall_form, roof_form, water_source_form, lighting_form,
               cooking_fuel_form, sanitation_form, home_ownership_form, power_form
        from stg_dtsen_keluarga
    ) on columns(* exclude (year, file)) into name column_name value form
)
group by all
order by 1, 2, 3, 4
