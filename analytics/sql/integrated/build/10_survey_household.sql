-- The survey households as loaded, with the school-age count defined as in the family table.
insert into survey_household
select year, file, row_number, kode_kelurahan, kode_kecamatan, census_block, household_no, weight,
       expenditure_pc, size, n_toddlers, n_school + n_out_of_school as n_school_age, n_out_of_school,
       n_working_age, n_working, n_elderly, n_disabled, head_education, floor, wall, roof, water_source,
       sanitation, lighting, cooking_fuel, health_insurance
from stg_susenas
order by year, file, row_number
