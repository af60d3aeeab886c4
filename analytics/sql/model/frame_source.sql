-- The register the year's frame came from: 'regsosek' or 'dtsen' (null: no family that year).
select max(frame_source) from family where year = $year
