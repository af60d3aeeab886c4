"""Which register an uploaded file holds, from its header row (never from its file name).

A file belongs to the source whose required columns (``data/column_mapping.toml``) are all
present, matched as the importer matches them (case, spaces, ``_`` and ``-`` ignored). A
file that has no source's required columns is refused with the columns it lacks.
"""

import csv
from pathlib import Path

from analytics.errors import UploadRefused
from analytics.ingest.mapping import SourceMapping, header_key

SOURCE_LABELS = {
    "regsosek": "Regsosek",
    "dtks": "DTKS",
    "p3ke_keluarga": "P3KE keluarga",
    "p3ke_individu": "P3KE individu",
}


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


def read_headers(path: Path, fmt: str, name: str) -> list[str]:
    """The header row as the importer's readers see it (first sheet, first row; CSV first line)."""
    try:
        if fmt == "csv":
            headers = _csv_headers(path)
        elif fmt == "xlsx":
            from python_calamine import CalamineWorkbook

            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            rows = sheet.to_python(skip_empty_area=False, nrows=1)
            headers = [str(h) for h in rows[0]] if rows else []
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            headers = list(pq.read_schema(path).names)
        else:
            raise ValueError(fmt)
    except UploadRefused:
        raise
    except Exception as exc:  # any reader error: the file cannot be read as this format
        raise UploadRefused(f"Berkas {name} tidak dapat dibaca sebagai {fmt} ({type(exc).__name__}: {exc}).") from exc
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise UploadRefused(f"Berkas {name}: baris pertama (judul kolom) kosong.")
    return headers


def _csv_headers(path: Path) -> list[str]:
    # The same encodings and separator rule as analytics.ingest.readers._read_csv.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with open(path, encoding=encoding, newline="") as fh:
                first = fh.readline()
        except UnicodeDecodeError:
            continue
        sep = ";" if first.count(";") > first.count(",") else ","
        return next(csv.reader([first], delimiter=sep), [])
    raise UnicodeDecodeError("utf-8", b"", 0, 1, "bukan UTF-8 atau Windows-1252")


def _found(accepted: tuple[str, ...], keys: set[str]) -> bool:
    return any(header_key(a) in keys for a in accepted)


def _missing_text(mapping: SourceMapping, keys: set[str]) -> list[str]:
    return [
        f"{internal} ({' / '.join(accepted)})"
        for internal, accepted in mapping.required.items()
        if not _found(accepted, keys)
    ]


def identify_source(headers: list[str], mappings: dict[str, SourceMapping], name: str) -> str:
    """The source whose required columns the headers hold; else :class:`UploadRefused`.

    When the headers fit no source, the message names the closest source and the required
    columns it lacks when it has most of them, else every source's required columns.
    """
    keys = {header_key(h) for h in headers if str(h).strip()}
    scores = []
    for source, mapping in mappings.items():
        required = sum(_found(a, keys) for a in mapping.required.values())
        optional = sum(_found(a, keys) for a in mapping.optional.values())
        scores.append((required == len(mapping.required), required / max(len(mapping.required), 1), optional, source))
    complete = sorted((s for s in scores if s[0]), key=lambda s: (s[2], s[3]), reverse=True)
    if complete:
        if len(complete) > 1 and complete[0][2] == complete[1][2]:
            both = " dan ".join(source_label(s[3]) for s in complete[:2])
            raise UploadRefused(f"Berkas {name}: judul kolomnya cocok untuk {both}; pisahkan per sumber.")
        return complete[0][3]
    best = max(scores, key=lambda s: (s[1], s[2]))
    # One shared header (e.g. "Nama") is no evidence of a source: name a source only when
    # most of its required columns are there.
    if best[1] <= 0.5:
        wanted = "; ".join(
            f"{source_label(s)}: {', '.join(' / '.join(a) for a in m.required.values())}" for s, m in mappings.items()
        )
        raise UploadRefused(
            f"Berkas {name}: judul kolom tidak dikenali sebagai Regsosek, DTKS, P3KE keluarga atau P3KE individu. "
            f"Kolom wajib tiap sumber — {wanted}."
        )
    source = best[3]
    raise UploadRefused(
        f"Berkas {name} tampaknya {source_label(source)}, tetapi kolom wajib tidak ditemukan: "
        f"{', '.join(_missing_text(mappings[source], keys))}. Periksa judul kolom atau tambahkan judulnya "
        "ke data/column_mapping.toml."
    )
