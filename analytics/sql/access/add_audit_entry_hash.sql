-- Logs created before the hash chain: entries from now on are chained.
alter table audit_log add column entry_hash text
