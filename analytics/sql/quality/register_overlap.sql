-- Families of one year by the registers that list them. The frame (Regsosek, or DTSEN from
-- 2025) holds every linked family; DTKS and P3KE records that found no frame family are
-- counted separately (their own families, not linkable).
with framed as (
    select frame_source, in_dtks, in_p3ke, count(*) as families, sum(size) as persons
    from family
    where year = $year
    group by all
),
unlinked_dtks as (
    -- A DTKS family is its No KK (or its raw KK text when the number was damaged), both
    -- as keyed pseudonyms: counting distinct pseudonyms counts distinct numbers.
    select count(distinct coalesce(d.no_kk_hash, d.raw_kk_hash, d.dtks_id)) as families
    from link_dtks as l join stg_dtks as d using (year, row_number)
    where l.year = $year and l.family_id is null
),
unlinked_p3ke as (
    select count(distinct p3ke_family_id) as families
    from link_p3ke_keluarga
    where year = $year and family_id is null
),
frame as (
    select coalesce(max(frame_source), 'regsosek') as frame_source from family where year = $year
)
select frame_source, true as in_regsosek, in_dtks, in_p3ke, families, persons from framed
union all
select (select frame_source from frame), false, true, false, families, null from unlinked_dtks
union all
select (select frame_source from frame), false, false, true, families, null from unlinked_p3ke
order by in_regsosek desc, in_dtks desc, in_p3ke desc
