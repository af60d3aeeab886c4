-- Stores created before sessions were ended by a password reset lack this column.
alter table users add column password_changed_at text
