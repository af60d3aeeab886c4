-- Each frame family's probability of being below a line under a run's model (closed form):
-- for targeting and field-verification priority; the expected poor of an area is their sum,
-- and the expected gaps add up to the area's exact EB P1 and P2 in the same way.
create table if not exists sae_family (
    run_id varchar not null,
    year integer not null,
    family_id varchar not null,
    line varchar not null,
    probability double not null,
    expected_gap double not null,       -- E[(1 - y / z)+]: sums give the model's P1 numerator
    expected_gap_squared double not null,
    primary key (run_id, family_id, line)
)
