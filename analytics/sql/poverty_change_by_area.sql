-- Per year and group: persons and the poor-weighted sums of gap^0, gap^1, gap^2 at the
-- poverty line of that year, over poverty_input(year, grp, y, w, z).
select
    year,
    grp,
    fsum(w) as population,
    coalesce(fsum(w) filter (where is_poor), 0) as n0,
    coalesce(fsum(w * gap) filter (where is_poor), 0) as n1,
    coalesce(fsum(w * gap * gap) filter (where is_poor), 0) as n2
from (
    select
        year,
        grp,
        w,
        (y < z or ($poor_le and y = z)) as is_poor,
        1 - y / z as gap
    from poverty_input
) as classified
group by year, grp
