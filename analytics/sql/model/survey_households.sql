-- The survey households of a year, as households for the model.
select file || ':' || row_number as unit_id, census_block as cluster, kode_kelurahan, kode_kecamatan, size, weight, expenditure_pc,
       n_toddlers, n_school_age, n_out_of_school, n_working_age, n_working, n_elderly, n_disabled,
       head_education, floor, wall, roof, water_source, sanitation, lighting, cooking_fuel, health_insurance
from survey_household
where year = $year
