-- One kelurahan's counts of one import of the Dinas Sosial verval file.
insert into verval_dinsos_area (import_id, kode_kelurahan, families, persons, linked, unlinked, fakir_miskin,
                                desil_1, desil_2, desil_3, desil_4, desil_other, butuh_pangan, butuh_sandang,
                                butuh_kesehatan, butuh_pendidikan, butuh_dokumen, rejected_rows)
values (:import_id, :kode_kelurahan, :families, :persons, :linked, :unlinked, :fakir_miskin,
        :desil_1, :desil_2, :desil_3, :desil_4, :desil_other, :butuh_pangan, :butuh_sandang,
        :butuh_kesehatan, :butuh_pendidikan, :butuh_dokumen, :rejected_rows)
