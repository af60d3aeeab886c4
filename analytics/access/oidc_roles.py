"""Roles of users who sign in through an OIDC provider (``st.login``), from a mapping file.

The provider proves who someone is; what they may see is the city's decision, kept in a
TOML file the data administrator edits (path in ``secrets.toml`` as
``[kemiskinan] peta_peran = "…"`` or in ``$KEMISKINAN_ROLE_MAP``)::

    [pengguna."kepala.bappeda@bontangkota.go.id"]
    peran = "pimpinan"

    [pengguna."verifikator.apiapi@bontangkota.go.id"]
    peran = "verifikator"
    kelurahan = "64.74.01.1006"

An e-mail address missing from the file has no role and is refused. Addresses are compared
in lower case.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from analytics.access.scope import ROLES, User
from analytics.errors import RoleMapError
from analytics.reference import UNIT

ROLE_MAP_ENV = "KEMISKINAN_ROLE_MAP"


def load_role_map(path: str | os.PathLike) -> dict[str, User]:
    """E-mail address (lower case) to :class:`User` (username = the address).

    Every entry is checked: a known role, and a known kelurahan for (only) a verifikator.
    """
    from analytics.reference import load_kelurahan

    path = Path(path)
    if not path.is_file():
        raise RoleMapError(f"Berkas peta peran {path} tidak ditemukan.")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RoleMapError(f"Berkas peta peran {path} bukan TOML yang valid: {exc}") from exc
    entries = document.get("pengguna", {})
    if not isinstance(entries, dict):
        raise RoleMapError(f"Berkas peta peran {path}: bagian [pengguna] tidak valid.")
    known_kelurahan = set(load_kelurahan()["kode"])
    mapping: dict[str, User] = {}
    for email, entry in entries.items():
        address = email.strip().lower()
        role = entry.get("peran") if isinstance(entry, dict) else None
        kelurahan = entry.get("kelurahan") if isinstance(entry, dict) else None
        if role not in ROLES:
            raise RoleMapError(f"Peta peran: {email} memiliki peran {role!r}; pilih salah satu: {', '.join(ROLES)}.")
        if (role == "verifikator") != (kelurahan is not None):
            raise RoleMapError(f"Peta peran: {email}: {UNIT} wajib untuk verifikator dan hanya untuk verifikator.")
        if kelurahan is not None and kelurahan not in known_kelurahan:
            raise RoleMapError(f"Peta peran: {email}: kode {UNIT} {kelurahan!r} tidak dikenal.")
        mapping[address] = User(address, role, kelurahan)
    return mapping


def user_for(email: str | None, mapping: dict[str, User]) -> User | None:
    """The mapped user of a signed-in e-mail address, or None.

    >>> m = {"a@kota.go.id": User("a@kota.go.id", "analis")}
    >>> user_for(" A@Kota.go.id ", m).role, user_for("b@kota.go.id", m)
    ('analis', None)
    """
    if not isinstance(email, str) or not email.strip():
        return None
    return mapping.get(email.strip().lower())
