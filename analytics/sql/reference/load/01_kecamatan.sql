-- Reference tables from data/reference, registered by the importer as ref_* frames.
insert into kecamatan
select kode, nama, population_2024
from ref_kec
