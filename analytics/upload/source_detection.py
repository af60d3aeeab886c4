"""Which register an uploaded file holds, from its header row (never from its file name).

The same detection as the command line's (:mod:`analytics.ingest.detect`): the header row is
found below title rows, a file belongs to the source whose required columns
(``data/column_mapping.toml``) are all present, matched as the importer matches them (case,
spaces, ``_`` and ``-`` ignored). A file that has no source's required columns is refused with
the columns it lacks.
"""

from pathlib import Path

from analytics.errors import ImportFailed, UploadRefused
from analytics.ingest import detect
from analytics.ingest.mapping import SourceMapping, load_mapping
from analytics.ingest.tables import read_tables

SOURCE_LABELS = detect.SOURCE_LABELS
source_label = detect.source_label


def read_headers(path: Path, fmt: str, name: str, mappings: dict[str, SourceMapping] | None = None) -> list[str]:
    """The header row as the importer sees it (the first table of the file whose header holds
    register columns, below any title rows)."""
    del fmt  # decided again from the content, the same way
    try:
        tables = read_tables(Path(path), mappings or load_mapping(), name, header_only=True)
    except ImportFailed as exc:
        raise UploadRefused(exc.messages) from exc
    if not tables.parts:
        raise UploadRefused(" ".join(tables.notes) or f"Berkas {name}: tidak ada lembar berisi judul kolom register.")
    return tables.parts[0].headers


def identify_source(headers: list[str], mappings: dict[str, SourceMapping], name: str) -> str:
    """The source whose required columns the headers hold; else :class:`UploadRefused`."""
    try:
        return detect.identify_source(headers, mappings, name)
    except ImportFailed as exc:
        raise UploadRefused(exc.messages) from exc
