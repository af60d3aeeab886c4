-- Datt–Ravallion scenarios over poverty_input(year, grp, y, w, z) of two years.
-- Welfare is made real by dividing by the line of its own year (r = y / z); m is the
-- mean of r. P(mean of year a, Lorenz curve of year b) is the FGT of year b's
-- distribution scaled to year a's real mean: y * (m_a / m_b) against year b's line.
-- The scale is exactly 1 when a = b, so those rows are the plain FGT of each year.
with means as (
    select
        year,
        fsum(w * (y / z)) / fsum(w) as mean_real
    from poverty_input
    group by year
),

scenarios as (
    select
        lorenz.year as lorenz_year,
        mean.year as mean_year,
        mean.mean_real / lorenz.mean_real as scale
    from means as lorenz
    cross join means as mean
)

select
    lorenz_year,
    mean_year,
    scale,
    fsum(w) as population,
    poor_sum(y, w, z, $poor_le) / fsum(w) as p0,
    gap_sum(y, w, z, $poor_le) / fsum(w) as p1,
    gap_squared_sum(y, w, z, $poor_le) / fsum(w) as p2,
    any_value(mean_real_lorenz) as mean_real_lorenz
from (
    select
        s.lorenz_year,
        s.mean_year,
        s.scale,
        p.w,
        p.y * s.scale as y,
        p.z,
        m.mean_real as mean_real_lorenz
    from poverty_input as p
    inner join scenarios as s on s.lorenz_year = p.year
    inner join means as m on m.year = p.year
) as classified
group by lorenz_year, mean_year, scale
