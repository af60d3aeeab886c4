-- Families per year and kelurahan in each register's staging table (the comparison of the
-- registers): Regsosek families by distinct No KK (else family id), DTSEN families, P3KE families, DTKS
-- households by distinct No KK (else the No KK as written).
with regsosek as (
    select year, kode_kelurahan, count(distinct coalesce(no_kk_hash, 'id:' || family_id)) as regsosek
    from stg_regsosek
    group by all
),
p3ke as (
    select year, kode_kelurahan, count(distinct p3ke_family_id) as p3ke
    from stg_p3ke_keluarga
    group by all
),
dtsen as (
    select year, kode_kelurahan, count(distinct no_kk_hash) as dtsen
    from stg_dtsen_keluarga
    group by all
),
dtks as (
    select year, kode_kelurahan, count(distinct coalesce(no_kk_hash, raw_kk_hash)) as dtks
    from stg_dtks
    group by all
)
select year, kode_kelurahan, coalesce(regsosek, 0)::integer as regsosek, coalesce(p3ke, 0)::integer as p3ke,
    coalesce(dtks, 0)::integer as dtks, coalesce(dtsen, 0)::integer as dtsen
from regsosek
full join p3ke using (year, kode_kelurahan)
full join dtks using (year, kode_kelurahan)
full join dtsen using (year, kode_kelurahan)
where kode_kelurahan is not null
order by year, kode_kelurahan
