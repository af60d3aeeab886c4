"""Register and upload text shown literally in Streamlit's markdown-rendered elements."""

import re

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
