"""Secret keys kept outside the database: the session-token key, the audit chain key and (via
:mod:`analytics.access.pseudonym`) the NIK pseudonym key.

A key comes from an environment variable (hex) or from a key file (hex text, mode 0600,
created with 32 random bytes when missing, like an ssh key: a file readable by group or
others is refused). Key files live in ``~/.config/kemiskinan/`` unless configured elsewhere,
away from the data folder: a copy of the data folder (a backup, a USB stick) must not carry
the keys that open it. :func:`key_warnings` names the keys that still sit beside a database.
An installation from before this rule kept its keys in ``var/``: such a key file is still
used (pseudonyms must stay comparable), with a warning to move it.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from analytics.errors import ConfigError
from analytics.paths import VAR_DIR
from analytics.settings import Settings, settings

KEY_BYTES = 32
MIN_KEY_BYTES = 16
SESSION_KEY_ENV = "KEMISKINAN_SESSION_KEY"
AUDIT_KEY_ENV = "KEMISKINAN_AUDIT_KEY"
NIK_KEY_ENV = "KEMISKINAN_NIK_KEY"
#: name -> (environment variable of the hex key, Settings field of the hex key, field of the file)
KEYS = {
    "nik": (NIK_KEY_ENV, "nik_key_hex", "nik_key_file"),
    "session": (SESSION_KEY_ENV, "session_key_hex", "session_key_file"),
    "audit": (AUDIT_KEY_ENV, "audit_key_hex", "audit_key_file"),
}


def parse_key(text: str, source: str, label: str = "Kunci") -> bytes:
    """Hex text to bytes; an Indonesian error naming ``label`` and ``source`` when invalid or short."""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise ConfigError(f"{label} dari {source} bukan heksadesimal yang valid.") from exc
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"{label} dari {source} terlalu pendek (minimal {MIN_KEY_BYTES} byte).")
    return key


def _create(key_file: Path, label: str) -> None:
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another process created it first: read theirs
    except OSError as exc:
        raise ConfigError(
            f"Berkas {label.lower()} {key_file} tidak dapat dibuat ({exc.strerror}); atur lokasinya dengan "
            "variabel lingkungan yang tercantum di README (bagian Settings)."
        ) from exc
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_bytes(KEY_BYTES).hex() + "\n")


def load_key(env: str, hex_value: str | None, key_file: str | os.PathLike, label: str = "Kunci") -> bytes:
    """The key given as hex (from the variable ``env``) if set, else in ``key_file`` (created
    when missing)."""
    if hex_value:
        return parse_key(hex_value, f"variabel lingkungan {env}", label)
    key_file = Path(key_file)
    if not key_file.exists():
        _create(key_file, label)
    mode = stat.S_IMODE(key_file.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"Izin berkas {label.lower()} {key_file} terlalu longgar ({oct(mode)}); jalankan: chmod 600 {key_file}"
        )
    return parse_key(key_file.read_text(encoding="ascii"), f"berkas {key_file}", label)


def key_file(name: str, config: Settings | None = None) -> Path:
    """The file the key ``name`` ('nik', 'session', 'audit') is read from when no hex is set: the
    configured file, else the default one, else (an older installation) ``var/<name>.key``."""
    config = config or settings()
    path = getattr(config, KEYS[name][2])
    default = getattr(Settings(), KEYS[name][2])
    legacy = VAR_DIR / f"{name}.key"
    if path == default and not path.exists() and legacy.exists():
        return legacy
    return path


def named_key(name: str, path: str | os.PathLike | None = None, label: str = "Kunci") -> bytes:
    """The key ``name`` from its variable, ``path``, or :func:`key_file`."""
    config = settings()
    env, hex_field, _ = KEYS[name]
    chosen = Path(path) if path is not None else key_file(name, config)
    return load_key(env, getattr(config, hex_field), chosen, label)


def session_key(key_file: str | os.PathLike | None = None) -> bytes:
    """The key that signs dashboard session tokens (``$KEMISKINAN_SESSION_KEY`` or its key file).

    Changing it signs every user out.
    """
    return named_key("session", key_file, "Kunci sesi")


def audit_key(key_file: str | os.PathLike | None = None) -> bytes:
    """The key of the audit log's hash chain (``$KEMISKINAN_AUDIT_KEY`` or its key file)."""
    return named_key("audit", key_file, "Kunci audit")


def key_warnings(db_path: str | os.PathLike | None) -> list[str]:
    """One sentence per key file that sits in the database's folder (or the project's ``var/``
    data folder): whoever copies that folder gets the key with the data."""
    config = settings()
    folders = {VAR_DIR.resolve()}
    if db_path is not None:
        folders.add(Path(db_path).resolve().parent)
    found = []
    for name, (env, hex_field, _) in KEYS.items():
        if getattr(config, hex_field):
            continue
        path = key_file(name, config).resolve()
        if any(path.parent == folder or folder in path.parents for folder in folders):
            found.append(
                f"Kunci {name} ({path}) berada di folder data; pindahkan ke luar folder itu (mis. "
                f"~/.config/kemiskinan/) atau atur {env}_FILE, lalu simpan cadangannya terpisah dari database."
            )
    return found
