-- Failed sign-ins from one client address (any user name) since a time.
select count(*)
from audit_log
where action = 'masuk_gagal' and json_extract(detail_json, '$.alamat') = :address and at >= :since
