-- A new recap of a year replaces the previous one whole.
delete from extreme_list
where year = $year
