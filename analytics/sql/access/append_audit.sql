-- One audit entry; the table's triggers refuse any change or removal.
insert into audit_log (at, username, role, action, detail_json)
values (:at, :username, :role, :action, :detail_json)
