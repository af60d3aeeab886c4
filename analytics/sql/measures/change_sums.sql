-- Per year and group: persons and the poor-weighted sums of gap^0, gap^1, gap^2 at the
-- poverty line of that year, over poverty_input(year, grp, y, w, z).
select
    year,
    grp,
    fsum(w) as population,
    poor_sum(y, w, z, $poor_le) as n0,
    gap_sum(y, w, z, $poor_le) as n1,
    gap_squared_sum(y, w, z, $poor_le) as n2
from poverty_input
group by year, grp
