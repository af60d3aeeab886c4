-- Which register gave the frame of $year and the year before: families per source and, for
-- a DTSEN frame, the extract's file, version and date as the import recorded them.
select f.year, f.frame_source, count(*) as families,
       any_value(v.file) as file, any_value(v.version) as version, any_value(v.data_date) as data_date
from family as f
left join dtsen_version as v on v.year = f.year and v.source = 'dtsen_keluarga' and f.frame_source = 'dtsen'
where f.year in ($year, $year - 1)
group by f.year, f.frame_source
order by f.year desc
