-- The frame of $year against the year before, per kelurahan: families now and then, those
-- kept (the same family id: a DTSEN family keeps the id its No KK had in Regsosek), those new
-- to the frame and those gone from it. A kept family that moved is counted where it is now;
-- a family gone, where it was.
with now as (
    select family_id, kode_kelurahan from family where year = $year
),
before as (
    select family_id, kode_kelurahan from family where year = $year - 1
),
joined as (
    select coalesce(n.kode_kelurahan, b.kode_kelurahan) as kode_kelurahan,
           n.family_id is not null as is_now, b.family_id is not null as was_before,
           b.kode_kelurahan as kode_before
    from now as n
    full join before as b using (family_id)
)
select j.kode_kelurahan, k.nama as kelurahan,
       count(*) filter (where is_now) as families,
       (select count(*) from before as b where b.kode_kelurahan = j.kode_kelurahan) as families_before,
       count(*) filter (where is_now and was_before) as kept,
       count(*) filter (where is_now and not was_before) as added,
       count(*) filter (where was_before and not is_now) as dropped
from joined as j
left join kelurahan as k on k.kode = j.kode_kelurahan
group by j.kode_kelurahan, k.nama
order by j.kode_kelurahan
