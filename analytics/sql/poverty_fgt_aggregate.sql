-- FGT P0, P1, P2 and the Watts index per group over poverty_input(grp, y, w):
-- y is welfare, w the number of persons a row stands for.
-- A person is poor when y < $line, or y <= $line when $poor_le is true (BPS: false).
-- Persons are counted over all rows; gaps and logarithms only over the poor rows.
-- fsum (compensated summation) keeps the figures independent of thread scheduling.
-- Watts is null for a group where a poor person has welfare <= 0 (undefined there).
with everyone as (
    select
        grp,
        fsum(w) as population
    from poverty_input
    group by grp
),

poor as (
    select
        grp,
        fsum(w) as poor,
        fsum(w * gap) as sum_gap,
        fsum(w * gap * gap) as sum_gap_squared,
        fsum(w * ln($line / y)) as sum_log_gap,
        bool_or(y <= 0) as has_zero_welfare
    from (
        select
            grp,
            y,
            w,
            1 - y / $line as gap
        from poverty_input
        where y < $line or ($poor_le and y = $line)
    ) as poor_rows
    group by grp
)

select
    e.grp,
    e.population,
    coalesce(p.poor, 0) as poor,
    coalesce(p.poor, 0) / e.population as p0,
    coalesce(p.sum_gap, 0) / e.population as p1,
    coalesce(p.sum_gap_squared, 0) / e.population as p2,
    case
        when coalesce(p.has_zero_welfare, false) then null
        else coalesce(p.sum_log_gap, 0) / e.population
    end as watts
from everyone as e
left join poor as p on p.grp is not distinct from e.grp
