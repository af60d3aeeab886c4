-- Every family repeated $k times (copies get a suffixed id and dwelling points jittered
-- by up to 50 micro-degrees), for the scaled-database benchmark.
create table family_scaled as
select * replace (
    case when r = 0 then family_id else family_id || '-' || r end as family_id,
    lat + case when r = 0 then 0 else ((hash(family_id, r) % 1000)::integer - 500) / 1e7 end as lat,
    lon + case when r = 0 then 0 else ((hash(r, family_id) % 1000)::integer - 500) / 1e7 end as lon
)
from family, range($k) as t (r)
