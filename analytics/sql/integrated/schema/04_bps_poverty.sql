create table bps_poverty (
    year integer primary key,
    poor_persons integer,
    p0 double,                        -- fractions (BPS x100 values divided by 100)
    p1 double,
    p2 double,
    -- what each figure is ('bps' | 'pemkot', null where none) and where it comes from
    -- (data/reference/SOURCES.md); a 'pemkot' figure is never labelled BPS's
    poor_persons_kind varchar,
    poor_persons_source varchar,
    p0_kind varchar,
    p0_source varchar,
    p1_kind varchar,
    p1_source varchar,
    p2_kind varchar,
    p2_source varchar
)
