-- What the registers say about one family (this year, else last year): the visit form starts
-- from it, so a verifikator changes only what differs.
select kode_kelurahan, size, n_working_age, n_disabled, n_elderly, n_out_of_school,
       floor, wall, roof, water_source, sanitation, lighting, cooking_fuel,
       received_programs(receives_pkh, receives_sembako, receives_pbi, receives_bst, receives_bpum,
                         receives_prakerja, receives_kur) as programs
from family
where year in ($year, $year - 1) and family_id = $family_id
order by year desc
limit 1
