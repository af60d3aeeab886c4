-- Append-only: what an import of the Dinas Sosial file recorded stays as it was.
create trigger if not exists verval_dinsos_area_check_no_update before update on verval_dinsos_area_check
begin
    select raise(abort, 'riwayat impor verval Dinas Sosial tidak boleh diubah');
end
