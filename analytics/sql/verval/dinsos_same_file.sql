-- The newest earlier import of the same file (same SHA-256) for the same register year.
select import_id, username, at
from verval_dinsos_import
where file_hash = :file_hash and year = :year
order by id desc
limit 1
