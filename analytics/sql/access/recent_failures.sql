-- Failed sign-ins of one user name since a time (the lockout window).
select count(*)
from audit_log
where action = 'masuk_gagal' and username = :username and at >= :since
