-- The newest version of every record (optionally of one kelurahan), newest first.
select r.*
from verval_record as r
join (select record_id, max(version) as version from verval_record group by record_id) as m
  using (record_id, version)
where :kelurahan is null or r.kode_kelurahan = :kelurahan
order by r.at desc, r.id desc
