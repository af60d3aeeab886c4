-- The register family of $year each No KK pseudonym of the Dinas Sosial file names: only a
-- No KK exactly one family holds (link_key_kk keeps unique keys), so a shared one links none.
with wanted as (
    select distinct unnest($no_kk_keys::varchar[]) as no_kk_key
)
select w.no_kk_key, k.family_id
from wanted as w
join link_key_kk as k on k.year = $year and k.no_kk_hash = w.no_kk_key
