-- The tables of an SQLite store.
select name from sqlite_master where type = 'table'
