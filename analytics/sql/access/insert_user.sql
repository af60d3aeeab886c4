insert into users (username, password_hash, role, kelurahan, created_at, session_epoch)
values (:username, :password_hash, :role, :kelurahan, :created_at, :session_epoch)
