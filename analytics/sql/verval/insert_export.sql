-- One record version that an export of a channel held.
insert into verval_export (export_id, channel, record_id, version, username, at)
values (:export_id, :channel, :record_id, :version, :username, :at)
