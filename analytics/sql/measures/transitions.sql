-- Poverty transitions of families between two years (the Regsosek family panel).
-- Families are matched by family_id; each year's status (poor against its own line) comes
-- from the relation family_status (analytics/sql/welfare/observed_status_two_years.sql).
-- A family belongs to its kelurahan (and kecamatan) of $year_to, or of $year_from when it
-- is only in $year_from. Families are counted.
-- {group_expr} is a fixed area expression on alias f filled in by analytics.programs._area.
with year_from as (
    select
        family_id,
        kode_kelurahan,
        kode_kecamatan,
        is_poor
    from family_status
    where year = $year_from
),

year_to as (
    select
        family_id,
        kode_kelurahan,
        kode_kecamatan,
        is_poor
    from family_status
    where year = $year_to
),

f as (
    select
        coalesce(b.kode_kelurahan, a.kode_kelurahan) as kode_kelurahan,
        coalesce(b.kode_kecamatan, a.kode_kecamatan) as kode_kecamatan,
        a.family_id is not null as in_from,
        b.family_id is not null as in_to,
        a.is_poor as poor_from,
        b.is_poor as poor_to
    from year_from as a
    full outer join year_to as b on a.family_id = b.family_id
)

select
    {group_expr} as grp,
    count(*) filter (where in_from and in_to and poor_from and poor_to) as stayed_poor,
    count(*) filter (where in_from and in_to and poor_from and not poor_to) as left_poverty,
    count(*) filter (where in_from and in_to and not poor_from and poor_to) as entered_poverty,
    count(*) filter (where in_from and in_to and not poor_from and not poor_to) as stayed_out,
    count(*) filter (where in_from and not in_to) as only_in_from,
    count(*) filter (where in_to and not in_from) as only_in_to
from f
group by grp
