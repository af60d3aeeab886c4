-- User store and audit log (SQLite, not DuckDB): one file beside the database,
-- <db stem>.users.sqlite. Applied on every connection; every statement is idempotent.
create table if not exists users (
    username      text primary key,
    password_hash text not null,
    role          text not null check (role in ('pimpinan', 'analis', 'verifikator', 'admin')),
    kelurahan     text,
    created_at    text not null,
    password_changed_at text,        -- sessions signed in before it are ended
    session_epoch text,              -- new on every add, role change and password change: older tokens end
    check ((role = 'verifikator') = (kelurahan is not null))
)
