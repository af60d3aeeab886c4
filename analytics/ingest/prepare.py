"""One file of one source: read every table of it, check its rows, count each row once.

Runs in a worker process. Every row read (before any merge) ends loaded, merged as an exact
duplicate, or quarantined with its reason; a line that does not fit its header is
quarantined by itself. The counts and the reading facts (format, encoding, delimiter, header
row, warnings) are kept per part: a sheet of a workbook, or the whole of a CSV file.
"""

from __future__ import annotations

import ctypes
import gc
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.errors import ImportFailed
from analytics.formats import number as count_text
from analytics.ingest import keys as key_checks
from analytics.ingest import plausibility as pl
from analytics.ingest.detect import identify_source, source_label
from analytics.ingest.mapping import header_key, match_columns
from analytics.ingest.numerals import number_column
from analytics.ingest.preparers import PREPARERS
from analytics.ingest.regions import kelurahan_codes
from analytics.ingest.rules import QUARANTINE_REASONS, FileContext, ImportOptions, RowChecks, exact_duplicates
from analytics.ingest.sniff import DELIMITER_LABELS, FORMAT_LABELS
from analytics.ingest.tables import Part, read_tables

PART_COLUMNS = [
    "year",
    "source",
    "file",
    "sheet",
    "format",
    "encoding",
    "delimiter",
    "header_row",
    "rows_read",
    "loaded",
    "duplicates_merged",
    "quarantined",
    "warnings",
    "status",
]
# A part read for its source, or a sheet of the file left out (named, with why, in warnings).
READ, SKIPPED = "dibaca", "dilewati"


# Rows checked at a time: a million-row file is held once as text, its checked rows a chunk at a time.
CHUNK_ROWS = 200_000


@dataclass
class Prepared:
    clean: pd.DataFrame | None  # the loadable rows (year, file, …), or None when written to clean_path
    quarantine: pd.DataFrame
    issues: pd.DataFrame
    duplicates: pd.DataFrame
    parts: list[dict]  # one row of PART_COLUMNS per part
    columns: list[tuple]  # (year, source, file, kind, column_name)
    notes: list[str] = field(default_factory=list)
    clean_path: str | None = None  # Parquet file of the loadable rows (worker to importer, without a copy)
    keys: list[dict] = field(default_factory=list)  # one row per key column (analytics.ingest.keys)


def _parts_of(tables, source: str, mappings, label: str) -> tuple[list[Part], list[Part], list[str]]:
    """The parts of a file that hold ``source``, the sheets left out, and notes on them.

    A single part is taken as it is (a missing required column is then named). Of several
    sheets, one whose header is another register's, or no register's, is left out with a
    note; one that looks like ``source`` but lacks a required column stops the file, naming
    the sheet, its rows and the columns it lacks — its rows are never dropped quietly."""
    if len(tables.parts) <= 1:
        return tables.parts, [], list(tables.notes)
    keep, skipped, notes = [], [], list(tables.notes)
    for part in tables.parts:
        try:
            found = identify_source(part.headers, mappings, label)
        except ImportFailed:
            found = None
        if found == source:
            keep.append(part)
            continue
        if found is None and _resembles(part.headers, mappings[source]):
            where = f"{label}, lembar '{part.sheet}' ({count_text(len(part.frame))} baris {source_label(source)})"
            match_columns(part.headers, mappings[source], where)  # raises, naming the missing columns
        what = source_label(found) if found else "bukan register"
        part.warnings.append(f"lembar '{part.sheet}': {what}, bukan {source_label(source)}; dilewati")
        notes.append(f"{label}, lembar '{part.sheet}': {what}, bukan {source_label(source)}; dilewati.")
        skipped.append(part)
    return keep, skipped, notes


def _resembles(headers: list[str], mapping) -> bool:
    """More than half of the source's required columns are among the headers."""
    keys = {header_key(h) for h in headers}
    found = sum(any(header_key(a) in keys for a in accepted) for accepted in mapping.required.values())
    return found * 2 > len(mapping.required)


def part_label(label: str, part: Part, many: bool) -> str:
    return f"{label} [lembar {part.sheet}]" if many and part.sheet else label


def prepare_file(
    path: Path,
    year: int,
    source: str,
    mappings,
    label: str,
    key: bytes,
    options: ImportOptions,
    stage_dir: str | None = None,
) -> Prepared:
    """Read, check and clean one file; with ``stage_dir``, its loadable rows go to a Parquet
    file there (``Prepared.clean_path``) instead of ``Prepared.clean``.

    The memory of the file's text is handed back to the system before the result goes to the
    importer: a worker that keeps it idle doubles the peak while the importer loads the rows."""
    try:
        return _prepare(path, year, source, mappings, label, key, options, stage_dir)
    finally:
        gc.collect()
        pa.default_memory_pool().release_unused()
        _malloc_trim()


def _malloc_trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        pass


