"""Alternative Development (Pembangunan Alternatif): the P4GN team's kelurahan statuses.

The Tim Terpadu P4GN keeps one small table: kelurahan, vulnerability status (Bahaya,
Waspada, Siaga, Aman), date and source. It is read here like a register export: columns
matched by header, every row either accepted or rejected with an Indonesian message. The
statuses are then crossed with poverty depth and severity and with the number of poor
families that can be empowered, to find kelurahan where an empowerment program serves both
drug prevention and poverty reduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from analytics.errors import StatusFileError
from analytics.paths import REFERENCE_DIR
from analytics.reference import UNIT, kelurahan_name_index, load_kelurahan, normalize_name, normalize_region_code
from analytics.settings import settings

__all__ = [
    "DEMO_STATUS_FILE",
    "STATUSES",
    "STATUS_FILE_ENV",
    "StatusFileError",
    "StatusImport",
    "configured_status_file",
    "cross_with_poverty",
    "dual_aim_kelurahan",
    "read_status_table",
]

STATUS_FILE_ENV = "KEMISKINAN_P4GN_FILE"
DEMO_STATUS_FILE = REFERENCE_DIR / "p4gn_demo.csv"
# Most vulnerable first: BNN's classification of drug-prone areas.
STATUSES = ("Bahaya", "Waspada", "Siaga", "Aman")
VULNERABLE = ("Bahaya", "Waspada", "Siaga")
REQUIRED = {
    "kelurahan": ("kelurahan", "desakelurahan", "kodekelurahan", "wilayah"),
    "status": ("status", "statuskerawanan", "kerawanan"),
    "tanggal": ("tanggal", "tgl", "tanggalpenetapan"),
    "sumber": ("sumber", "keterangan"),
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
EXAMPLE_MARK = "CONTOH"


@dataclass
class StatusImport:
    """Accepted rows (one per kelurahan) and the problems found, in Indonesian."""

    table: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    missing_kelurahan: list[str] = field(default_factory=list)

    @property
    def is_example(self) -> bool:
        """True when any accepted row says it is an example (source contains 'CONTOH')."""
        return bool(self.table["is_example"].any()) if not self.table.empty else False


def configured_status_file() -> Path:
    """The team's file named by ``KEMISKINAN_P4GN_FILE``, else the demo example file."""
    value = str(settings().p4gn_file or "")
    return Path(value).expanduser() if value else DEMO_STATUS_FILE


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _kelurahan_code(value: str) -> str | None:
    code = normalize_region_code(value)
    known = set(load_kelurahan()["kode"])
    if code in known:
        return code
    name = normalize_name(re.sub(r"^\s*(kel\.|kelurahan)\s*", "", str(value), flags=re.IGNORECASE))
    return kelurahan_name_index().get(name)


def read_status_table(path: str | Path) -> StatusImport:
    """Read and check the P4GN status table (CSV, comma or semicolon).

    Rows with an unknown kelurahan, an unknown status or an unreadable date are rejected
    and reported; when a kelurahan appears twice, the latest date wins.

    Raises
    ------
    StatusFileError
        The file is missing or unreadable, or a required column is absent.

    Examples
    --------
    >>> result = read_status_table(DEMO_STATUS_FILE)
    >>> len(result.table), result.is_example, result.problems
    (15, True, [])
    """
    path = Path(path)
    raw, columns = _read_raw(path)
    gazetteer = load_kelurahan().set_index("kode")["nama"]
    rows, problems = [], []
    for i, record in enumerate(raw.to_dict("records"), start=2):  # row 1 is the header
        row = _status_row(record, columns, i, problems)
        if row is not None:
            rows.append({**row, "nama": gazetteer[row["kode"]]})
    table = pd.DataFrame(rows, columns=["kode", "nama", "status", "status_rank", "date", "source", "is_example", "row"])
    duplicated = table[table.duplicated("kode", keep=False)]
    for kode, group in duplicated.groupby("kode"):
        problems.append(
            f"Kelurahan {gazetteer[kode]} muncul {len(group)} kali (baris "
            f"{', '.join(map(str, group['row']))}); dipakai status dengan tanggal terbaru."
        )
    table = (
        table.sort_values(["kode", "date", "row"])
        .drop_duplicates("kode", keep="last")
        .drop(columns="row")
        .reset_index(drop=True)
    )
    missing = [gazetteer[k] for k in gazetteer.index if k not in set(table["kode"])]
    return StatusImport(table=table, problems=problems, missing_kelurahan=missing)


