-- Program coverage and targeting counts per area and program group, one year.
-- A family is eligible when
--   $eligibility = 'line':  poor on the chosen line (family_welfare.poor: 1 or 0 from observed
--                           expenditure, the probability under a model), or
--   $eligibility = 'desil': desil <= $max_desil (a family without desil is not eligible).
-- Sums of eligibility are family counts (observed) or expected counts (model).
-- Program groups come as two parallel lists: $group_names[i] is covered when the family
-- receives any program of $group_programs[i] (one program, 'any', or a strategy).
-- Families are counted, not persons: a program reaches a family.
-- {group_expr} is a fixed area expression filled in by analytics.programs._area.
with families as (
    select
        {group_expr} as grp,
        case
            when $eligibility = 'desil' then case when coalesce(f.desil <= $max_desil, false) then 1.0 else 0.0 end
            else w.poor
        end as eligible,
        received_programs(
            f.receives_pkh, f.receives_sembako, f.receives_pbi, f.receives_bst, f.receives_bpum,
            f.receives_prakerja, f.receives_kur
        ) as received
    from family as f
    join family_welfare as w using (family_id)
    where f.year = $year
),

program_groups as (
    select
        unnest($group_names) as program,
        unnest($group_programs) as programs
),

family_group as (
    select
        fa.grp,
        g.program,
        fa.eligible,
        list_has_any(fa.received, g.programs) as is_covered
    from families as fa
    cross join program_groups as g
)

select
    grp,
    program,
    coalesce(fsum(eligible), 0) as eligible_families,
    coalesce(fsum(eligible) filter (where is_covered), 0) as covered_eligible,
    count(*) filter (where is_covered) as recipients,
    coalesce(fsum(1 - eligible) filter (where is_covered), 0) as recipients_not_eligible
from family_group
group by grp, program
