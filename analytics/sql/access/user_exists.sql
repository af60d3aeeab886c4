select 1
from users
where username = :username