def _read_raw(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The file as text cells and the column found for each required field."""
    if not path.exists():
        raise StatusFileError(f"Berkas status P4GN {path} tidak ditemukan.")
    try:
        raw = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    except Exception as exc:
        # Any parse failure needs the same advice to the team.
        raise StatusFileError(
            f"Berkas status P4GN {path} tidak dapat dibaca. Simpan sebagai CSV dengan kolom "
            "kelurahan, status, tanggal, sumber."
        ) from exc
    by_key = {_header_key(c): c for c in raw.columns}
    columns = {}
    for wanted, aliases in REQUIRED.items():
        found = next((by_key[a] for a in aliases if a in by_key), None)
        if found is None:
            raise StatusFileError(
                f"Kolom '{wanted}' tidak ada di berkas status P4GN {path.name} "
                f"(kolom yang ada: {', '.join(raw.columns)})."
            )
        columns[wanted] = found
    return raw, columns


def _status_row(record: dict, columns: dict[str, str], i: int, problems: list[str]) -> dict | None:
    """One row of the team's file, or None (with the reason added to ``problems``)."""
    kel_text = record[columns["kelurahan"]].strip()
    status_text = record[columns["status"]].strip()
    date_text = record[columns["tanggal"]].strip()
    kode = _kelurahan_code(kel_text)
    if kode is None:
        problems.append(f"Baris {i}: {UNIT} '{kel_text}' tidak dikenal; baris diabaikan.")
        return None
    status = {s.lower(): s for s in STATUSES}.get(status_text.lower())
    if status is None:
        problems.append(
            f"Baris {i}: status '{status_text}' tidak dikenal (harus Bahaya, Waspada, Siaga atau Aman); "
            "baris diabaikan."
        )
        return None
    when = _parse_date(date_text)
    if when is None:
        problems.append(
            f"Baris {i}: tanggal '{date_text}' tidak terbaca (format DD/MM/YYYY, DD-MM-YYYY atau "
            "YYYY-MM-DD); baris diabaikan."
        )
        return None
    source = record[columns["sumber"]].strip()
    return {
        "kode": kode,
        "status": status,
        "status_rank": STATUSES.index(status),
        "date": when,
        "source": source,
        "is_example": EXAMPLE_MARK in source.upper(),
        "row": i,
    }


def cross_with_poverty(status: pd.DataFrame, fgt: pd.DataFrame, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """Status of each kelurahan beside its P0, P1, P2, poor persons and empowerable families.

    Parameters
    ----------
    status : pandas.DataFrame
        ``read_status_table(...).table``.
    fgt : pandas.DataFrame
        ``fgt_by_area(con, year, 'kelurahan', line)``: kode, nama, poor, p0, p1, p2.
    segments : pandas.DataFrame, optional
        ``analytics.segments.segments(con, year, 'kelurahan', line)``; its 'empower' rows
        give ``empower_families`` (NaN when not given).

    Returns
    -------
    pandas.DataFrame
        kode, nama, status (None where the team gave none), status_rank, date, source,
        is_example, poor, p0, p1, p2, empower_families; most vulnerable status first, then
        by P2.

    Examples
    --------
    >>> s = pd.DataFrame({"kode": ["a"], "nama": ["A"], "status": ["Bahaya"], "status_rank": [0],
    ...                   "date": [None], "source": ["CONTOH"], "is_example": [True]})
    >>> f = pd.DataFrame({"kode": ["a", "b"], "nama": ["A", "B"], "poor": [10, 5],
    ...                   "p0": [0.1, 0.05], "p1": [0.01, 0.005], "p2": [0.002, 0.001]})
    >>> cross_with_poverty(s, f)[["kode", "status", "poor"]].values.tolist()
    [['a', 'Bahaya', 10], ['b', None, 5]]
    """
    table = fgt[["kode", "nama", "poor", "p0", "p1", "p2"]].merge(status.drop(columns=["nama"]), on="kode", how="left")
    table["status"] = table["status"].astype(object).where(table["status"].notna(), None)
    table["status_rank"] = table["status_rank"].fillna(len(STATUSES))
    if segments is not None and not segments.empty:
        empower = segments[segments["segment"] == "empower"].set_index("kode")["families"]
        table["empower_families"] = table["kode"].map(empower).fillna(0)
    else:
        table["empower_families"] = float("nan")
    table = table.sort_values(["status_rank", "p2", "kode"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)[
        [
            "kode",
            "nama",
            "status",
            "status_rank",
            "date",
            "source",
            "is_example",
            "poor",
            "p0",
            "p1",
            "p2",
            "empower_families",
        ]
    ]


def dual_aim_kelurahan(crossed: pd.DataFrame) -> pd.DataFrame:
    """Kelurahan where empowerment serves both aims: a vulnerable status and poor families to empower.

    Vulnerable means Bahaya, Waspada or Siaga. When the empowerable families are unknown
    (no segments), any poor person counts. Ordered by status, then P2.

    >>> c = pd.DataFrame({"kode": ["a", "b", "c"], "status": ["Aman", "Siaga", "Bahaya"],
    ...                   "status_rank": [3, 2, 0], "poor": [9, 3, 0], "p2": [0.1, 0.2, 0.0],
    ...                   "empower_families": [4, 2, 0]})
    >>> dual_aim_kelurahan(c)["kode"].tolist()
    ['b']
    """
    has_families = crossed["empower_families"].fillna(crossed["poor"]) > 0
    chosen = crossed[crossed["status"].isin(VULNERABLE) & has_families]
    return chosen.sort_values(["status_rank", "p2"], ascending=[True, False], kind="stable").reset_index(drop=True)