def _prepare(
    path: Path, year: int, source: str, mappings, label: str, key: bytes, options: ImportOptions, stage_dir: str | None
) -> Prepared:
    tables = read_tables(path, mappings, label)
    parts, skipped, notes = _parts_of(tables, source, mappings, label)
    if not parts:
        raise ImportFailed(f"{label}: tidak ada lembar berjudul kolom {source_label(source)}. " + " ".join(notes))
    labels = [part_label(label, p, len(parts) > 1) for p in parts]
    matches = [match_columns(p.headers, mappings[source], lab) for p, lab in zip(parts, labels)]
    renames = _same_spelling(parts, matches)
    original, sizes = _combined(parts)
    headers = {v: k for k, v in renames.items()}
    dups = exact_duplicates(original)
    merged = pd.Series(original.index.isin(dups.index), index=original.index)
    raw = original[[c for c in original.columns if c in renames or c in ("_row", "_part")]].rename(columns=renames)
    pl.refuse_other_year_file(raw, year, label, headers.get("data_year", "tahun_data"))
    pl.refuse_other_region_file(raw, label, headers.get("region_code", "kode_kelurahan"))
    context = FileContext(size_totals=_size_totals(raw, merged) if source == "regsosek" else None, source=source)
    sink = _Sink(stage_dir, {i: lab for i, lab in enumerate(labels)}, year)
    checked = _check_rows(raw, original, merged, context, sink, (year, source, label, headers, options, key))
    quarantine = pd.concat([checked["quarantine"], _shape_rows(parts)], ignore_index=True)
    file_notes = checked["notes"]
    rows_read = len(original) + sum(len(p.bad_rows) for p in parts)
    # A destroyed key column is the cause to name first: its file's ids went through Excel too.
    key_rows = key_checks.judge(label, list(context.keys.values()), file_notes)
    pl.check_quarantine_share(label, rows_read, quarantine, options, file_notes)
    result = Prepared(
        sink.frame(), quarantine, checked["issues"], dups.reset_index(drop=True), [], [], notes + file_notes, sink.path
    )
    result.keys = [{"year": year, "source": source, "file": label, **k} for k in key_rows]
    for i, (part, lab, match) in enumerate(zip(parts, labels, matches)):
        counts = (
            sink.loaded.get(i, 0),
            int((result.duplicates["_part"] == i).sum()),
            int((quarantine["_part"] == i).sum()),
        )
        result.parts.append(_part_row(year, source, lab, part, sizes[i], counts, file_notes if i == 0 else []))
        result.columns += [(year, source, lab, "unknown", c) for c in match.unknown]
        result.columns += [(year, source, lab, "missing_optional", c) for c in match.missing_optional]
    result.parts += [_skipped_row(year, source, part_label(label, p, True), p) for p in skipped]
    for frame in (result.quarantine, result.issues, result.duplicates):
        frame.insert(0, "file", frame.pop("_part").map(dict(enumerate(labels))).astype(object))
    return result


