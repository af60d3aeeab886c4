-- One version of a verval record.
insert into verval_record (record_id, version, no_kk_key, head_nik_key, family_id, kode_kelurahan, rt, rw, year,
                           status, visit_json, reason, username, role, at)
values (:record_id, :version, :no_kk_key, :head_nik_key, :family_id, :kode_kelurahan, :rt, :rw, :year,
        :status, :visit_json, :reason, :username, :role, :at)
