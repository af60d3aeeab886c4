"""Reading one export file into its tables: one per sheet whose header is a register's.

A workbook (xlsx, legacy xls, ods, an HTML table or Excel 2003 XML saved as ``.xls``) gives
one part per sheet whose header matches; a hidden sheet is noticed and not read; the header
row is found below title rows and a two-row header is joined; a region cell merged down over
several rows is filled into each of them. A CSV gives one part, read with its own encoding
and delimiter; a line that does not fit its header (a field more or less) is set aside by
itself, never shifted into the next column. Cells keep their type in workbooks (a number
where a NIK should be is the evidence of Excel damage); CSV cells stay text.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.errors import ImportFailed
from analytics.ingest import grids
from analytics.ingest.detect import (
    Header,
    column_letter,
    duplicated_headers,
    find_header,
    known_keys,
)
from analytics.ingest.mapping import SourceMapping, header_key
from analytics.ingest.sniff import DELIMITER_LABELS, FORMAT_LABELS, detect_format, text_layout

# Internal names of the columns that name a region: a merged cell of these is filled down.
REGION_COLUMNS = ("region_code", "kelurahan_name", "kecamatan_name", "province", "city")
_CSV_BLOCK = 1 << 24


@dataclass
class Part:
    """One table of a file: a sheet of a workbook, or the whole of a CSV or parquet file."""

    sheet: str | None
    frame: pd.DataFrame  # raw values under the file's own headers, plus `_row` (spreadsheet row)
    header: Header
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, text) not fitting the header
    warnings: list[str] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c for c in self.frame.columns if c != "_row"]


@dataclass
class FileTables:
    format: str
    parts: list[Part]
    notes: list[str] = field(default_factory=list)  # sheets not read, and why


def read_tables(
    path: Path, mappings: dict[str, SourceMapping], name: str | None = None, header_only: bool = False
) -> FileTables:
    """Every table of ``path`` whose header holds known register columns; ``name`` is how
    messages call the file; ``header_only`` reads a CSV's header and no data (detection)."""
    name = name or path.name
    fmt = detect_format(path)
    if fmt is None:
        raise ImportFailed(
            f"{name}: bukan spreadsheet atau CSV (isi berkas tidak dikenali). Simpan ulang sebagai .xlsx atau .csv."
        )
    keys = known_keys(mappings)
    try:
        if fmt == "csv":
            return FileTables(fmt, [_read_csv(path, mappings, name, header_only)])
        if fmt == "parquet":
            return FileTables(fmt, [_read_parquet(path)])
        return _read_workbook(path, fmt, keys, _region_keys(mappings), name)
    except ImportFailed:
        raise
    except Exception as exc:  # any reader error: the file is unreadable as a whole
        raise ImportFailed(
            f"{name}: berkas {FORMAT_LABELS[fmt]} tidak dapat dibaca ({type(exc).__name__}: {str(exc)[:200]}). "
            "Buka berkas di Excel lalu simpan ulang sebagai .xlsx."
        ) from exc


def _region_keys(mappings: dict[str, SourceMapping]) -> set[str]:
    keys = set()
    for mapping in mappings.values():
        for internal in REGION_COLUMNS:
            for accepted in (mapping.required.get(internal, ()), mapping.optional.get(internal, ())):
                keys.update(header_key(a) for a in accepted)
    return keys


def _check_duplicates(names: list[str], where: str) -> None:
    pairs = duplicated_headers(names)
    if pairs:
        a, b, i, j = pairs[0]
        raise ImportFailed(
            f"{where}: judul kolom ganda: kolom {column_letter(i)} '{a}' dan kolom {column_letter(j)} '{b}' "
            "bernama sama. Hapus atau ganti nama salah satunya, lalu impor lagi."
        )


def _unique_names(names: list[str]) -> list[str]:
    return [n if n else f"(kolom {column_letter(i + 1)} tanpa judul)" for i, n in enumerate(names)]


def _read_workbook(path: Path, fmt: str, keys: set[str], region_keys: set[str], name: str) -> FileTables:
    tables = FileTables(fmt, [])
    for sheet in grids.read_grids(path, fmt):
        where = f"{name}, lembar '{sheet.name}'"
        header = find_header(sheet.rows, keys)
        if header is None:
            if any(any(v not in (None, "") for v in r) for r in sheet.rows):
                tables.notes.append(f"{where}: tidak ada baris judul kolom register; lembar dilewati.")
            continue
        if sheet.hidden:
            tables.notes.append(
                f"{where} tersembunyi dan tidak dibaca, padahal judul kolomnya judul register. Bila isinya bagian "
                "dari data, tampilkan lembar itu (Unhide) lalu impor lagi."
            )
            continue
        _check_duplicates(header.names, where)
        tables.parts.append(_part_from_grid(sheet, header, fmt, region_keys))
    return tables


