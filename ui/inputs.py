"""Number fields that read and show Indonesian thousands separators (``150.000.000``):
Streamlit's number input shows ``150000000``, which an official misreads by a factor of ten."""

from __future__ import annotations

import streamlit as st

from analytics.errors import InputError
from analytics.formats import number, parse_whole
from ui.text import plain


def whole_number(
    container,
    label: str,
    *,
    key: str,
    default: int,
    minimum: int = 0,
    maximum: int | None = None,
    help: str | None = None,
) -> int | None:
    """A text field for a whole number (rupiah, families) starting at ``default``; its value,
    or None after an Indonesian message under the field when it cannot be read or is out of range."""
    st.session_state.setdefault(key, number(default))
    text = container.text_input(label, key=key, help=help)
    try:
        value = parse_whole(text, label)
    except InputError as exc:
        container.error(plain(exc.message))
        return None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" sampai {number(maximum)}" if maximum is not None else " atau lebih"
        container.error(f"{label} harus {number(minimum)}{upper}.")
        return None
    return value
