"""Indonesian number formats for everything a user reads (`3,74 %`, `Rp 801.945`)."""

import math
import re

from analytics.formats import number

__all__ = ["BPS_SCALE_NOTE", "bps_scale", "line_text", "number", "percent", "plain", "rupiah", "signed"]


def rupiah(value) -> str:
    """Rupiah with thousands dots.

    >>> rupiah(801945)
    'Rp 801.945'
    """
    return "–" if value is None else f"Rp {number(value)}"


def percent(fraction, decimals: int = 2) -> str:
    """A fraction shown as percent: 0.0374 -> '3,74 %'.

    >>> percent(0.0374)
    '3,74 %'
    """
    return "–" if fraction is None else f"{number(fraction * 100, decimals)} %"


def bps_scale(fraction, decimals: int = 2) -> str:
    """P1 and P2 as BPS publishes them (x100): 0.0039 -> '0,39'.

    >>> bps_scale(0.0039)
    '0,39'
    """
    return "–" if fraction is None else number(fraction * 100, decimals)


def signed(value, decimals: int = 2) -> str:
    """A change with its sign: -0.37 -> '-0,37', 12 -> '+12'.

    An ASCII minus, because st.metric reads the direction of a text delta from it.

    >>> signed(-0.37), signed(12, 0), signed(0, 0)
    ('-0,37', '+12', '0')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = number(abs(value), decimals)
    if float(text.replace(".", "").replace(",", ".")) == 0:
        return text
    return ("+" if value > 0 else "-") + text


def line_text(line: dict) -> str:
    """The poverty line used, for captions: 'garis resmi Rp 801.945 (perkiraan)'.

    >>> line_text({"amount": 832946.0, "kind": "official", "status": "estimated"})
    'garis resmi Rp 832.946 per kapita per bulan (perkiraan, belum dirilis BPS)'
    """
    kind = {"official": "garis resmi", "extreme": "garis ekstrem"}.get(line["kind"], "garis pilihan")
    text = f"{kind} {rupiah(line['amount'])} per kapita per bulan"
    if line.get("status") == "estimated":
        text += " (perkiraan, belum dirilis BPS)"
    return text


BPS_SCALE_NOTE = "P1 dan P2 dalam skala BPS (×100)"


# Characters that start markup in Streamlit's markdown: emphasis, code, links, HTML, LaTeX,
# strikethrough, tables, headers and :colour[...] / :emoji: directives.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$~:|#])")


def plain(text: str) -> str:
    """Text from a register or an upload (file names, headers, values) shown literally in
    Streamlit's markdown-rendered elements (st.error, st.caption, …): every markdown, HTML,
    LaTeX and directive character is escaped.

    >>> print(plain("**data**_2024 <b>:red[x]</b> $1$"))
    \\*\\*data\\*\\*\\_2024 \\<b\\>\\:red\\[x\\]\\</b\\> \\$1\\$
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
