-- BPS publishes P0 in percent and P1, P2 multiplied by 100; the database keeps fractions.
insert into bps_poverty
select year, poor_persons, p0_pct / 100, p1_bps / 100, p2_bps / 100
from ref_lines
