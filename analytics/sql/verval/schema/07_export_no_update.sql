-- Append-only: what left the system stays recorded as it was.
create trigger if not exists verval_export_no_update before update on verval_export
begin
    select raise(abort, 'riwayat ekspor verval tidak boleh diubah');
end
