-- Load the reference tables of a small test or demo database
-- (analytics.poverty.testing.build_database) from DataFrames registered as
-- testing_kecamatan, testing_kelurahan and testing_poverty_line.
insert into kelurahan by name select * from testing_kelurahan
