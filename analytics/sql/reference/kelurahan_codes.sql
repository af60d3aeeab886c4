-- Kemendagri codes of the kelurahan in the gazetteer.
select kode
from kelurahan
