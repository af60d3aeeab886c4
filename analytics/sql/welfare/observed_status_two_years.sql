-- Each family's observed poverty status in two years, for the family transitions: poor when
-- its expenditure is below its own year's line ($line_from, $line_to) by the poverty rule of
-- analytics/sql/macros. Read only through analytics.welfare.observed (observed years only).
select
    f.year,
    f.family_id,
    f.kode_kelurahan,
    f.kode_kecamatan,
    is_poor(
        f.expenditure_pc,
        case when f.year = $year_from then $line_from else $line_to end,
        $poor_le
    ) as is_poor
from family as f
where f.year = $year_from or f.year = $year_to
