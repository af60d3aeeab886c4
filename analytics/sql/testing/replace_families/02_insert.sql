-- Replace the families of a small test or demo database with the DataFrame registered as
-- testing_family (analytics.poverty.testing.replace_families).
insert into family by name select * from testing_family
