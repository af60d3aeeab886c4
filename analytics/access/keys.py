"""Secret keys kept outside the database: the session-token key and (via
:mod:`analytics.access.pseudonym`) the NIK pseudonym key.

A key comes from an environment variable (hex) or from a key file (hex text, mode 0600,
created with 32 random bytes when missing, like an ssh key: a file readable by group or
others is refused). Keys live under ``var/`` (never in git) unless configured elsewhere.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from analytics.errors import ConfigError
from analytics.settings import settings

KEY_BYTES = 32
MIN_KEY_BYTES = 16
SESSION_KEY_ENV = "KEMISKINAN_SESSION_KEY"


def parse_key(text: str, source: str, label: str = "Kunci") -> bytes:
    """Hex text to bytes; an Indonesian error naming ``label`` and ``source`` when invalid or short."""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise ConfigError(f"{label} dari {source} bukan heksadesimal yang valid.") from exc
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"{label} dari {source} terlalu pendek (minimal {MIN_KEY_BYTES} byte).")
    return key


def load_key(env: str, hex_value: str | None, key_file: str | os.PathLike, label: str = "Kunci") -> bytes:
    """The key given as hex (from the variable ``env``) if set, else in ``key_file`` (created
    when missing)."""
    if hex_value:
        return parse_key(hex_value, f"variabel lingkungan {env}", label)
    key_file = Path(key_file)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_bytes(KEY_BYTES).hex() + "\n")
    mode = stat.S_IMODE(key_file.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"Izin berkas {label.lower()} {key_file} terlalu longgar ({oct(mode)}); jalankan: chmod 600 {key_file}"
        )
    return parse_key(key_file.read_text(encoding="ascii"), f"berkas {key_file}", label)


def session_key(key_file: str | os.PathLike | None = None) -> bytes:
    """The key that signs dashboard session tokens (``$KEMISKINAN_SESSION_KEY`` or var/session.key).

    Changing it signs every user out.
    """
    config = settings()
    key_file = key_file if key_file is not None else config.session_key_file
    return load_key(SESSION_KEY_ENV, config.session_key_hex, key_file, "Kunci sesi")
