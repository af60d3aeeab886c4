"""Which role may open which page (issues 6 and 19): :data:`PAGES` is the one table. The router
offers a role the pages listed for it (:func:`pages_for`), and every page, however it is
reached, asks for its own entry (:func:`page_entry`, through ``ui.auth.require_page``) and
refuses the other roles. Household rows are refused by the query functions besides."""

from __future__ import annotations

from pathlib import PurePath
from typing import NamedTuple

from analytics.access.scope import ROLES


class PageSpec(NamedTuple):
    path: str
    title: str
    url_path: str
    roles: tuple[str, ...]


AGGREGATE_ROLES = ("pimpinan", "analis", "admin")
PAGES = (
    PageSpec("pages/page_ringkasan.py", "Ringkasan", "ringkasan", AGGREGATE_ROLES),
    PageSpec("pages/page_peta.py", "Peta", "peta", ROLES),
    PageSpec("pages/page_tren.py", "Tren", "tren", AGGREGATE_ROLES),
    PageSpec("pages/page_evaluasi_tahunan.py", "Evaluasi Tahunan", "evaluasi-tahunan", AGGREGATE_ROLES),
    PageSpec("pages/page_cakupan_program.py", "Cakupan Program", "cakupan-program", ROLES),
    PageSpec("pages/page_kualitas_data.py", "Kualitas Data", "kualitas-data", ("analis", "verifikator", "admin")),
    PageSpec("pages/page_verval.py", "Verval", "verval", ("analis", "verifikator", "admin")),
    PageSpec(
        "pages/page_pembangunan_alternatif.py", "Pembangunan Alternatif", "pembangunan-alternatif", AGGREGATE_ROLES
    ),
    PageSpec("pages/page_model_sae.py", "Model SAE", "model-sae", ("analis", "admin")),
    PageSpec("pages/page_impor.py", "Impor Data", "impor-data", ("admin",)),
    PageSpec("pages/page_pengguna.py", "Pengguna", "pengguna", ("admin",)),
    PageSpec("pages/page_audit.py", "Log Audit", "log-audit", ("admin",)),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages offered to ``role``, its start page first.

    >>> [p.title for p in pages_for("verifikator")]
    ['Peta', 'Cakupan Program', 'Kualitas Data', 'Verval']
    >>> pages_for("tamu")
    []
    """
    return [page for page in PAGES if role in page.roles]


def page_entry(page_file: str) -> PageSpec:
    """The entry of the page whose script is ``page_file`` (a page passes its ``__file__``).

    >>> page_entry("/srv/dasbor/pages/page_tren.py").roles
    ('pimpinan', 'analis', 'admin')
    >>> page_entry("pages/page_lain.py")
    Traceback (most recent call last):
    ...
    LookupError: pages/page_lain.py is not in ui.navigation.PAGES
    """
    name = PurePath(page_file).name
    for page in PAGES:
        if PurePath(page.path).name == name:
            return page
    raise LookupError(f"{page_file} is not in ui.navigation.PAGES")
