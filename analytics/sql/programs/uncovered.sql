-- Eligible families of one year that receive none of the programs in $programs, deepest
-- gap first. Eligibility as in programs/coverage.sql; gap = 1 - expenditure_pc / $line
-- (negative for a desil-eligible family above the line).
-- Segment: the family_segment macro (empower or assist).
-- No names or NIK: the list leaves the database only as family ids and places.
select
    f.family_id,
    f.kode_kelurahan,
    k.nama as kelurahan,
    f.kode_kecamatan,
    f.size,
    f.expenditure_pc,
    poverty_gap(f.expenditure_pc, $line) as gap,
    family_segment(f.n_working_age, f.n_disabled) as segment,
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
    and is_eligible($eligibility, f.expenditure_pc, $line, $poor_le, f.desil, $max_desil)
    and not list_has_any(
        received_programs(
            f.receives_pkh, f.receives_sembako, f.receives_pbi, f.receives_bst, f.receives_bpum,
            f.receives_prakerja, f.receives_kur
        ),
        $programs
    )
    and ($kode_kelurahan is null or f.kode_kelurahan = $kode_kelurahan)
    and (
        $segment is null
        or $segment = family_segment(f.n_working_age, f.n_disabled)
    )
order by gap desc, f.family_id
