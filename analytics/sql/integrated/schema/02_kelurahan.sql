create table kelurahan (
    kode varchar primary key,        -- Kemendagri, dotted: 64.74.01.1001
    nama varchar not null,
    kode_kecamatan varchar not null references kecamatan (kode),
    centroid_lon double,
    centroid_lat double,
    area_km2 double
)