def _check_rows(raw, original, merged, context: FileContext, sink, how: tuple) -> dict:
    """Check and clean the rows a chunk at a time; the clean rows go to ``sink``. Returns the
    quarantined rows, the issues and the notes on the whole file."""
    year, source, label, headers, options, key = how
    quarantines, issues, file_notes, expenditure = [], [], [], []
    for start in range(0, max(len(raw), 1), CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        checks = RowChecks(raw.iloc[rows], original.iloc[rows], label, headers, options, merged.iloc[rows], context)
        pl.reject_other_year_rows(checks, checks.raw, year)
        clean = compact(PREPARERS[source](checks.raw, checks, key))
        clean.insert(0, "_part", checks.raw.loc[clean.index, "_part"].to_numpy())
        quarantines.append(checks.quarantine_frame())
        issues.append(checks.issue_frame(clean.index))
        file_notes += [n for n in checks.notes if n not in file_notes]
        if "expenditure_pc" in clean and "expenditure_pc" in raw:
            expenditure.append(clean["expenditure_pc"])
        sink.write(clean)
    if expenditure:
        pl.check_expenditure_scale(
            pd.concat(expenditure), year, label, headers["expenditure_pc"], options.expenditure_factor
        )
    return {
        "quarantine": pd.concat(quarantines, ignore_index=True),
        "issues": pd.concat(issues, ignore_index=True),
        "notes": file_notes,
    }


def _same_spelling(parts: list[Part], matches) -> dict[str, str]:
    """Each sheet's headers renamed to the first sheet's spelling of the same column (sheets
    exported by different offices write ``NOMOR KK`` or ``no_kk``), so their rows line up;
    returns the renames of that spelling to internal names."""
    first: dict[str, str] = {}
    for match in matches:
        for header, internal in match.renames.items():
            first.setdefault(internal, header)
    for part, match in zip(parts, matches):
        renamed = {h: first[i] for h, i in match.renames.items() if h != first[i]}
        if renamed:
            part.frame = part.frame.rename(columns=renamed)
    return {header: internal for internal, header in first.items()}


def _size_totals(raw: pd.DataFrame, merged: pd.Series) -> dict | None:
    if "size" not in raw:
        return None
    size = number_column(raw["size"]).values
    region = kelurahan_codes(raw["region_code"])[0] if "region_code" in raw else None
    return pl.size_totals(size, region, merged)


class _Sink:
    """Where the checked rows of a file go, chunk by chunk: a Parquet file, or a list of frames."""

    def __init__(self, stage_dir: str | None, labels: dict[int, str], year: int):
        self.path = str(Path(stage_dir) / f"{uuid.uuid4().hex}.parquet") if stage_dir else None
        self.labels, self.year = labels, year
        self.chunks: list[pd.DataFrame] = []
        self.writer: pq.ParquetWriter | None = None
        self.loaded: dict[int, int] = {}

    def write(self, clean: pd.DataFrame) -> None:
        for part, n in clean["_part"].value_counts().items():
            self.loaded[int(part)] = self.loaded.get(int(part), 0) + int(n)
        clean.insert(0, "file", clean.pop("_part").map(self.labels).astype("str"))
        clean.insert(0, "year", self.year)
        if self.path is None:
            self.chunks.append(clean)
            return
        if self.writer is None:
            table = pa.Table.from_pandas(clean, preserve_index=False)
            self.writer = pq.ParquetWriter(self.path, table.schema)
        else:
            table = pa.Table.from_pandas(clean, schema=self.writer.schema, preserve_index=False)
        self.writer.write_table(table)

    def frame(self) -> pd.DataFrame | None:
        if self.writer is not None:
            self.writer.close()
        return pd.concat(self.chunks, ignore_index=True) if self.path is None else None


def _combined(parts: list[Part]) -> tuple[pd.DataFrame, list[int]]:
    """The parts' rows in one frame (``_part`` says whose), and each part's row count; the parts
    let go of their frames, so a million rows are held once."""
    sizes = [len(p.frame) for p in parts]
    if len(parts) == 1:
        original = parts[0].frame
        original["_part"] = 0
    else:
        original = pd.concat([p.frame.assign(_part=i) for i, p in enumerate(parts)], ignore_index=True)
    for part in parts:
        part.frame = None
    return original, sizes


def compact(clean: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Arrow text: a million Python strings per column would weigh ten times
    more in the worker, in the pickle to the parent and in the parent (issue 12: memory)."""
    for column in clean.columns:
        if clean[column].dtype == object and pd.api.types.infer_dtype(clean[column], skipna=True) in (
            "string",
            "empty",
        ):
            clean[column] = clean[column].astype("str")
    return clean


def _shape_rows(parts: list[Part]) -> pd.DataFrame:
    """Lines that do not fit their header, quarantined one by one with their text."""
    rows = []
    for i, part in enumerate(parts):
        width = len(part.header.names)
        for number, text in part.bad_rows:
            fields = text.count(part.delimiter or ",") + 1
            what = f"{fields} kolom, judul {width} kolom; pemisah {DELIMITER_LABELS.get(part.delimiter, '?')}"
            rows.append(
                {
                    "_part": i,
                    "row_number": number,
                    "reason_code": "row_shape",
                    "message": QUARANTINE_REASONS["row_shape"].format(value=what),
                    "original": json.dumps({"baris": text[:2000]}, ensure_ascii=False),
                }
            )
    return pd.DataFrame(rows, columns=["_part", "row_number", "reason_code", "message", "original"])


def _part_row(year, source, label, part: Part, size: int, counts: tuple[int, int, int], notes: list[str]) -> dict:
    rows = size + len(part.bad_rows)
    return {
        "year": year,
        "source": source,
        "file": label,
        "sheet": part.sheet,
        "format": FORMAT_LABELS[part.format],
        "encoding": _encoding_label(part.encoding),
        "delimiter": DELIMITER_LABELS.get(part.delimiter),
        "header_row": part.header.row_text if part.format != "parquet" else None,
        "rows_read": rows,
        "loaded": counts[0],
        "duplicates_merged": counts[1],
        "quarantined": counts[2],
        "warnings": " | ".join([*part.warnings, *notes]) or None,
        "status": READ,
    }


def _skipped_row(year, source, label, part: Part) -> dict:
    """A sheet of the file left out: named in the accounting, with why, and no rows counted."""
    return {
        "year": year,
        "source": source,
        "file": label,
        "sheet": part.sheet,
        "format": FORMAT_LABELS[part.format],
        "encoding": None,
        "delimiter": None,
        "header_row": part.header.row_text,
        "rows_read": 0,
        "loaded": 0,
        "duplicates_merged": 0,
        "quarantined": 0,
        "warnings": " | ".join(part.warnings) or None,
        "status": SKIPPED,
    }


def _encoding_label(encoding: str | None) -> str | None:
    if encoding is None:
        return None
    return {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8 dengan BOM",
        "utf-16": "UTF-16",
        "utf-16-le": "UTF-16",
        "cp1252": "Windows-1252",
    }.get(encoding, encoding)
