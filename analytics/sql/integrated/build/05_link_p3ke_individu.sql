-- P3KE families onto Regsosek families by the head's NIK, then name + birth date +
-- kelurahan; P3KE individuals follow their family (ID Keluarga P3KE). NIKs are compared
-- through their keyed pseudonyms (*_hash).
create or replace table link_p3ke_individu as
select i.year, i.row_number, k.family_id,
       case when k.method is not null then k.method || '_via_family' end as method
from stg_p3ke_individu as i
left join link_p3ke_keluarga as k on i.year = k.year and i.p3ke_family_id = k.p3ke_family_id