def _part_from_grid(sheet: grids.Grid, header: Header, fmt: str, region_keys: set[str]) -> Part:
    names = _unique_names(header.names)
    width = len(names)
    warnings = []
    filled = _fill_merged_regions(sheet, header, region_keys)
    if filled:
        warnings.append(f"sel gabungan diisi ke bawah: {filled}")
    body, rows, beyond = [], [], 0
    for i in range(header.data_start, len(sheet.rows)):
        cells = [None if v == "" else v for v in sheet.rows[i]]
        if len(cells) > width:
            beyond += any(v is not None for v in cells[width:])
        cells = (cells + [None] * width)[:width]
        if all(v is None for v in cells):
            continue  # an empty row is no data
        body.append(cells)
        rows.append(i + 1)
    if beyond:
        warnings.append(f"{beyond} baris berisi sel di kolom tanpa judul (diabaikan)")
    frame = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names, dtype=object)
    frame["_row"] = np.asarray(rows, dtype=np.int64)
    return Part(sheet.name if sheet.named else None, frame, header, fmt, warnings=warnings)


def _fill_merged_regions(sheet: grids.Grid, header: Header, region_keys: set[str]) -> str:
    """Copy a region cell merged down over several rows into each of them; what was filled."""
    done = []
    for (r0, c0), (r1, c1) in sheet.merged:
        if c0 != c1 or r1 <= r0 or r0 < header.data_start or c0 >= len(header.names):
            continue
        if header_key(header.names[c0]) not in region_keys:
            continue
        value = sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else None
        for r in range(r0 + 1, min(r1 + 1, len(sheet.rows))):
            row = sheet.rows[r]
            row.extend([""] * (c0 + 1 - len(row)))
            row[c0] = value
        done.append(f"kolom {header.names[c0]} baris {r0 + 1}–{r1 + 1}")
    return "; ".join(done[:5]) + (f" (dan {len(done) - 5} lagi)" if len(done) > 5 else "")


def _read_parquet(path: Path) -> Part:
    frame = pd.read_parquet(path).astype(object)
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_duplicates(list(frame.columns), path.name)
    frame["_row"] = np.arange(len(frame), dtype=np.int64) + 2
    return Part(None, frame, Header(0, 1, list(frame.columns[:-1])), "parquet")


def _head_rows(path: Path, layout) -> list[list[str]]:
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
        more = bool(fh.read(1))
    text = codecs.getincrementaldecoder(layout.encoding)(errors="replace").decode(head, final=not more)
    lines = text.lstrip("\ufeff").splitlines()[: 40 + layout.sep_line]
    if more and len(lines) > 1:
        lines = lines[:-1]
    return list(csv.reader(lines[layout.sep_line :], delimiter=layout.delimiter))


def _read_csv(path: Path, mappings: dict[str, SourceMapping], name: str, header_only: bool) -> Part:
    layout = text_layout(path)
    if layout is None:
        raise ImportFailed(f"{name}: pengodean teks tidak dikenali (simpan sebagai CSV UTF-8).")
    rows = _head_rows(path, layout)
    header = find_header(rows, known_keys(mappings))
    if header is None:
        # No row of known headers: the first row with two cells or more is the header, so the
        # message names the required columns it lacks.
        first = next((i for i, r in enumerate(rows) if len([c for c in r if c.strip()]) >= 2), None)
        if first is None:
            raise ImportFailed(
                f"{name}: file tidak dapat dibaca sebagai tabel (tidak ada baris berisi dua kolom atau "
                f"lebih; pemisah {DELIMITER_LABELS[layout.delimiter]}, {layout.encoding_label})."
            )
        header = Header(first, 1, [c.strip() for c in rows[first]])
    _check_duplicates(header.names, name)
    if header_only:
        frame = pd.DataFrame(columns=_unique_names(header.names), dtype=object)
        frame["_row"] = np.asarray([], dtype=np.int64)
        return Part(None, frame, header, "csv", layout.encoding, layout.delimiter)
    names = _unique_names(header.names)
    skip = layout.sep_line + header.data_start
    header = Header(header.index + layout.sep_line, header.rows, header.names)  # rows as the file counts them
    bad: list[tuple[int, str]] = []

    def on_bad_row(row) -> str:
        bad.append((int(row.number) if row.number is not None else -1, row.text))
        return "skip"

    columns = [f"c{i}" for i in range(len(names))]
    encoding = "utf8" if layout.encoding in ("utf-8", "utf-8-sig") else layout.encoding
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            use_threads=False, skip_rows=skip, column_names=columns, encoding=encoding, block_size=_CSV_BLOCK
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=layout.delimiter, newlines_in_values=True, invalid_row_handler=on_bad_row
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=True, quoted_strings_can_be_null=True
        ),
    )
    frame = table.to_pandas()
    frame.columns = names
    bad_numbers = {n for n, _ in bad}
    numbers = [n for n in range(skip + 1, skip + 1 + len(frame) + len(bad)) if n not in bad_numbers]
    frame["_row"] = np.asarray(numbers[: len(frame)], dtype=np.int64)
    empty = frame[names].isna().all(axis=1)
    frame = frame[~empty].reset_index(drop=True)
    return Part(None, frame, header, "csv", layout.encoding, layout.delimiter, bad)
