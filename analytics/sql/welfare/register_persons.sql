-- Persons each register counts per area, one year: the register's side of "register and BPS
-- side by side" (Evaluasi Tahunan, chapter 4). A rank or a list membership, not a poverty line.
-- {group_expr} is a fixed area expression (city code, kode_kecamatan or kode_kelurahan).
select
    {group_expr} as kode,
    sum(size) as persons,
    coalesce(sum(size) filter (where desil <= 4), 0) as persons_desil_1_4,
    coalesce(sum(size) filter (where in_p3ke), 0) as persons_p3ke,
    coalesce(sum(size) filter (where in_dtks), 0) as persons_dtks
from family as f
where year = $year
group by all
order by kode
