-- Every row of one store table in a fixed order, for the audit head's digest of the store.
select * from {table}
order by rowid
