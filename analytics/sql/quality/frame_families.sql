-- The families of the Regsosek frame (staging), per year.
select year, family_id, true as in_frame
from frame_family
