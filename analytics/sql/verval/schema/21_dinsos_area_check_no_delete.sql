-- Append-only: what an import of the Dinas Sosial file recorded is never removed.
create trigger if not exists verval_dinsos_area_check_no_delete before delete on verval_dinsos_area_check
begin
    select raise(abort, 'riwayat impor verval Dinas Sosial tidak boleh dihapus');
end
