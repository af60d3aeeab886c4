create table poverty_line (
    year integer primary key,
    official_line double not null,   -- Rp per capita per month
    official_status varchar not null, -- 'official' | 'estimated'
    extreme_line double,
    extreme_status varchar
)
