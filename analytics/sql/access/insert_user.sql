insert into users (username, password_hash, role, kelurahan, created_at)
values (:username, :password_hash, :role, :kelurahan, :created_at)
