create table bps_poverty (
    year integer primary key,
    poor_persons integer,
    p0 double,                        -- fractions (BPS x100 values divided by 100)
    p1 double,
    p2 double
)
