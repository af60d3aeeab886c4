-- The file of the open SQLite store.
select file from pragma_database_list where name = 'main'
