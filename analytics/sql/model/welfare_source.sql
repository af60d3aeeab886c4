-- What the year's welfare figures can come from: expenditure in the frame (observed), a
-- published model run, the survey households waiting for a model.
select
    (select count(expenditure_pc) > 0 from family where year = $year) as observed,
    (select max(run_id) from sae_run where year = $year and published) as run_id,
    (select count(*) from survey_household where year = $year) as survey_households
