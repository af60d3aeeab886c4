"""Which row of a sheet is its header, and which register the header belongs to.

One detection for the command line and the Impor Data page: a file is recognised by its
header row (never by its name), the header row is found below any title rows, and a header
written over two rows (a group title above its columns) is joined.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.errors import ImportFailed
from analytics.ingest.mapping import SourceMapping, header_key

SOURCE_LABELS = {
    "regsosek": "Regsosek",
    "dtks": "DTKS",
    "p3ke_keluarga": "P3KE keluarga",
    "p3ke_individu": "P3KE individu",
    "susenas": "Survei (Susenas)",
    "dtsen_keluarga": "DTSEN keluarga",
    "dtsen_anggota": "DTSEN anggota keluarga",
    "siksng_desil": "SIKS-NG desil",
    "penerima_bansos": "daftar penerima bansos (SIKS-NG)",
}
# Title rows above a header: a real export has at most a handful.
HEADER_SEARCH_ROWS = 30


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


@dataclass(frozen=True)
class Header:
    """The header of a sheet: its 0-based row index, how many rows it spans, its names."""

    index: int
    rows: int
    names: list[str]

    @property
    def data_start(self) -> int:
        return self.index + self.rows

    @property
    def row_text(self) -> str:
        """The header's spreadsheet row number(s), as a person reads them (first row = 1)."""
        first = self.index + 1
        return str(first) if self.rows == 1 else f"{first}–{first + self.rows - 1}"


def known_keys(mappings: dict[str, SourceMapping]) -> set[str]:
    keys = set()
    for mapping in mappings.values():
        for accepted in [*mapping.required.values(), *mapping.optional.values()]:
            keys.update(header_key(a) for a in accepted)
    return keys


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


def _joined(top: list, bottom: list) -> list[str]:
    """A two-row header: the group title (filled right over its merged columns) before each name."""
    width = max(len(top), len(bottom))
    top = [_cell_text(v) for v in top] + [""] * (width - len(top))
    bottom = [_cell_text(v) for v in bottom] + [""] * (width - len(bottom))
    names, group = [], ""
    for t, b in zip(top, bottom):
        if not b:  # a header merged down over both rows (or an empty column)
            names.append(t)
            group = ""
            continue
        group = t or group
        names.append(f"{group} {b}" if group else b)
    return names


def find_header(rows: list[list], keys: set[str]) -> Header | None:
    """The row (or pair of rows) among the first ones whose cells are most often known headers;
    None when no row has two known headers."""
    best, best_score = None, 1
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        single = [_cell_text(v) for v in row]
        score = sum(header_key(c) in keys for c in single if c)
        if score > best_score:
            best, best_score = Header(i, 1, single), score
        if i + 1 < len(rows):
            joined = _joined(row, rows[i + 1])
            below = sum(header_key(_cell_text(c)) in keys for c in rows[i + 1] if _cell_text(c))
            score2 = sum(header_key(c) in keys for c in joined if c)
            if score2 > best_score and score2 > below:
                best, best_score = Header(i, 2, joined), score2
    return best


def duplicated_headers(names: list[str]) -> list[tuple[str, str, int, int]]:
    """Pairs of columns whose headers match alike (case, spaces, ``_``, ``-`` ignored):
    (first header, second header, first column number, second column number), 1-based."""
    seen: dict[str, tuple[str, int]] = {}
    pairs = []
    for i, name in enumerate(names):
        key = header_key(name)
        if not key:
            continue
        if key in seen:
            pairs.append((seen[key][0], name, seen[key][1] + 1, i + 1))
        else:
            seen[key] = (name, i)
    return pairs


def column_letter(number: int) -> str:
    """Spreadsheet column letters of a 1-based column number (1 = A, 28 = AB)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _found(accepted: tuple[str, ...], keys: set[str]) -> bool:
    return any(header_key(a) in keys for a in accepted)


def _missing_text(mapping: SourceMapping, keys: set[str]) -> list[str]:
    return [
        f"{internal} ({' / '.join(accepted)})"
        for internal, accepted in mapping.required.items()
        if not _found(accepted, keys)
    ]


def identify_source(headers: list[str], mappings: dict[str, SourceMapping], name: str) -> str:
    """The source whose required columns the headers hold; else :class:`ImportFailed`.

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
            raise ImportFailed(f"Berkas {name}: judul kolomnya cocok untuk {both}; pisahkan per sumber.")
        return complete[0][3]
    best = max(scores, key=lambda s: (s[1], s[2]))
    # One shared header (e.g. "Nama") is no evidence of a source: name a source only when
    # most of its required columns are there.
    if best[1] <= 0.5:
        wanted = "; ".join(
            f"{source_label(s)}: {', '.join(' / '.join(a) for a in m.required.values())}" for s, m in mappings.items()
        )
        raise ImportFailed(
            f"Berkas {name}: judul kolom tidak dikenali sebagai Regsosek, DTKS, P3KE, DTSEN atau daftar SIKS-NG. "
            f"Kolom wajib tiap sumber — {wanted}."
        )
    source = best[3]
    raise ImportFailed(
        f"Berkas {name} tampaknya {source_label(source)}, tetapi kolom wajib tidak ditemukan: "
        f"{', '.join(_missing_text(mappings[source], keys))}. Periksa judul kolom atau tambahkan judulnya "
        "ke data/column_mapping.toml."
    )
