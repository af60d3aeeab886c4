-- How the DTSEN keluarga cells of $year were written, per column and form (code, Regsosek
-- label, P3KE's coarser label, blank, unknown).
select column_name, form, sum(rows) as rows
from dtsen_value_form
where year = $year
group by column_name, form
order by column_name, form
