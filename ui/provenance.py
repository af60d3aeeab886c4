"""Where a figure comes from, kept out of the officials' way.

Captions written by the views name the function behind a figure (``analytics.summary.headline``)
so that every figure can be traced to its query. An official should not have to read Python
names: :func:`caption` shows the sentence without them and puts them in the caption's ⓘ
tooltip, where an analyst still finds them. Only an analyst or an admin gets that tooltip
(:func:`show_sources`, set by ``ui.auth.require_page``): a pimpinan or a verifikator reads the
sentence alone.
"""

from __future__ import annotations

import re

import streamlit as st

# A reference opens with "(analytics." or "Sumber: analytics." (or bare "analytics.").
_START = re.compile(r"(\(\s*|(?:Sumber(?: angka)?|Dasar perhitungan):\s*)?\banalytics\.[a-z_]")
#: Session key: whether the signed-in user's role reads the function references (analis, admin).
SOURCES_SHOWN = "_provenance_sources_shown"
SOURCE_ROLES = ("analis", "admin")
_TOOLTIP = (
    "Untuk analis — sumber dan metode — fungsi dan kueri di folder analytics/ yang menghasilkan angka ini: {refs}. "
    "Angka yang sama dapat dicetak tanpa peramban dengan `python -m analytics page`."
)


def split(text: str) -> tuple[str, list[str]]:
    """The text without its function references, and the references.

    >>> split("P2 tertinggi (analytics.summary.area_table). Sumber: analytics.x.y (kota). Akhir.")
    ('P2 tertinggi. Akhir.', ['analytics.summary.area_table', 'analytics.x.y (kota)'])
    >>> split("Tanpa rujukan.")
    ('Tanpa rujukan.', [])
    """
    refs: list[str] = []
    while (match := _START.search(text)) is not None:
        begin = match.start()
        ref_start = match.start() + len(match.group(1) or "")
        if (match.group(1) or "").startswith("("):
            end = _closing(text, match.start())
            refs.append(text[ref_start:end].strip())
            text = text[:begin].rstrip() + text[end + 1 :]
        else:
            end = _sentence_end(text, ref_start)
            refs.append(text[ref_start:end].strip())
            text = text[:begin].rstrip() + " " + text[end + 1 :].lstrip()
    text = re.sub(r"\s+([.,;:])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    return text, refs


def _closing(text: str, opening: int) -> int:
    depth = 0
    for i in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text) - 1


def _sentence_end(text: str, start: int) -> int:
    """The full stop that ends the reference: one followed by a space or the end of the text."""
    for i in range(start, len(text)):
        if text[i] == "." and (i + 1 == len(text) or text[i + 1].isspace()):
            return i
    return len(text)


def show_sources(role: str) -> None:
    """Remember for this session whether ``role`` reads the function references."""
    st.session_state[SOURCES_SHOWN] = role in SOURCE_ROLES


def tooltip(refs: list[str]) -> str | None:
    """The ⓘ tooltip naming ``refs``, for an analyst or an admin only (None otherwise).

    >>> tooltip([]) is None
    True
    """
    if not refs or not st.session_state.get(SOURCES_SHOWN, False):
        return None
    return _TOOLTIP.format(refs="; ".join(refs))


def caption(text: str, container=None) -> None:
    """``st.caption`` of ``text``; its function references in the ⓘ tooltip for an analyst."""
    body, refs = split(text)
    target = st if container is None else container
    target.caption(body, help=tooltip(refs))
