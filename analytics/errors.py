"""The one error hierarchy: what the user or the data got wrong, apart from bugs.

Every exception that carries a message for a person derives from :class:`UserError`; its
message is in Bahasa Indonesia and is shown as it is (the command line prints it and exits
2; a page shows it in a box). Anything else that escapes is a bug: the command line shows
its traceback and exits 1, a page shows Streamlit's error.

>>> try:
...     raise InputError("--year harus berupa tahun, bukan 'abc'")
... except UserError as exc:
...     print(exc.message)
--year harus berupa tahun, bukan 'abc'
"""

from __future__ import annotations


class UserError(Exception):
    """The user or the data is wrong; ``message`` (Indonesian) says what and what to do.

    ``messages`` holds one sentence per problem when there are several (every bad file is
    named, not only the first).
    """

    def __init__(self, message: str | list[str]):
        self.messages = [message] if isinstance(message, str) else [str(m) for m in message]
        super().__init__(" ".join(self.messages))

    @property
    def message(self) -> str:
        return " ".join(self.messages)


class InputError(UserError):
    """An argument, option, URL parameter or form value is not acceptable."""


class DataError(UserError):
    """A file or a database does not hold what it must (missing column, wrong layout, no year)."""


class NoWelfareData(DataError):
    """A year has no money measure of welfare (no expenditure in the frame, no published model
    run): P0 to P2 of its areas cannot be computed (see :mod:`analytics.welfare.source`)."""


class ConfigError(UserError):
    """A setting (environment variable, secrets entry, configuration file, key file) is invalid."""


class AccessDenied(UserError, PermissionError):
    """The signed-in user may not see or do this (also a PermissionError, for callers that
    treat every refusal alike)."""


class AccountError(InputError):
    """A user-management request that cannot be done (unknown or existing account, bad role)."""


class ImportFailed(DataError):
    """A fatal import problem (unreadable file, required column absent): nothing is changed."""


class UploadRefused(DataError):
    """An upload, staging or commit of the Impor Data page was refused; nothing live changed."""


class BoundaryFileError(DataError):
    """A boundary file that cannot be used (format, geometry, no matching kelurahan)."""


class StatusFileError(DataError):
    """The P4GN status file cannot be used at all."""


class RoleMapError(ConfigError):
    """The OIDC role mapping file is missing or wrong."""


class VervalConflict(InputError):
    """Someone else saved a version of a family's verval record after the one the user edited:
    detected, never merged silently."""


class NeedsObservedWelfare(DataError):
    """A measure needs every family's observed expenditure (transitions of families, the
    growth-redistribution split) and the year has only model estimates or no money measure
    (see :mod:`analytics.welfare.observed`)."""
