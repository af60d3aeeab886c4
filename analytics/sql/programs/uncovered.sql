-- Eligible families of one year that receive none of the programs in $programs. Eligibility
-- as in programs/coverage.sql; under a model a family is listed when its probability of
-- being poor is at least $min_probability. Order: family_welfare.order_key (observed: the
-- deepest gap first, gap = 1 - expenditure_pc / line, negative for a desil-eligible family
-- above it; model: the most probably poor first).
-- Segment: the family_segment macro (empower or assist).
-- No names or NIK: the list leaves the database only as family ids and places.
select
    f.family_id,
    f.kode_kelurahan,
    k.nama as kelurahan,
    f.kode_kecamatan,
    f.size,
    w.expenditure_pc,
    w.signed_gap as gap,
    w.probability,
    family_segment(f.n_working_age, f.n_disabled) as segment,
    f.desil,
    -- In the social welfare register: DTKS until 2024, DTSEN (every frame family) from 2025.
    f.in_dtks or f.frame_source = 'dtsen' as in_dtks,
    f.in_p3ke,
    f.lat,
    f.lon,
    f.coord_status
from family as f
join family_welfare as w using (family_id)
left join kelurahan as k on k.kode = f.kode_kelurahan
where
    f.year = $year
    and case
        when $eligibility = 'desil' then coalesce(f.desil <= $max_desil, false)
        else coalesce(w.poor >= $min_probability, false)
    end
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
order by w.order_key desc nulls last, f.family_id
