"""A read-only database and a memo of what has been computed from it.

Pages of one dashboard process, and the commands of one run, ask for the same figures many
times (the protected model of a year and line takes about a second). A :class:`Source` keeps
each result for the life of the database file it reads; the dashboard opens a new Source
when an import swaps a new file in.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import duckdb
import pandas as pd

_MEMO_SIZE = 512


class Source:
    """``cursor()`` gives a cursor on the database; :meth:`get` memoises a function of it."""

    def __init__(self, cursor: Callable[[], duckdb.DuckDBPyConnection]):
        self._cursor = cursor
        self._memo: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> Source:
        """A Source over an open connection (one cursor per call: Streamlit runs pages in threads)."""
        return cls(con.cursor)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._cursor()

    def get(self, function: Callable, *args, **kwargs):
        """``function(cursor, *args, **kwargs)``, computed once per arguments.

        A DataFrame comes back as a copy, so a caller may change it freely. Arguments must be
        hashable (years, lines, codes, :class:`analytics.access.scope.User`).
        """
        key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
        with self._lock:
            found = self._memo.get(key, _MISSING)
            if found is not _MISSING:
                self._memo.move_to_end(key)
        if found is _MISSING:
            found = function(self.cursor(), *args, **kwargs)
            with self._lock:
                self._memo[key] = found
                while len(self._memo) > _MEMO_SIZE:
                    self._memo.popitem(last=False)
        return found.copy() if isinstance(found, pd.DataFrame) else found


_MISSING = object()
