-- Alkire-Foster adjusted headcount ratio (M0) inputs per area, one year, over persons.
-- Every member of a family shares its deprivations (the registers describe the family).
-- An indicator is deprived when the family's value, folded to upper-case letters and
-- digits only (so 'JERAMI/IJUK/RUMBIA/ DAUN-DAUNAN' and its respacings match), is in the
-- bound list of deprived values; a missing value is not a deprivation.
-- score = sum_j w_j d_ij; a person is MPI-poor when score >= $k (with a tolerance of
-- 1e-9 so that weights such as 5 x 1/15 reach k = 1/3 despite rounding).
-- Censored sums count deprivations of the poor only. Returns person sums; analytics/mpi.py
-- divides them. {group_expr} is a fixed area expression filled in by analytics.programs._area.
with families as (
    select
        {group_expr} as grp,
        cast(f.size as double) as w,
        coalesce(list_contains($deprived_water, regexp_replace(upper(f.water_source), '[^A-Z0-9]', '', 'g')), false)
            as d_water,
        coalesce(list_contains($deprived_sanitation, regexp_replace(upper(f.sanitation), '[^A-Z0-9]', '', 'g')), false)
            as d_sanitation,
        (
            coalesce(list_contains($deprived_floor, regexp_replace(upper(f.floor), '[^A-Z0-9]', '', 'g')), false)
            or coalesce(list_contains($deprived_wall, regexp_replace(upper(f.wall), '[^A-Z0-9]', '', 'g')), false)
            or coalesce(list_contains($deprived_roof, regexp_replace(upper(f.roof), '[^A-Z0-9]', '', 'g')), false)
        ) as d_housing,
        coalesce(list_contains($deprived_cooking_fuel, regexp_replace(upper(f.cooking_fuel), '[^A-Z0-9]', '', 'g')), false)
            as d_cooking_fuel,
        coalesce(list_contains($deprived_electricity, regexp_replace(upper(f.lighting), '[^A-Z0-9]', '', 'g')), false)
            as d_electricity,
        coalesce(f.n_out_of_school > 0, false) as d_school_attendance,
        coalesce(
            list_contains($deprived_health_insurance, regexp_replace(upper(f.health_insurance), '[^A-Z0-9]', '', 'g')),
            false
        ) as d_health_insurance
    from family as f
    where f.year = $year
),

scored as (
    select
        *,
        $w_water * d_water::double
        + $w_sanitation * d_sanitation::double
        + $w_housing * d_housing::double
        + $w_cooking_fuel * d_cooking_fuel::double
        + $w_electricity * d_electricity::double
        + $w_school_attendance * d_school_attendance::double
        + $w_health_insurance * d_health_insurance::double as score
    from families
),

identified as (
    select
        *,
        score >= $k - 1e-9 as is_poor
    from scored
)

select
    grp,
    fsum(w) as population,
    coalesce(fsum(w) filter (where is_poor), 0) as poor,
    coalesce(fsum(w * score) filter (where is_poor), 0) as sum_score,
    coalesce(fsum(w) filter (where is_poor and d_water), 0) as c_water,
    coalesce(fsum(w) filter (where is_poor and d_sanitation), 0) as c_sanitation,
    coalesce(fsum(w) filter (where is_poor and d_housing), 0) as c_housing,
    coalesce(fsum(w) filter (where is_poor and d_cooking_fuel), 0) as c_cooking_fuel,
    coalesce(fsum(w) filter (where is_poor and d_electricity), 0) as c_electricity,
    coalesce(fsum(w) filter (where is_poor and d_school_attendance), 0) as c_school_attendance,
    coalesce(fsum(w) filter (where is_poor and d_health_insurance), 0) as c_health_insurance
from identified
group by grp
