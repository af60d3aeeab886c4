-- Append-only: a record version can be added, never changed.
create trigger if not exists verval_record_no_update before update on verval_record
begin
    select raise(abort, 'catatan verval hanya boleh ditambah versi baru (tidak boleh diubah)');
end
