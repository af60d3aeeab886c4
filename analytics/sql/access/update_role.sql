update users
set role = :role, kelurahan = :kelurahan
where username = :username
