-- Whether the store already has its audit log (a store whose triggers vanish is noticed).
select count(*)
from sqlite_master
where type = 'table' and name = 'audit_log'
