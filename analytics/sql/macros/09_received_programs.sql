-- The programs a family receives, as a list of program codes (PKH, SEMBAKO, PBI, BST,
-- BPUM, PRAKERJA, KUR), from the family's receives_* flags.
create or replace {scope} macro received_programs(pkh, sembako, pbi, bst, bpum, prakerja, kur) as list_filter(
    [
        case when pkh then 'PKH' end,
        case when sembako then 'SEMBAKO' end,
        case when pbi then 'PBI' end,
        case when bst then 'BST' end,
        case when bpum then 'BPUM' end,
        case when prakerja then 'PRAKERJA' end,
        case when kur then 'KUR' end
    ],
    lambda p: p is not null
)
