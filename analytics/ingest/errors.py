"""The one exception that stops an import; its message is for the user, in Indonesian."""


class ImportFailed(Exception):
    """A fatal problem (unreadable file, required column absent): nothing is changed."""
