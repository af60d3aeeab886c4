-- The password hash of one account, for checking a sign-in.
select username, password_hash, role, kelurahan
from users
where username = :username
