-- How rows of DTKS and P3KE were linked to Regsosek families, per year.
select year, 'dtks' as source, coalesce(method, 'unlinked') as method, count(*) as rows
from link_dtks
group by all
union all
select year, 'p3ke_keluarga', coalesce(method, 'unlinked'), count(*)
from link_p3ke_keluarga
group by all
order by 1, 2, 4 desc
