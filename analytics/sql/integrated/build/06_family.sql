-- One row per family of the frame (Regsosek, or DTSEN from 2025) per year, with what the
-- linked DTKS and P3KE records and the SIKS-NG recipient lists add. A family receives a
-- program in a year when any linked record of that year says so. A recipient (by NIK) is
-- placed through DTSEN anggota (its No KK), else as the head of one frame family.
insert into family
with
dtks as (
    select l.year, l.family_id,
           min_by(l.method, case split_part(l.method, '_via', 1)
               when 'no_kk' then 1 when 'head_nik' then 2 else 3 end) as method,
           bool_or(d.receives_pkh) as pkh,
           bool_or(d.receives_sembako) as sembako,
           bool_or(d.receives_pbi) as pbi
    from link_dtks as l
    join stg_dtks as d using (year, row_number)
    where l.family_id is not null
    group by l.year, l.family_id
),
p3ke_family as (
    select l.year, l.family_id,
           min_by(l.method, case l.method when 'head_nik' then 1 else 2 end) as method,
           min(p.desil) as desil,
           bool_or(p.receives_pkh) as pkh, bool_or(p.receives_sembako) as sembako,
           bool_or(p.receives_bst) as bst, bool_or(p.receives_bpum) as bpum,
           bool_or(p.receives_prakerja) as prakerja, bool_or(p.receives_kur) as kur
    from link_p3ke_keluarga as l
    join stg_p3ke_keluarga as p using (year, row_number)
    where l.family_id is not null
    group by l.year, l.family_id
),
recipient as (
    select p.year, p.program, coalesce(fa.family_id, k.family_id) as family_id
    from stg_penerima_bansos as p
    left join stg_dtsen_anggota as a on a.year = p.year and a.nik_hash = p.nik_hash
    left join frame_family as fa on fa.year = a.year and fa.no_kk_hash = a.no_kk_hash
    left join link_key_head_nik as k on k.year = p.year and k.head_nik_hash = p.nik_hash
),
lists as (
    select year, family_id,
           bool_or(program = 'pkh') as pkh,
           bool_or(program = 'sembako') as sembako,
           bool_or(program = 'pbi') as pbi
    from recipient
    where family_id is not null
    group by year, family_id
),
p3ke_person as (
    select l.year, l.family_id,
           bool_or(i.receives_pkh) as pkh, bool_or(i.receives_sembako) as sembako,
           bool_or(i.receives_bst) as bst, bool_or(i.receives_bpum) as bpum,
           bool_or(i.receives_prakerja) as prakerja, bool_or(i.receives_kur) as kur
    from link_p3ke_individu as l
    join stg_p3ke_individu as i using (year, row_number)
    where l.family_id is not null
    group by l.year, l.family_id
)
select
    r.year, r.family_id, r.kode_kelurahan, r.kode_kecamatan, r.size, r.expenditure_pc,
    r.desil, r.percentile, r.lat, r.lon, r.coord_status,
    d.family_id is not null as in_dtks,
    pf.family_id is not null or pp.family_id is not null as in_p3ke,
    d.method as dtks_link,
    pf.method as p3ke_link,
    pf.desil as p3ke_desil,
    coalesce(d.pkh, false) or coalesce(pf.pkh, false) or coalesce(pp.pkh, false) or coalesce(l.pkh, false)
        as receives_pkh,
    coalesce(d.sembako, false) or coalesce(pf.sembako, false) or coalesce(pp.sembako, false)
        or coalesce(l.sembako, false) as receives_sembako,
    coalesce(d.pbi, false) or r.frame_pbi or coalesce(l.pbi, false) as receives_pbi,
    coalesce(pf.bst, false) or coalesce(pp.bst, false) as receives_bst,
    coalesce(pf.bpum, false) or coalesce(pp.bpum, false) as receives_bpum,
    coalesce(pf.prakerja, false) or coalesce(pp.prakerja, false) as receives_prakerja,
    coalesce(pf.kur, false) or coalesce(pp.kur, false) as receives_kur,
    r.n_toddlers,
    r.n_school + r.n_out_of_school as n_school_age,
    r.n_out_of_school, r.n_working_age, r.n_working, r.n_elderly, r.n_disabled,
    r.head_education, r.floor, r.wall, r.roof, r.water_source, r.sanitation, r.lighting,
    r.cooking_fuel, r.health_insurance,
    r.frame_source
from frame_family as r
left join dtks as d on r.year = d.year and r.family_id = d.family_id
left join p3ke_family as pf on r.year = pf.year and r.family_id = pf.family_id
left join p3ke_person as pp on r.year = pp.year and r.family_id = pp.family_id
left join lists as l on r.year = l.year and r.family_id = l.family_id
order by r.year, r.family_id
