"""Disclosure control: what a role without household access (pimpinan) may see of a count.

- :mod:`analytics.disclosure.cells`: the hidden cell's text (``<10``, ``x``), the threshold and
  the rule for one column against one total.
- :mod:`analytics.disclosure.linked`: the same rule over linked tables (areas that add up,
  row sums, shares), so that no hidden count can be recomputed from what is shown.
- :mod:`analytics.disclosure.areas`: the one protected model of the city's areas per year and
  line, and the headline, trend and program tables taken from it.
- :mod:`analytics.disclosure.transitions`: families' transitions, every pair of years and both
  lines protected together.
- :mod:`analytics.disclosure.desil`: the welfare ranks of a year without a money measure.
- :mod:`analytics.disclosure.derived`: derived figures of hidden groups (segments), and
  published numbers rounded to the precision shown on screen.
"""

from analytics.disclosure.areas import (
    AREA_COUNTS,
    area_figures,
    protect_headline,
    protect_programs,
    protect_trend,
    protected_area_figures,
    with_parent_rows,
)
from analytics.disclosure.cells import (
    HIDDEN,
    SUPPRESSION_NOTE,
    THRESHOLD,
    is_marker,
    is_small,
    small_marker,
    suppress_small,
)
from analytics.disclosure.derived import hidden_with, not_eligible_where_shown, protect_segments, round_as_shown
from analytics.disclosure.desil import desil_column, protected_desil
from analytics.disclosure.linked import Ratio, Sum, suppress_linked
from analytics.disclosure.transitions import (
    TRANSITION_COUNTS,
    TRANSITIONS_NOTE,
    protected_transition_tables,
    protected_transitions,
)

SMALL = small_marker(THRESHOLD)

__all__ = [
    "AREA_COUNTS",
    "HIDDEN",
    "SMALL",
    "SUPPRESSION_NOTE",
    "THRESHOLD",
    "TRANSITIONS_NOTE",
    "TRANSITION_COUNTS",
    "Ratio",
    "Sum",
    "area_figures",
    "desil_column",
    "hidden_with",
    "is_marker",
    "is_small",
    "not_eligible_where_shown",
    "protect_headline",
    "protect_programs",
    "protect_segments",
    "protect_trend",
    "protected_area_figures",
    "protected_desil",
    "protected_transition_tables",
    "protected_transitions",
    "round_as_shown",
    "small_marker",
    "suppress_linked",
    "suppress_small",
    "with_parent_rows",
]
