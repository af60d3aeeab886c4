-- The normalised poverty gap (z - y) / z of a poor person, written 1 - y / z as BPS does.
create or replace {scope} macro poverty_gap(y, z) as (1 - y / z)
