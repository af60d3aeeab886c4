-- Families and persons in the lowest national welfare deciles per area, one year: what the
-- registers' rank (a proxy-means test, not expenditure) honestly gives. {group_expr} is a
-- fixed area expression (city code, kode_kecamatan or kode_kelurahan).
select
    {group_expr} as kode,
    count(*) as families,
    sum(size) as persons,
    count(*) filter (where desil is null) as families_without_desil,
    count(*) filter (where desil = 1) as families_desil_1,
    count(*) filter (where desil <= 4) as families_desil_1_4,
    coalesce(sum(size) filter (where desil = 1), 0) as persons_desil_1,
    coalesce(sum(size) filter (where desil <= 4), 0) as persons_desil_1_4,
    count(*) filter (where in_p3ke) as families_p3ke
from family as f
where year = $year
group by all
order by kode
