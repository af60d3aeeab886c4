create table if not exists audit_log (
    id          integer primary key autoincrement,
    at          text not null,
    username    text,
    role        text,
    action      text not null,
    detail_json text not null default '{}',
    prev_hash   text,   -- entry_hash of the entry before (the chain)
    entry_hash  text    -- HMAC of prev_hash and this entry under the audit key
)
