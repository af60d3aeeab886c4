-- Program coverage and targeting counts per area and program group, one year.
-- A family is eligible when
--   $eligibility = 'line':  poor on the chosen line $line (analytics/sql/macros), or
--   $eligibility = 'desil': desil <= $max_desil (a family without desil is not eligible).
-- Program groups come as two parallel lists: $group_names[i] is covered when the family
-- receives any program of $group_programs[i] (one program, 'any', or a strategy).
-- Families are counted, not persons: a program reaches a family.
-- {group_expr} is a fixed area expression filled in by analytics.programs._area.
with families as (
    select
        {group_expr} as grp,
        is_eligible($eligibility, f.expenditure_pc, $line, $poor_le, f.desil, $max_desil) as is_eligible,
        received_programs(
            f.receives_pkh, f.receives_sembako, f.receives_pbi, f.receives_bst, f.receives_bpum,
            f.receives_prakerja, f.receives_kur
        ) as received
    from family as f
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
        fa.is_eligible,
        list_has_any(fa.received, g.programs) as is_covered
    from families as fa
    cross join program_groups as g
)

select
    grp,
    program,
    count(*) filter (where is_eligible) as eligible_families,
    count(*) filter (where is_eligible and is_covered) as covered_eligible,
    count(*) filter (where is_covered) as recipients,
    count(*) filter (where is_covered and not is_eligible) as recipients_not_eligible
from family_group
group by grp, program
