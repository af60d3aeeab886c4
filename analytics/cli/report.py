"""``python -m analytics report``: the briefing pack of one year as PDF, PPTX or XLSX.

Stable interface::

    python -m analytics report --db FILE --year Y --format pdf|pptx|xlsx|docx --out PATH
        [--line official|extreme|AMOUNT] [--sdc] [--kecamatan KODE] [--kelurahan KODE]

``--format docx`` writes the yearly review (Evaluasi Tahunan, :mod:`analytics.evaluation`) as
an editable Word file instead of the briefing pack: always the city's, so without an area.

``--kecamatan`` / ``--kelurahan`` build the pack of that area (as the Ringkasan page offers it
when the area is chosen in the sidebar); without them the pack is the city's.

``--sdc`` builds the pack for a role without household access (pimpinan): counts of 1 to 9
persons or families are shown as ``<10`` and the figures that would give them back as ``x``.

The database is opened read-only. The file is written beside ``--out`` first and moved
into place when complete, so a failed build leaves no half-written file. Every user
mistake ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from analytics.cli.common import open_database, parse_line, parse_year
from analytics.errors import InputError
from analytics.reference import EXAMPLE_KECAMATAN, EXAMPLE_KELURAHAN, REGION_KIND, REGION_NAME, UNIT


def register(subparsers) -> None:
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser(
        "report",
        help="bahan paparan satu tahun: PDF, PowerPoint atau Excel",
        description=(
            f"Buat bahan paparan kemiskinan {REGION_NAME} untuk satu tahun (angka utama, peta, tren, "
            f"peringkat {UNIT}, cakupan program, segmen, narasi, catatan metode)."
        ),
    )
    parser.add_argument("--db", metavar="FILE", help="berkas basis data DuckDB terpadu (wajib)")
    parser.add_argument("--year", metavar="Y", help="tahun data (wajib)")
    parser.add_argument(
        "--format",
        dest="report_format",
        metavar="pdf|pptx|xlsx|docx",
        help="format berkas (wajib); docx: laporan Evaluasi Tahunan TKPK yang dapat disunting",
    )
    parser.add_argument("--out", metavar="PATH", help="berkas keluaran (wajib)")
    parser.add_argument(
        "--line",
        metavar="GARIS",
        default="official",
        help="garis kemiskinan: official (bawaan), extreme atau jumlah Rp/kapita/bulan",
    )
    parser.add_argument(
        "--sdc",
        action="store_true",
        help="pengendalian pengungkapan statistik: jumlah 1-9 keluarga/penduduk ditampilkan sebagai <10 "
        "(untuk pimpinan)",
    )
    parser.add_argument("--kecamatan", metavar="KODE", help=f"paket satu kecamatan, mis. {EXAMPLE_KECAMATAN}")
    parser.add_argument(
        "--kelurahan",
        metavar="KODE",
        help=f"paket satu {UNIT}, mis. {EXAMPLE_KELURAHAN} (tanpa pilihan: paket {REGION_KIND})",
    )
    parser.set_defaults(func=run)


def _check_options(args) -> None:
    """The options every pack needs, and the review's whole-region rule."""
    from analytics.report import REPORT_FORMATS

    for option, value in (
        ("--db FILE", args.db),
        ("--year", args.year),
        ("--format", args.report_format),
        ("--out PATH", args.out),
    ):
        if value is None:
            raise InputError(f"{option} wajib diisi")
    if args.report_format not in (*REPORT_FORMATS, "docx"):
        raise InputError(f"--format harus pdf, pptx, xlsx atau docx, bukan {args.report_format!r}")
    if args.report_format == "docx" and (args.kecamatan or args.kelurahan):
        raise InputError(
            f"--format docx (Evaluasi Tahunan) selalu untuk seluruh {REGION_KIND}: hapus --kecamatan/--kelurahan"
        )


def run(args) -> int:
    """Run the subcommand; user mistakes raise :class:`InputError`."""
    from analytics.report import build_report
    from analytics.report.area import pack_area

    _check_options(args)
    year = parse_year(args.year)
    line = parse_line(args.line, allow_kind=True)
    area = pack_area(args.kecamatan, args.kelurahan)  # a wrong code fails before the database opens
    out = Path(args.out)
    if out.is_dir():
        raise InputError(f"--out menunjuk ke folder, bukan berkas: {out}")
    if not out.parent.is_dir():
        raise InputError(f"folder untuk --out tidak ada: {out.parent}")
    started = time.perf_counter()
    con = open_database(args.db)
    try:
        if args.report_format == "docx":
            content = _review(con, year, line, args.sdc)
        else:
            content = build_report(
                con,
                year,
                args.report_format,
                line,
                suppress=args.sdc,
                kecamatan=args.kecamatan,
                kelurahan=args.kelurahan,
            )
    finally:
        con.close()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        # mkstemp creates the file private (0600); a report is an ordinary document.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, out)
    except OSError as exc:
        raise InputError(f"berkas keluaran tidak dapat ditulis: {out} ({exc.strerror or exc})") from None
    elapsed = time.perf_counter() - started
    seconds = f"{elapsed:.1f}".replace(".", ",")
    print(
        f"laporan {args.report_format} {area.title_name} tahun {year} ditulis ke {out} ({seconds} detik)",
        file=sys.stderr,
    )
    return 0


def _review(con, year: int, line, protected: bool) -> bytes:
    """The yearly review as a Word file, read as the page reads it by an analyst, or by a
    pimpinan with ``--sdc`` (the same protected cells)."""
    from analytics.evaluation import build_evaluation
    from analytics.report.data import PACK_ANALIS, PACK_PIMPINAN
    from analytics.report.evaluation_docx import evaluation_docx
    from analytics.views.source import Source

    user = PACK_PIMPINAN if protected else PACK_ANALIS
    return evaluation_docx(build_evaluation(Source.of(con), year, line, user))
