-- Per kelurahan of a register year (optionally one kelurahan), the counts of the newest
-- import of the Dinas Sosial file that holds the kelurahan: a file imported again, or a
-- corrected file, replaces its figures instead of adding to them. Flagged and rejected
-- families are 0 for an import made before they were counted.
select a.*,
       coalesce(c.flagged_families, 0) as flagged_families,
       coalesce(c.rejected_families, 0) as rejected_families,
       i.file_name, i.at, i.username
from verval_dinsos_area as a
join verval_dinsos_import as i using (import_id)
left join verval_dinsos_area_check as c
    on c.import_id = a.import_id and c.kode_kelurahan = a.kode_kelurahan
where i.year = :year
  and (:kelurahan is null or a.kode_kelurahan = :kelurahan)
  and i.id = (
      select max(i2.id)
      from verval_dinsos_import as i2
      join verval_dinsos_area as a2 using (import_id)
      where i2.year = :year and a2.kode_kelurahan = a.kode_kelurahan
  )
order by a.kode_kelurahan
