"""One file of one source: read every table of it, check its rows, count each row once.

Runs in a worker process. Every row read (before any merge) ends loaded, merged as an exact
duplicate, or quarantined with its reason; a line that does not fit its header is
quarantined by itself. The counts and the reading facts (format, encoding, delimiter, header
row, warnings) are kept per part: a sheet of a workbook, or the whole of a CSV file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.errors import ImportFailed
from analytics.ingest import plausibility as pl
from analytics.ingest.detect import identify_source, source_label
from analytics.ingest.mapping import match_columns
from analytics.ingest.rules import QUARANTINE_REASONS, ImportOptions, RowChecks, exact_duplicates
from analytics.ingest.sniff import DELIMITER_LABELS, FORMAT_LABELS
from analytics.ingest.sources import PREPARERS
from analytics.ingest.tables import Part, read_tables

PART_COLUMNS = ["year", "source", "file", "sheet", "format", "encoding", "delimiter", "header_row", "rows_read",
                "loaded", "duplicates_merged", "quarantined", "warnings"]  # fmt: skip


@dataclass
class Prepared:
    clean: pd.DataFrame
    quarantine: pd.DataFrame
    issues: pd.DataFrame
    duplicates: pd.DataFrame
    parts: list[dict]  # one row of PART_COLUMNS per part
    columns: list[tuple]  # (year, source, file, kind, column_name)
    notes: list[str] = field(default_factory=list)


def _parts_of(tables, source: str, mappings, label: str) -> tuple[list[Part], list[str]]:
    """The parts of a file that hold ``source``; a single part is taken as it is (a missing
    required column is then named), other sheets are skipped with a note."""
    if len(tables.parts) <= 1:
        return tables.parts, list(tables.notes)
    keep, notes = [], list(tables.notes)
    for part in tables.parts:
        try:
            found = identify_source(part.headers, mappings, label)
        except ImportFailed:
            found = None
        if found == source:
            keep.append(part)
        else:
            what = source_label(found) if found else "bukan register"
            notes.append(f"{label}, lembar '{part.sheet}': {what}, bukan {source_label(source)}; dilewati.")
    return keep, notes


def part_label(label: str, part: Part, many: bool) -> str:
    return f"{label} [lembar {part.sheet}]" if many and part.sheet else label


def prepare_file(path: Path, year: int, source: str, mappings, label: str, key: bytes,
                 options: ImportOptions) -> Prepared:  # fmt: skip
    tables = read_tables(path, mappings, label)
    parts, notes = _parts_of(tables, source, mappings, label)
    if not parts:
        raise ImportFailed(f"{label}: tidak ada lembar berjudul kolom {source_label(source)}. " + " ".join(notes))
    many = len(parts) > 1
    labels = [part_label(label, p, many) for p in parts]
    matches = [match_columns(p.headers, mappings[source], lab) for p, lab in zip(parts, labels)]
    original = pd.concat([p.frame.assign(_part=i) for i, p in enumerate(parts)], ignore_index=True)
    renames = {}
    for m in matches:
        renames.update(m.renames)
    dups = exact_duplicates(original)
    original = original.drop(index=dups.index)
    raw = original[[c for c in original.columns if c in renames or c in ("_row", "_part")]].rename(columns=renames)
    checks = RowChecks(raw, original, label, {v: k for k, v in renames.items()}, options)
    pl.check_year_column(checks, raw, year)
    clean = PREPARERS[source](raw, checks, key)
    clean.insert(0, "_part", raw.loc[clean.index, "_part"].to_numpy())
    if source in ("regsosek", "susenas") and "expenditure_pc" in raw:
        pl.check_expenditure_scale(clean["expenditure_pc"], year, label, checks.headers["expenditure_pc"],
                                   options.expenditure_factor)  # fmt: skip
    quarantine = pd.concat([checks.quarantine_frame(), _shape_rows(parts)], ignore_index=True)
    rows_read = len(original) + len(dups) + sum(len(p.bad_rows) for p in parts)
    file_notes = list(checks.notes)
    pl.check_quarantine_share(label, rows_read, quarantine, options, file_notes)
    issues = checks.issue_frame(clean.index)
    result = Prepared(clean, quarantine, issues, dups.reset_index(drop=True), [], [], notes + file_notes)
    for i, (part, lab, match) in enumerate(zip(parts, labels, matches)):
        result.parts.append(_part_row(year, source, lab, part, i, result, file_notes if i == 0 else []))
        result.columns += [(year, source, lab, "unknown", c) for c in match.unknown]
        result.columns += [(year, source, lab, "missing_optional", c) for c in match.missing_optional]
    for frame in (result.clean, result.quarantine, result.issues, result.duplicates):
        frame.insert(0, "file", frame.pop("_part").map(dict(enumerate(labels))).astype(object))
    return result


def _shape_rows(parts: list[Part]) -> pd.DataFrame:
    """Lines that do not fit their header, quarantined one by one with their text."""
    rows = []
    for i, part in enumerate(parts):
        width = len(part.headers)
        for number, text in part.bad_rows:
            fields = text.count(part.delimiter or ",") + 1
            what = f"{fields} kolom, judul {width} kolom; pemisah {DELIMITER_LABELS.get(part.delimiter, '?')}"
            rows.append({"_part": i, "row_number": number, "reason_code": "row_shape",
                         "message": QUARANTINE_REASONS["row_shape"].format(value=what),
                         "original": json.dumps({"baris": text[:2000]}, ensure_ascii=False)})  # fmt: skip
    return pd.DataFrame(rows, columns=["_part", "row_number", "reason_code", "message", "original"])


def _part_row(year, source, label, part: Part, i: int, result: Prepared, notes: list[str]) -> dict:
    rows = len(part.frame) + len(part.bad_rows)
    return {
        "year": year, "source": source, "file": label, "sheet": part.sheet, "format": FORMAT_LABELS[part.format],
        "encoding": _encoding_label(part.encoding), "delimiter": DELIMITER_LABELS.get(part.delimiter),
        "header_row": part.header.row_text if part.format != "parquet" else None, "rows_read": rows,
        "loaded": int((result.clean["_part"] == i).sum()),
        "duplicates_merged": int((result.duplicates["_part"] == i).sum()),
        "quarantined": int((result.quarantine["_part"] == i).sum()),
        "warnings": " | ".join([*part.warnings, *notes]) or None,
    }  # fmt: skip


def _encoding_label(encoding: str | None) -> str | None:
    if encoding is None:
        return None
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 dengan BOM", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
            "cp1252": "Windows-1252"}.get(encoding, encoding)  # fmt: skip
