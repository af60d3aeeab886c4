-- SQLite user store: wait for another writer (the dashboard and the CLI write together).
pragma busy_timeout = 30000
