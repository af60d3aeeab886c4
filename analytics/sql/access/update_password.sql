update users
set password_hash = :password_hash, password_changed_at = :changed_at, session_epoch = :session_epoch
where username = :username
