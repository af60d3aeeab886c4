insert into poverty_line
select year, poverty_line, poverty_line_status, extreme_line, status
from ref_lines
