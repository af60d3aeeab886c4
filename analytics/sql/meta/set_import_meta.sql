-- Replace one fact of the import.
update import_meta
set value = $value
where key = $key
