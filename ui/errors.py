"""What a user sees when a page fails: a short Indonesian message, never a traceback or a
server path. The details go to the server log (``logging``, which Streamlit prints)."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

import streamlit as st

from analytics.errors import UserError

LOG = logging.getLogger("dashboard")
GENERIC = (
    "Terjadi kesalahan di server sehingga halaman ini tidak dapat ditampilkan. Coba lagi sebentar lagi; bila "
    "berulang, hubungi administrator data (rinciannya tercatat di log server)."
)
# An absolute path (/a/b/c or C:\a\b), not a slash inside a word ("P0/P1", "dan/atau").
_PATH = re.compile(r"(?<![\w.:/])(?:/[^\s/'\"(),;]+){2,}/?|\b[A-Za-z]:\\[^\s'\"]+")


def without_paths(text: str) -> str:
    """``text`` with every absolute path replaced by its last part.

    >>> without_paths("Berkas /srv/kemiskinan/var/bontang.duckdb tidak ditemukan; P0/P1 dan/atau P2.")
    'Berkas bontang.duckdb tidak ditemukan; P0/P1 dan/atau P2.'
    """
    return _PATH.sub(lambda m: re.split(r"[/\\]", m.group(0).rstrip("/\\"))[-1], text)


def show_user_error(exc: UserError) -> None:
    """A mistake of the user or the data: its Indonesian message, without server paths."""
    st.error(without_paths(exc.message))


@contextlib.contextmanager
def shown() -> Iterator[None]:
    """Run a page: a :class:`UserError` shows its message, any other exception (a bug) is logged
    with its traceback and shows :data:`GENERIC`. Streamlit's stop and rerun pass through."""
    try:
        yield
    except UserError as exc:
        LOG.info("Pesan untuk pengguna: %s", exc.message)
        show_user_error(exc)
    except Exception:
        LOG.exception("Halaman gagal")
        st.error(GENERIC)
