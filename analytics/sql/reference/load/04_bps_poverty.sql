-- BPS publishes P0 in percent and P1, P2 multiplied by 100; the database keeps fractions.
-- Each figure keeps its kind and source (analytics.reference.read_bps_poverty).
insert into bps_poverty
select
    year,
    poor_persons,
    p0_pct / 100,
    p1_bps / 100,
    p2_bps / 100,
    poor_persons_kind,
    poor_persons_source,
    p0_pct_kind,
    p0_pct_source,
    p1_bps_kind,
    p1_bps_source,
    p2_bps_kind,
    p2_bps_source
from ref_lines
