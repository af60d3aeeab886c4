-- One audit entry, chained onto the entry before it; the table's triggers refuse any change
-- or removal.
insert into audit_log (at, username, role, action, detail_json, prev_hash, entry_hash)
values (:at, :username, :role, :action, :detail_json, :prev_hash, :entry_hash)
