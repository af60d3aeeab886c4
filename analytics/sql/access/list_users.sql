-- Accounts without their password hashes.
select username, role, kelurahan, created_at
from users
order by username
