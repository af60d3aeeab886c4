-- The harmonised model covariates of one year's households, computed the same way from the
-- Regsosek frame (family) and from the survey (survey_household): the households placeholder is one of the
-- two fixed queries model/frame_households or model/survey_households, never user text.
-- The definitions are listed, in words, in analytics.model.covariates.COVARIATES.
with h as (
{households}
),
ranked as (
    -- Area-level covariates: the register's share of families in national desil 1-4, over the
    -- families that have a desil (none: null, and analytics.model.covariates.check_frame refuses
    -- the covariate rather than reading a zero), per kelurahan and per kecamatan.
    select kode_kelurahan, kode_kecamatan, case when desil <= 4 then 1.0 when desil is not null then 0.0 end as low
    from family
    where year = $year
),
area as (
    select kode_kelurahan, avg(low) as area_desil_1_4 from ranked group by kode_kelurahan
),
kec as (
    select kode_kecamatan, avg(low) as kec_desil_1_4 from ranked group by kode_kecamatan
)
select
    h.unit_id,
    h.cluster,
    h.kode_kelurahan,
    h.kode_kecamatan,
    h.size,
    h.weight,
    h.expenditure_pc,
    ln(h.size) as log_size,
    (h.n_toddlers + h.n_school_age) / h.size as children_share,
    h.n_elderly / h.size as elderly_share,
    h.n_working / h.size as working_share,
    (h.n_working = 0)::double as no_worker,
    (h.n_disabled > 0)::double as disabled_member,
    (h.n_out_of_school > 0)::double as child_out_of_school,
    (upper(trim(h.head_education)) in ('TIDAK/BELUM SEKOLAH', 'TDK TAMAT SD/SEDERAJAT', 'TIDAK TAMAT SD/SEDERAJAT',
                                       'TAMAT SD/SEDERAJAT'))::double as head_primary_or_less,
    (upper(trim(h.head_education)) in ('TAMAT PT/AKADEMI', 'DIPLOMA', 'SARJANA'))::double as head_tertiary,
    (upper(trim(h.floor)) in ('TANAH', 'KAYU/PAPAN', 'BAMBU'))::double as floor_earth_or_wood,
    (upper(trim(h.floor)) like 'KERAMIK%')::double as floor_tiled,
    (upper(trim(h.wall)) <> 'TEMBOK')::double as wall_not_masonry,
    (upper(trim(h.roof)) = 'GENTENG')::double as roof_tile,
    (upper(trim(h.water_source)) = 'LEDENG/PAM')::double as water_piped,
    (upper(trim(h.water_source)) in ('SUMUR TIDAK TERLINDUNG', 'AIR HUJAN', 'MATA AIR TIDAK TERLINDUNG',
                                     'SUNGAI/DANAU'))::double as water_unprotected,
    (upper(trim(h.sanitation)) = 'MILIK SENDIRI')::double as toilet_own,
    (upper(trim(h.lighting)) = 'LISTRIK PLN METERAN')::double as electricity_metered,
    (upper(trim(h.cooking_fuel)) = 'LISTRIK/GAS')::double as clean_cooking_fuel,
    (upper(trim(h.health_insurance)) in ('JKN PEKERJA/PENERIMA UPAH', 'JKN MANDIRI'))::double as insurance_contributory,
    (upper(trim(h.health_insurance)) = 'PBI JKN')::double as insurance_pbi,
    area.area_desil_1_4,
    kec.kec_desil_1_4
from h
left join area using (kode_kelurahan)
left join kec using (kode_kecamatan)
order by h.unit_id
