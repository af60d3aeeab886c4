-- Head of each listed family, for lists meant for field visits: name and masked NIK only.
-- The registers' person rows (P3KE first, then DTKS) name the head; a family found in
-- neither falls back to Regsosek's own head columns, because the family table has no names.
-- The NIK is read in the masked form the importer stored: no table holds a full NIK.
with wanted as (
    select unnest($family_ids::varchar[]) as family_id
),
register_head as (
    select family_id, name, nik_masked,
           row_number() over (
               partition by family_id
               order by case source when 'p3ke' then 0 else 1 end, nik_masked is null, source_row_id
           ) as rank
    from person
    where year = $year
      and family_id in (select family_id from wanted)
      and upper(relationship) like '%KEPALA%'
),
regsosek_head as (
    select family_id, head_name as name, head_nik_masked as nik_masked
    from frame_family
    where year = $year and family_id in (select family_id from wanted)
)
select w.family_id,
       coalesce(r.name, s.name) as head_name,
       coalesce(r.nik_masked, s.nik_masked) as nik_masked,
       case when r.name is not null then 'register' when s.name is not null then 'regsosek' end as name_source
from wanted as w
left join register_head as r on r.family_id = w.family_id and r.rank = 1
left join regsosek_head as s on s.family_id = w.family_id
order by w.family_id
