"""Rebuild wilayah.csv.gz (and penduduk.csv) beside this file from cahyadsn/wilayah's dumps.

    python data/reference/wilayah/convert.py PATH/db/wilayah.sql [PATH/db/wilayah_penduduk.sql]

``wilayah_penduduk.sql`` gives the population of Indonesia, each provinsi and each
kabupaten/kota (``kode, nama, pria, wanita, total``); ``penduduk.csv`` keeps the kabupaten/kota
and provinsi rows as they are.

The dump is a MySQL script of ``INSERT ... VALUES ('kode','nama'), ...`` rows; names escape
an apostrophe by doubling it (``Ba''u``). The output keeps the two columns as they are, sorted
by code, so that a new edition shows as a readable diff of names and codes.
"""

import csv
import gzip
import re
import sys
from io import StringIO
from pathlib import Path

ROW = re.compile(r"\('([0-9.]+)','((?:[^']|'')*)'\)")
PENDUDUK = re.compile(r"\('([0-9.]+)','((?:[^']|'')*)','(\d+)','(\d+)','(\d+)'\)")
OUT = Path(__file__).with_name("wilayah.csv.gz")


def rows(sql_text: str) -> list[tuple[str, str]]:
    found = [(kode, nama.replace("''", "'")) for kode, nama in ROW.findall(sql_text)]
    return sorted(found, key=lambda row: [int(part) for part in row[0].split(".")])


def main(path: str) -> None:
    table = rows(Path(path).read_text(encoding="utf-8"))
    # mtime=0: the same dump gives the same bytes, so git sees no change on a rebuild.
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(csv_text(table).encode("utf-8"))
    print(f"{len(table)} baris ditulis ke {OUT}")


def csv_text(table: list[tuple[str, str]]) -> str:
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kode", "nama"])
    writer.writerows(table)
    return buffer.getvalue()


def penduduk(path: str) -> None:
    found = PENDUDUK.findall(Path(path).read_text(encoding="utf-8"))
    rows = sorted(((k, n.replace("''", "'"), a, b, t) for k, n, a, b, t in found if k != "0"), key=_order)
    out = OUT.with_name("penduduk.csv")
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["kode", "nama", "pria", "wanita", "total"])
        writer.writerows(rows)
    print(f"{len(rows)} baris ditulis ke {out}")


def _order(row: tuple) -> list[int]:
    return [int(part) for part in row[0].split(".")]


if __name__ == "__main__":
    main(sys.argv[1])
    if len(sys.argv) > 2:
        penduduk(sys.argv[2])
