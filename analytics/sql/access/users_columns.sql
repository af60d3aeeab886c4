-- Columns of the users table (a store created before a column existed lacks it).
select name
from pragma_table_info('users')
