-- Append-only: a record version is never removed.
create trigger if not exists verval_record_no_delete before delete on verval_record
begin
    select raise(abort, 'catatan verval tidak boleh dihapus');
end
