-- Tables of the integrated poverty database. The importer fills them; every query in
-- analytics/ reads only these (never the raw staging tables).
-- No table holds a full NIK or No KK (UU 27/2022): they are stored as keyed HMAC-SHA256
-- pseudonyms (*_hash; the key is kept outside the database, see analytics/access/pseudonym.py)
-- and, for display, masked to their first 6 digits (*_masked). Only the quarantine keeps
-- the original values of rejected rows, for the admin who fixes the export.

-- Reference: gazetteer, official lines and BPS figures (from data/reference).
create table kecamatan (
    kode varchar primary key,        -- Kemendagri, dotted: 64.74.01
    nama varchar not null,
    population_2024 integer
)
