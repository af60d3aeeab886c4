"""The files of the uploaded year: the uploads received and identified by their content, the
archive's files of the year that are kept, and the staging raw folder laid out from both.

Used by :func:`analytics.upload.staging.stage_upload`; nothing here touches the live database
or the archive (archive files are only linked).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import UploadRefused
from analytics.ingest import ImportFailed, find_source_file
from analytics.upload.sniffing import SUFFIX, sniff_format
from analytics.upload.source_detection import identify_source, read_headers, source_label
from analytics.upload.workspace import StagedFile, work_dir


@dataclass(frozen=True)
class IncomingFile:
    """An uploaded file: the name the admin gave it (for messages only) and its bytes."""

    name: str
    data: bytes | memoryview


def year_folders(archive: Path) -> list[Path]:
    """The archive's year folders (four-digit names), in order."""
    return sorted(d for d in archive.iterdir() if d.is_dir() and d.name.isdigit() and len(d.name) == 4)


def receive_uploads(files: list[IncomingFile], inbox: Path, mappings) -> list[tuple[Path, StagedFile]]:
    """Write each upload under a neutral name, then identify it by content; collect every problem."""
    inbox.mkdir(parents=True)
    received, problems = [], []
    for i, incoming in enumerate(files):
        # Never a path from the browser: the uploaded name is only shown, never used on disk.
        path = inbox / f"berkas-{i}"
        with open(path, "wb") as out:
            out.write(incoming.data)
        try:
            fmt = sniff_format(path, incoming.name)
            source = identify_source(read_headers(path, fmt, incoming.name, mappings), mappings, incoming.name)
        except UploadRefused as exc:
            problems.extend(exc.messages)
            continue
        stored = mappings[source].file_stems[0] + SUFFIX[fmt]
        received.append((path, StagedFile(incoming.name, source, fmt, stored, path.stat().st_size)))
    by_source: dict[str, list[str]] = {}
    for _, staged in received:
        by_source.setdefault(staged.source, []).append(staged.name)
    problems += [
        f"Lebih dari satu berkas {source_label(s)} dalam satu unggahan: {', '.join(names)}."
        for s, names in by_source.items()
        if len(names) > 1
    ]
    if problems:
        raise UploadRefused(problems)
    return received


def kept_files(year_dir: Path, mappings, uploaded: set[str]) -> list[Path]:
    """The archive's files of the year for the sources not uploaded (they stay as they are)."""
    if not year_dir.is_dir():
        return []
    kept = []
    for source, mapping in mappings.items():
        if source in uploaded:
            continue
        try:
            found = find_source_file(year_dir, mapping.file_stems)
        except ImportFailed as exc:
            raise UploadRefused(str(exc)) from exc
        if found is not None:
            kept.append(found)
    return kept


def staging_folder(live: Path, archive: Path, year: int, received, kept) -> Path:
    """A raw folder for the candidate: the archive's other years linked, this year's files
    moved in beside the archive files of this year that are kept."""
    raw = work_dir(live) / "raw"
    raw.mkdir()
    for folder in year_folders(archive):
        if folder.name != str(year):
            (raw / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
    target = raw / str(year)
    target.mkdir()
    for path, s in received:
        os.replace(path, target / s.stored_as)
    for path in kept:
        (target / path.name).symlink_to(path.resolve())
    return raw


def missing_sources(mappings, staged, kept, year: int) -> list[str]:
    """A warning for each source of the year that is neither uploaded nor kept from the archive."""
    present = {s.source for s in staged} | {
        src for src, m in mappings.items() for p in kept if p.stem.lower() in m.file_stems
    }
    return [
        f"Tidak ada berkas {source_label(s)} untuk tahun {year} (tidak diunggah dan tidak ada di arsip)."
        for s in mappings
        if s not in present
    ]
