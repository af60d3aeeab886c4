"""Which file of a year folder holds which register.

A file named after its source (``regsosek.csv``, ``dtks.xlsx``, ``susenas.csv``…) is that
source. Any other file — as a browser saves it (``dtks (1).csv``,
``DTKS_BONTANG_2024.xlsx``) — is recognised by its header row, with the same detection the
Impor Data page uses. Two files for one source stop the import; a file that is no register
is reported and left out.
"""

from __future__ import annotations

from pathlib import Path

from analytics.errors import ImportFailed
from analytics.ingest.detect import identify_source, source_label
from analytics.ingest.mapping import SourceMapping
from analytics.ingest.sniff import detect_format

# Sources that come as several files a year (one recipient list per programme).
MULTI_FILE_SOURCES = frozenset({"penerima_bansos"})
# Suffixes a register export may carry (the content decides what it is).
SUPPORTED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".csv", ".txt", ".tsv", ".parquet", ".htm", ".html", ".xml")


def sources_in_file(path: Path, mappings: dict[str, SourceMapping]) -> set[str]:
    """The sources whose header a file's tables carry (empty when none)."""
    from analytics.ingest.tables import read_tables

    try:
        tables = read_tables(path, mappings, header_only=True)
    except ImportFailed:
        return set()
    found = set()
    for part in tables.parts:
        try:
            found.add(identify_source(part.headers, mappings, path.name))
        except ImportFailed:
            continue
    return found


def _by_stem(path: Path, mappings: dict[str, SourceMapping]) -> str | None:
    stem = path.stem.lower()
    return next((s for s, m in mappings.items() if stem in m.file_stems), None)


def find_sources(folder: Path, mappings: dict[str, SourceMapping]) -> tuple[list[tuple[Path, str]], list[str]]:
    """(file, source) pairs of a year folder, and notes on files left out."""
    found: dict[str, list[Path]] = {}
    notes = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            notes.append(
                f"{folder.name}/{path.name}: bukan berkas tabel (akhiran {path.suffix or 'kosong'}); tidak diimpor."
            )
            continue
        source = _by_stem(path, mappings)
        sources = {source} if source else set()
        if not sources and detect_format(path) is not None:
            sources = sources_in_file(path, mappings)
        if not sources:
            notes.append(f"{folder.name}/{path.name}: bukan ekspor register yang dikenal; tidak diimpor.")
        for s in sources:
            found.setdefault(s, []).append(path)
    for source, paths in found.items():
        if len(paths) > 1 and source not in MULTI_FILE_SOURCES:
            raise ImportFailed(
                f"{folder}: lebih dari satu file untuk sumber yang sama: {', '.join(p.name for p in paths)} "
                f"({source_label(source)}). Sisakan satu."
            )
    pairs = [(path, source) for source, paths in found.items() for path in paths]
    return sorted(pairs, key=lambda p: (list(mappings).index(p[1]), p[0].name)), notes
