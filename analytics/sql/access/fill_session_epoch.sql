-- Accounts from before the column existed get an epoch of their own.
update users
set session_epoch = lower(hex(randomblob(16)))
where session_epoch is null
