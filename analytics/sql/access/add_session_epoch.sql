-- Stores created before sessions carried the account's epoch lack this column.
alter table users add column session_epoch text
