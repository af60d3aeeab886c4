-- The population frame of a year, as households for the model (one row per family).
select family_id as unit_id, family_id as cluster, kode_kelurahan, kode_kecamatan, size, 1.0 as weight, expenditure_pc,
       n_toddlers, n_school_age, n_out_of_school, n_working_age, n_working, n_elderly, n_disabled,
       head_education, floor, wall, roof, water_source, sanitation, lighting, cooking_fuel, health_insurance
from family
where year = $year
