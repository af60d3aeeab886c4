"""Access control and personal-data protection (issue 6), without any Streamlit.

- :mod:`analytics.access.passwords`: salted scrypt password hashes.
- :mod:`analytics.access.users`: the SQLite user store and the append-only audit log.
- :mod:`analytics.access.scope`: roles, the household-scope rule and signed session tokens.
- :mod:`analytics.access.pseudonym`: keyed NIK hashes and NIK masking.
"""
