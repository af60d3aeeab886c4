-- The account as stored now, read on every page run.
select username, role, kelurahan, password_changed_at, session_epoch
from users
where username = :username
