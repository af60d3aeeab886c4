-- A new published run replaces the year's previous one (which stays stored, unpublished).
update sae_run
set published = false
where year = $year
