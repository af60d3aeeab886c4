-- Subgroup (additive) decomposition of P0, P1, P2 over poverty_input(grp, y, w):
-- P = sum_g (N_g / N) * P_g. For each group: its population share, its own P_alpha,
-- its contribution (N_g / N) * P_g = (poor-weighted sum of the group) / N, which add up
-- to the city figure, and its contribution share (contribution / city figure).
select
    grp,
    population,
    population / fsum(population) over () as population_share,
    n0 / population as p0,
    n1 / population as p1,
    n2 / population as p2,
    n0 / fsum(population) over () as contribution_p0,
    n1 / fsum(population) over () as contribution_p1,
    n2 / fsum(population) over () as contribution_p2,
    n0 / fsum(n0) over () as contribution_share_p0,
    n1 / fsum(n1) over () as contribution_share_p1,
    n2 / fsum(n2) over () as contribution_share_p2,
    fsum(population) over () as city_population,
    fsum(n0) over () / fsum(population) over () as city_p0,
    fsum(n1) over () / fsum(population) over () as city_p1,
    fsum(n2) over () / fsum(population) over () as city_p2
from (
    select
        grp,
        fsum(w) as population,
        poor_sum(y, w, $line, $poor_le) as n0,
        gap_sum(y, w, $line, $poor_le) as n1,
        gap_squared_sum(y, w, $line, $poor_le) as n2
    from poverty_input
    group by grp
) as grouped
