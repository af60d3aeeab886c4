"""Disclosure control: what a role without household access (pimpinan) may see of a count.

- :mod:`analytics.disclosure.cells`: the hidden cell's text (``<10``, ``x``), the threshold and
  the rule for one column against one total.
- :mod:`analytics.disclosure.linked`: the same rule over linked tables (areas that add up,
  row sums, shares), so that no hidden count can be recomputed from what is shown.
- :mod:`analytics.disclosure.areas`: the one protected model of the city's areas per year and
  line, and the headline, trend, transitions and program tables taken from it.
"""

from analytics.disclosure.areas import (
    AREA_COUNTS,
    TRANSITION_COUNTS,
    area_figures,
    protect_headline,
    protect_programs,
    protect_trend,
    protected_area_figures,
    protected_transitions,
    with_parent_rows,
)
from analytics.disclosure.cells import HIDDEN, SUPPRESSION_NOTE, THRESHOLD, is_marker, small_marker, suppress_small
from analytics.disclosure.linked import Ratio, Sum, suppress_linked

SMALL = small_marker(THRESHOLD)

__all__ = [
    "AREA_COUNTS",
    "HIDDEN",
    "SMALL",
    "SUPPRESSION_NOTE",
    "THRESHOLD",
    "TRANSITION_COUNTS",
    "Ratio",
    "Sum",
    "area_figures",
    "is_marker",
    "protect_headline",
    "protect_programs",
    "protect_trend",
    "protected_area_figures",
    "protected_transitions",
    "small_marker",
    "suppress_linked",
    "suppress_small",
    "with_parent_rows",
]
