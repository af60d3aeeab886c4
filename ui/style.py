"""The few style rules Streamlit offers no option for (issue 27, point 9), sent first on every run.

* Streamlit 1.67 runs the first session after a start in its legacy ``pages/`` mode and lists
  the page files ("page audit, page impor…") until the router's own menu arrives (a few
  seconds on a first start). That menu is recognised by its links to the files' names
  (``page_*``, which no url path of ``ui.navigation.PAGES`` holds) and not shown.
* The file uploader's English "Upload" button and "200MB per file" line: the button reads
  "Pilih berkas" and the limit is the Indonesian caption the Impor page writes under it.
* Peta's map and its legends stand side by side (``st-key-peta_bingkai``) only where the map's
  column stays wider than the frame its first view is fitted to (geo.layers.FIT_WIDTH_PX);
  below a 1.100 px window, with the sidebar open, the legends go under the map.
"""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
[data-testid="stSidebarNav"]:has(a[href*="/page_"]) { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button * { display: none; }
[data-testid="stFileUploaderDropzone"] button::after { content: "Pilih berkas"; font-size: 0.875rem; }
@media (max-width: 1100px) {
  .st-key-peta_bingkai [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  .st-key-peta_bingkai [data-testid="stColumn"] { min-width: 100%; }
}
</style>
"""


def apply() -> None:
    """Send the style rules (no space on the page)."""
    st.html(CSS)
