-- Linked records whose kelurahan, desil or household size disagree with the Regsosek family.
-- DTKS and P3KE rows are person rows, so the size a source reports is the number of its
-- persons linked to the family; DTKS keeps its kelurahan on every person row.
with fam as (
    select family_id, kode_kelurahan, desil, size from family where year = $year
),
dtks as (
    select l.family_id,
           mode(d.kode_kelurahan) as kode_kelurahan,
           count(*) as persons
    from link_dtks as l join stg_dtks as d using (year, row_number)
    where l.year = $year and l.family_id is not null
    group by l.family_id
),
p3ke_family as (
    select l.family_id, any_value(k.kode_kelurahan) as kode_kelurahan, any_value(k.desil) as desil
    from link_p3ke_keluarga as l join stg_p3ke_keluarga as k using (year, row_number)
    where l.year = $year and l.family_id is not null
    group by l.family_id
),
p3ke_persons as (
    select l.family_id, count(*) as persons
    from link_p3ke_individu as l
    where l.year = $year and l.family_id is not null
    group by l.family_id
),
conflicts as (
    select f.family_id, f.kode_kelurahan, 'kelurahan' as field, 'dtks' as source,
           f.kode_kelurahan as regsosek_value, d.kode_kelurahan as source_value
    from fam as f join dtks as d using (family_id)
    where d.kode_kelurahan is not null and d.kode_kelurahan <> f.kode_kelurahan
    union all
    select f.family_id, f.kode_kelurahan, 'kelurahan', 'p3ke', f.kode_kelurahan, p.kode_kelurahan
    from fam as f join p3ke_family as p using (family_id)
    where p.kode_kelurahan is not null and p.kode_kelurahan <> f.kode_kelurahan
    union all
    select f.family_id, f.kode_kelurahan, 'desil', 'p3ke', f.desil::varchar, p.desil::varchar
    from fam as f join p3ke_family as p using (family_id)
    where p.desil is not null and f.desil is not null and p.desil <> f.desil
    union all
    select f.family_id, f.kode_kelurahan, 'household_size', 'dtks', f.size::varchar, d.persons::varchar
    from fam as f join dtks as d using (family_id)
    where d.persons <> f.size
    union all
    select f.family_id, f.kode_kelurahan, 'household_size', 'p3ke', f.size::varchar, p.persons::varchar
    from fam as f join p3ke_persons as p using (family_id)
    where p.persons <> f.size
)
select c.*, k.nama as kelurahan
from conflicts as c left join kelurahan as k on k.kode = c.kode_kelurahan
order by c.field, c.source, c.kode_kelurahan, c.family_id
