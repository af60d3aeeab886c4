-- User store and audit log (SQLite, not DuckDB): one file beside the database,
-- <db stem>.users.sqlite. Applied on every connection; every statement is idempotent.
create table if not exists users (
    username      text primary key,
    password_hash text not null,
    role          text not null check (role in ('pimpinan', 'analis', 'verifikator', 'admin')),
    kelurahan     text,
    created_at    text not null,
    password_changed_at text,        -- sessions signed in before it are ended
    check ((role = 'verifikator') = (kelurahan is not null))
);

create table if not exists audit_log (
    id          integer primary key autoincrement,
    at          text not null,
    username    text,
    role        text,
    action      text not null,
    detail_json text not null default '{}'
);

-- Append-only: rows can be added, never changed or removed.
create trigger if not exists audit_log_no_update before update on audit_log
begin
    select raise(abort, 'audit_log hanya boleh ditambah (tidak boleh diubah)');
end;

create trigger if not exists audit_log_no_delete before delete on audit_log
begin
    select raise(abort, 'audit_log hanya boleh ditambah (tidak boleh dihapus)');
end;
