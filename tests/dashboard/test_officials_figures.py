"""Issue 27: what officials read must agree, fit and explain itself (unit checks of the views)."""

import pandas as pd

from analytics.views import summary_page


def test_an_extreme_line_p1_is_not_shown_as_zero_nor_its_interval():
    """P1 of 0,0004 (×100) on the extreme line read "0,000" with "Selang 90 %: 0,00–0,00"
    while the paragraph said 0,0004: the metric and its interval carry the decimals it needs."""
    shown = summary_page._EXTREME_METRICS[1][2](0.000004)
    assert shown == "0,0004"
    row = pd.Series({"value": 0.000004, "lower": 0.0000021, "upper": 0.0000093})
    caption = summary_page._interval_caption("p1", row, extreme=True)
    assert caption == "Selang 90 %: 0,0002–0,0009", caption
    ordinary = pd.Series({"value": 0.0082, "lower": 0.0061, "upper": 0.0101})
    assert summary_page._interval_caption("p1", ordinary) == "Selang 90 %: 0,61–1,01"
