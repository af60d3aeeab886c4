create table if not exists audit_log (
    id          integer primary key autoincrement,
    at          text not null,
    username    text,
    role        text,
    action      text not null,
    detail_json text not null default '{}'
)
