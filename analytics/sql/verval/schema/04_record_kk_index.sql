-- A family's records are found by either pseudonym.
create index if not exists verval_record_kk on verval_record (no_kk_key)
