-- Regsosek keys that identify exactly one family in a year. A key held by two families
-- (a duplicate NIK, a shared No KK) links nothing: it would be a guess.
-- Keys are the keyed pseudonyms of No KK and NIK: one key gives equal pseudonyms for equal
-- numbers, so these joins link exactly as the numbers themselves would.
create or replace table link_key_head_nik as
select year, head_nik_hash, any_value(family_id) as family_id
from frame_family
where head_nik_hash is not null
group by year, head_nik_hash
having count(*) = 1
