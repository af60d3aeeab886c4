-- A family's records are found by either pseudonym.
create index if not exists verval_record_nik on verval_record (head_nik_key)
