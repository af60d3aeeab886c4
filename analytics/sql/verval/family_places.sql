-- Where the listed families of $year live (valid coordinates only), for the verified layer.
select family_id, lat, lon
from family
where year = $year
  and family_id in (select unnest($family_ids::varchar[]))
  and coord_status = 'ok'
