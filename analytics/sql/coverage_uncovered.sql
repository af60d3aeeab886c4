-- Eligible families of one year that receive none of the programs in $programs, deepest
-- gap first. Eligibility as in coverage_counts.sql; gap = 1 - expenditure_pc / $line
-- (negative for a desil-eligible family above the line).
-- Segment (see analytics/segments.py): 'empower' when the family has more working-age
-- members than disabled members (the registers give counts only), else 'assist'.
-- No names or NIK: the list leaves the database only as family ids and places.
select
    f.family_id,
    f.kode_kelurahan,
    k.nama as kelurahan,
    f.kode_kecamatan,
    f.size,
    f.expenditure_pc,
    1 - f.expenditure_pc / $line as gap,
    case
        when coalesce(f.n_working_age, 0) - coalesce(f.n_disabled, 0) > 0 then 'empower'
        else 'assist'
    end as segment,
    f.desil,
    f.in_dtks,
    f.in_p3ke,
    f.lat,
    f.lon,
    f.coord_status
from family as f
left join kelurahan as k on k.kode = f.kode_kelurahan
where
    f.year = $year
    and case
        when $eligibility = 'desil' then coalesce(f.desil <= $max_desil, false)
        else f.expenditure_pc < $line
    end
    and not list_has_any(
        list_filter(
            [
                case when f.receives_pkh then 'PKH' end,
                case when f.receives_sembako then 'SEMBAKO' end,
                case when f.receives_pbi then 'PBI' end,
                case when f.receives_bst then 'BST' end,
                case when f.receives_bpum then 'BPUM' end,
                case when f.receives_prakerja then 'PRAKERJA' end,
                case when f.receives_kur then 'KUR' end
            ],
            lambda p: p is not null
        ),
        $programs
    )
    and ($kode_kelurahan is null or f.kode_kelurahan = $kode_kelurahan)
    and (
        $segment is null
        or $segment = case
            when coalesce(f.n_working_age, 0) - coalesce(f.n_disabled, 0) > 0 then 'empower'
            else 'assist'
        end
    )
order by gap desc, f.family_id
