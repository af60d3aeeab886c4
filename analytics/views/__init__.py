"""What each dashboard page shows, computed without Streamlit.

A page reads the user's :class:`~analytics.views.selection.Selection`, asks one function of
this package for a typed result and draws it; the function reads the database through a
:class:`~analytics.views.source.Source`, applies the user's protection
(:mod:`analytics.views.protection`) and formats tables in Indonesian
(:mod:`analytics.views.tables`). The same functions serve ``python -m analytics halaman``, so
what a page shows can be reproduced headless.

| page | module |
|---|---|
| Ringkasan | :mod:`analytics.views.summary_page` |
| Peta | :mod:`analytics.views.map_page` |
| Tren | :mod:`analytics.views.trend_page` |
| Cakupan Program | :mod:`analytics.views.programs_page` |
| Kualitas Data | :mod:`analytics.views.quality_page` |
| Pembangunan Alternatif | :mod:`analytics.views.alternative_development_page` |
"""
