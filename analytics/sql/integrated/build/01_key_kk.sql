-- Regsosek keys that identify exactly one family in a year. A key held by two families
-- (a duplicate NIK, a shared No KK) links nothing: it would be a guess.
-- Keys are the keyed pseudonyms of No KK and NIK: one key gives equal pseudonyms for equal
-- numbers, so these joins link exactly as the numbers themselves would.
create or replace table link_key_kk as
select year, no_kk_hash, any_value(family_id) as family_id
from frame_family
where no_kk_hash is not null
group by year, no_kk_hash
having count(*) = 1
