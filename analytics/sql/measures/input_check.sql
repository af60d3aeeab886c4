-- Sanity figures of poverty_input(grp, y, w) before FGT is computed: rows, missing or
-- non-finite welfare and weights, their minimum, and the total weight.
select
    count(*) as n_rows,
    count(*) filter (where y is null or isnan(y) or isinf(y)) as bad_welfare,
    min(y) filter (where not (isnan(y) or isinf(y))) as min_welfare,
    count(*) filter (where w is null or isnan(w) or isinf(w)) as bad_weight,
    min(w) filter (where not (isnan(w) or isinf(w))) as min_weight,
    sum(w) filter (where not (isnan(w) or isinf(w))) as total_weight
from poverty_input
