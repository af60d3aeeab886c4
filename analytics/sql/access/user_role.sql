select role, kelurahan
from users
where username = :username
