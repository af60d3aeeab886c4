-- Write the WAL into the database file before it is moved into place.
checkpoint
