"""Which pages each role is offered (issue 6). The pages check the role again themselves,
and household rows are refused by the query functions, so this menu is not the protection."""

from __future__ import annotations

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
