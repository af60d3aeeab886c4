-- Regsosek keys that identify exactly one family in a year. A key held by two families
-- (a duplicate NIK, a shared No KK) links nothing: it would be a guess.
create or replace table link_key_kk as
select year, no_kk, any_value(family_id) as family_id
from stg_regsosek
where no_kk is not null
group by year, no_kk
having count(*) = 1;

create or replace table link_key_head_nik as
select year, head_nik, any_value(family_id) as family_id
from stg_regsosek
where head_nik is not null
group by year, head_nik
having count(*) = 1;
