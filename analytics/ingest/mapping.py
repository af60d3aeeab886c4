"""The editable column mapping (data/column_mapping.toml): export headers -> internal names."""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from analytics.errors import ImportFailed
from analytics.settings import settings


def header_key(header: str) -> str:
    """Headers match without regard to case, spaces, underscores, hyphens and dots.

    >>> header_key("  Kode_Kemdagri ") == header_key("KODE KEMDAGRI"), header_key("NO. KK") == header_key("no_kk")
    (True, True)
    """
    return re.sub(r"[\s_\-.]+", "", str(header)).lower()


@dataclass(frozen=True)
class SourceMapping:
    source: str
    file_stems: tuple[str, ...]
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]]


@dataclass
class ColumnMatch:
    """How one file's headers matched the mapping."""

    renames: dict[str, str] = field(default_factory=dict)  # export header -> internal name
    unknown: list[str] = field(default_factory=list)  # export headers the mapping does not know
    missing_optional: list[str] = field(default_factory=list)  # internal names not found


def load_mapping(path: Path | None = None) -> dict[str, SourceMapping]:
    path = Path(path or settings().column_mapping_file)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImportFailed(f"File pemetaan kolom {path} tidak dapat dibaca: {exc}") from exc
    mappings = {}
    for source, spec in raw.items():
        mappings[source] = SourceMapping(
            source=source,
            file_stems=tuple(spec.get("files", [source])),
            required={k: tuple(v) for k, v in spec.get("required", {}).items()},
            optional={k: tuple(v) for k, v in spec.get("optional", {}).items()},
        )
    return mappings


def match_columns(headers: list[str], mapping: SourceMapping, file_label: str) -> ColumnMatch:
    """Map a file's headers; a required column that is absent stops the import."""
    by_key: dict[str, str] = {}
    for h in headers:
        by_key.setdefault(header_key(h), h)
    result = ColumnMatch()
    missing_required = []
    for internal, accepted in [*mapping.required.items(), *mapping.optional.items()]:
        found = next((by_key[header_key(a)] for a in accepted if header_key(a) in by_key), None)
        if found is not None:
            result.renames[found] = internal
        elif internal in mapping.required:
            missing_required.append(f"{internal} ({' / '.join(accepted)})")
        else:
            result.missing_optional.append(internal)
    if missing_required:
        raise ImportFailed(
            f"{file_label}: kolom wajib tidak ditemukan: {', '.join(missing_required)}. "
            f"Periksa judul kolom atau tambahkan judulnya ke data/column_mapping.toml."
        )
    result.unknown = [h for h in headers if h not in result.renames and str(h).strip()]
    return result
