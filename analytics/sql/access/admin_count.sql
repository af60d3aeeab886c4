select count(*)
from users
where role = 'admin'
