update users
set password_hash = :password_hash, password_changed_at = :changed_at
where username = :username
