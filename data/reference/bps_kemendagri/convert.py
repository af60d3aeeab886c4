"""Rebuild bps_kemendagri.csv.gz beside this file from kodewilayah/explorer's BPS scrape.

    python data/reference/bps_kemendagri/convert.py PATH/data/bps

``PATH/data/bps`` holds three files the scrape wrote (one line per unit, appended as the
answers of BPS's bridging service arrived): ``bps-to-dagri.tsv`` (BPS code, Kemendagri code),
``bps-20181.tsv`` (BPS code, BPS name) and ``dagri.tsv`` (Kemendagri code, Kemendagri name).
The three were appended concurrently, so their lines are not in the same order: names are
joined on the codes, never on line numbers.

Kept: one row per BPS code that names exactly one Kemendagri code. Left out: BPS codes without
a Kemendagri counterpart and the few that name two (a desa split or merged between the
editions), which cannot place a family.
"""

import csv
import gzip
import sys
from pathlib import Path

OUT = Path(__file__).with_name("bps_kemendagri.csv.gz")
LEVELS = {2: "provinsi", 4: "kabupaten_kota", 7: "kecamatan", 10: "kelurahan"}


def pairs(path: Path) -> dict[str, str]:
    """First column -> second column of a two-column TSV (duplicate lines collapse)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        out.setdefault(key, value)
    return out


def mapping(path: Path) -> dict[str, str]:
    """BPS code -> its one Kemendagri code (codes naming none or two are left out)."""
    seen: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        bps, _, kemendagri = line.partition("\t")
        if kemendagri:
            seen.setdefault(bps, set()).add(kemendagri)
    return {bps: codes.pop() for bps, codes in seen.items() if len(codes) == 1}


def main(folder: Path) -> None:
    codes = mapping(folder / "bps-to-dagri.tsv")
    bps_names = pairs(folder / "bps-20181.tsv")
    kemendagri_names = pairs(folder / "dagri.tsv")
    rows = [
        (LEVELS[len(bps)], bps, bps_names.get(bps, ""), kode, kemendagri_names.get(kode, ""))
        for bps, kode in codes.items()
        if len(bps) in LEVELS
    ]
    rows.sort(key=lambda row: (len(row[1]), row[1]))
    with gzip.open(OUT, "wt", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["level", "kode_bps", "nama_bps", "kode_kemendagri", "nama_kemendagri"])
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
