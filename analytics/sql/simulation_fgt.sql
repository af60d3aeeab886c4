-- City P0, P1, P2 of one year before and after a monthly transfer to chosen families.
-- Candidates by $rule:
--   'poorest'            every family;
--   'uncovered_poorest'  families that receive none of PKH, SEMBAKO, PBI, BST, BPUM,
--                        PRAKERJA, KUR;
--   'desil'              families with desil <= $max_desil.
-- With $poor_only, candidates must also be poor (expenditure_pc < $line) before the transfer.
-- The $n poorest candidates (lowest expenditure_pc, then family_id for a stable order)
-- are reached; each gets $amount per month, so its per-capita expenditure rises by
-- $amount / size. FGT over persons, poor when y < $line (BPS).
with candidates as (
    select
        f.family_id,
        cast(f.size as double) as w,
        f.expenditure_pc as y,
        (
            case
                when $rule = 'poorest' then true
                when $rule = 'uncovered_poorest' then not (
                    f.receives_pkh or f.receives_sembako or f.receives_pbi or f.receives_bst
                    or f.receives_bpum or f.receives_prakerja or f.receives_kur
                )
                else coalesce(f.desil <= $max_desil, false)
            end
            and (not $poor_only or f.expenditure_pc < $line)
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
    coalesce(fsum(w) filter (where y < $line), 0) as poor_before,
    coalesce(fsum(w * (1 - y / $line)) filter (where y < $line), 0) as gap_before,
    coalesce(fsum(w * (1 - y / $line) * (1 - y / $line)) filter (where y < $line), 0) as gap2_before,
    coalesce(fsum(w) filter (where y_after < $line), 0) as poor_after,
    coalesce(fsum(w * (1 - y_after / $line)) filter (where y_after < $line), 0) as gap_after,
    coalesce(fsum(w * (1 - y_after / $line) * (1 - y_after / $line)) filter (where y_after < $line), 0) as gap2_after
from after_transfer
