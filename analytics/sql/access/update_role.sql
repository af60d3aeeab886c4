update users
set role = :role, kelurahan = :kelurahan, session_epoch = :session_epoch
where username = :username
