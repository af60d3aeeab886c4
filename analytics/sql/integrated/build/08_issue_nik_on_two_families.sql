-- Issues that only show once records are linked: one NIK on persons of two families, and
-- rows that could not be linked to any Regsosek family. Equal NIKs have equal pseudonyms.
insert into data_issue
with nik_families as (
    select year, nik_hash, count(distinct family_id) as families
    from person
    where nik_hash is not null and family_id is not null
    group by year, nik_hash
    having count(distinct family_id) > 1
)
select p.year, p.source, null, null, 'nik_on_two_families', 'nik',
       'NIK yang sama tercatat pada ' || n.families || ' keluarga berbeda (' || p.source_row_id || ').'
from person as p
join nik_families as n using (year, nik_hash)
order by p.year, p.source, p.source_row_id
