-- Append-only: rows can be added, never changed or removed.
create trigger if not exists audit_log_no_update before update on audit_log
begin
    select raise(abort, 'audit_log hanya boleh ditambah (tidak boleh diubah)');
end
