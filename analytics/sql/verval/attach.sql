-- Each record's family in $year: by the No KK pseudonym when exactly one family holds it,
-- else by the head's NIK pseudonym (a family that changed its No KK). A key two families
-- share links nothing (link_key_* keep only unique keys); such a record stays unattached.
with wanted as (
    select unnest($record_ids::varchar[]) as record_id,
           unnest($no_kk_keys::varchar[]) as no_kk_key,
           unnest($head_nik_keys::varchar[]) as head_nik_key
)
select w.record_id,
       coalesce(k.family_id, n.family_id) as family_id,
       case when k.family_id is not null then 'no_kk' when n.family_id is not null then 'head_nik' end as matched_by
from wanted as w
left join link_key_kk as k on k.year = $year and k.no_kk_hash = w.no_kk_key
left join link_key_head_nik as n on n.year = $year and n.head_nik_hash = w.head_nik_key
order by w.record_id
