-- The population frame of every year, one row per family: DTSEN keluarga in a year that has
-- it (the registers merged into DTSEN since 2025, Inpres 4/2025), else Regsosek. Every later
-- step (linkage, the family table, worklists) reads the frame, never one register.
--
-- A DTSEN family keeps the id its No KK had in the latest earlier frame (so a kelurahan's
-- families can be followed across the switch); a No KK seen first in DTSEN, or one whose
-- earlier id is ambiguous, gets 'KK-' and the first 16 characters of its pseudonym.
-- Its composition comes from its members in DTSEN anggota, counted as Regsosek counts them
-- (age on 1 March of the year, as Susenas: toddlers < 5, school age 7-18, working age
-- 15-64, elderly >= 60; disability: a Washington Group item 'a lot of difficulty' or worse).
create or replace table frame_family as
with
dtsen_years as (
    select distinct year from stg_dtsen_keluarga
),
member as (
    select a.*,
           floor(date_diff('day', a.birth_date::date, make_date(a.year, 3, 1)) / 365.25) as age
    from stg_dtsen_anggota as a
),
composition as (
    select year, no_kk_hash,
           count(*) filter (where age < 5) as n_toddlers,
           count(*) filter (where age between 7 and 18 and in_school) as n_school,
           count(*) filter (where age between 7 and 18 and not in_school) as n_out_of_school,
           count(*) filter (where age between 15 and 64) as n_working_age,
           count(*) filter (where works) as n_working,
           count(*) filter (where age >= 60) as n_elderly,
           count(*) filter (where disabled) as n_disabled,
           bool_or(receives_pbi) as member_pbi
    from member
    group by year, no_kk_hash
),
head as (
    select year, no_kk_hash,
           arg_min(nik_hash, row_number) as head_nik_hash,
           arg_min(nik_masked, row_number) as head_nik_masked,
           arg_min(nik_status, row_number) as head_nik_status,
           arg_min(name, row_number) as head_name,
           arg_min(name_key, row_number) as head_name_key,
           arg_min(birth_date, row_number) as head_birth_date,
           arg_min(sex, row_number) as head_sex,
           arg_min(education, row_number) as head_education
    from stg_dtsen_anggota
    where is_head
    group by year, no_kk_hash
),
matched as (
    select d.year, d.no_kk_hash, r.year as seen, r.family_id
    from stg_dtsen_keluarga as d
    join stg_regsosek as r on r.no_kk_hash = d.no_kk_hash and r.year <= d.year
    qualify r.year = max(r.year) over (partition by d.year, d.no_kk_hash)
),
earlier as (
    -- The family id each DTSEN No KK had in the latest earlier Regsosek year (one id only).
    select year, no_kk_hash, family_id
    from matched
    qualify count(*) over (partition by year, no_kk_hash) = 1
),
earlier_unique as (
    select * from earlier
    qualify count(*) over (partition by year, family_id) = 1
),
dtsen as (
    select
        d.year, d.file, d.row_number,
        coalesce(e.family_id, 'KK-' || left(d.no_kk_hash, 16)) as family_id,
        d.kode_kelurahan, d.kode_kecamatan,
        d.no_kk_hash, d.no_kk_status,
        h.head_nik_hash, h.head_nik_masked, coalesce(h.head_nik_status, 'empty') as head_nik_status,
        coalesce(d.head_name, h.head_name) as head_name,
        coalesce(d.head_name_key, h.head_name_key) as head_name_key,
        h.head_birth_date, h.head_sex,
        d.address, null::varchar as rt, null::varchar as rw,
        d.lat, d.lon, d.coord_status,
        d.size, null::double as expenditure_pc,
        null::integer as percentile,
        coalesce(d.desil, s.desil) as desil,
        c.n_toddlers, c.n_school, c.n_out_of_school, c.n_working_age, c.n_working, c.n_elderly,
        c.n_disabled,
        h.head_education, d.floor, d.wall, d.roof, d.water_source, d.sanitation, d.lighting,
        d.cooking_fuel,
        -- DTSEN carries the PBI flags only: whether a non-PBI family pays JKN itself is unknown,
        -- so the contributory-insurance covariate is refused on a DTSEN frame (model/covariates).
        case when d.receives_pbi or coalesce(c.member_pbi, false) then 'PBI JKN' else 'BUKAN PBI' end
            as health_insurance,
        'dtsen' as frame_source,
        d.receives_pbi or coalesce(c.member_pbi, false) as frame_pbi
    from stg_dtsen_keluarga as d
    left join composition as c on c.year = d.year and c.no_kk_hash = d.no_kk_hash
    left join head as h on h.year = d.year and h.no_kk_hash = d.no_kk_hash
    left join earlier_unique as e on e.year = d.year and e.no_kk_hash = d.no_kk_hash
    left join (
        select year, no_kk_hash, min(desil) as desil from stg_siksng_desil group by year, no_kk_hash
    ) as s on s.year = d.year and s.no_kk_hash = d.no_kk_hash
)
select r.year, r.file, r.row_number, r.family_id, r.kode_kelurahan, r.kode_kecamatan,
       r.no_kk_hash, r.no_kk_status, r.head_nik_hash, r.head_nik_masked, r.head_nik_status,
       r.head_name, r.head_name_key, r.head_birth_date, r.head_sex, r.address, r.rt, r.rw,
       r.lat, r.lon, r.coord_status, r.size, r.expenditure_pc, r.percentile, r.desil,
       r.n_toddlers, r.n_school, r.n_out_of_school, r.n_working_age, r.n_working, r.n_elderly,
       r.n_disabled,
       r.head_education, r.floor, r.wall, r.roof, r.water_source, r.sanitation, r.lighting,
       r.cooking_fuel, r.health_insurance,
       'regsosek' as frame_source,
       false as frame_pbi
from stg_regsosek as r
where r.year not in (select year from dtsen_years)
union all by name
select * from dtsen
