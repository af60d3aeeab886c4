-- City P0, P1, P2 of one year before and after a monthly transfer to chosen families.
-- Candidates by $rule:
--   'poorest'            every family;
--   'uncovered_poorest'  families that receive none of PKH, SEMBAKO, PBI, BST, BPUM,
--                        PRAKERJA, KUR;
--   'desil'              families with desil <= $max_desil.
-- With $poor_only, candidates must also be poor (the poverty rule) before the transfer.
-- The $n poorest candidates (lowest expenditure_pc, then family_id for a stable order)
-- are reached; each gets $amount per month, so its per-capita expenditure rises by
-- $amount / size. FGT over persons with the macros of analytics/sql/macros.
with candidates as (
    select
        f.family_id,
        cast(f.size as double) as w,
        f.expenditure_pc as y,
        (
            transfer_candidate($rule, len(received_programs(
                f.receives_pkh, f.receives_sembako, f.receives_pbi, f.receives_bst, f.receives_bpum,
                f.receives_prakerja, f.receives_kur
            )), f.desil, $max_desil)
            and (not $poor_only or is_poor(f.expenditure_pc, $line, $poor_le))
        ) as is_candidate
    from family as f
    where f.year = $year
),

ranked as (
    select
        *,
        case
            when is_candidate then row_number() over (partition by is_candidate order by y, family_id)
        end as candidate_rank
    from candidates
),

after_transfer as (
    select
        w,
        y,
        coalesce(candidate_rank <= $n, false) as is_reached,
        y + case when coalesce(candidate_rank <= $n, false) then $amount / w else 0 end as y_after
    from ranked
)

select
    fsum(w) as population,
    count(*) filter (where is_reached) as families_reached,
    coalesce(fsum(w) filter (where is_reached), 0) as persons_reached,
    poor_sum(y, w, $line, $poor_le) as poor_before,
    gap_sum(y, w, $line, $poor_le) as gap_before,
    gap_squared_sum(y, w, $line, $poor_le) as gap2_before,
    poor_sum(y_after, w, $line, $poor_le) as poor_after,
    gap_sum(y_after, w, $line, $poor_le) as gap_after,
    gap_squared_sum(y_after, w, $line, $poor_le) as gap2_after
from after_transfer
