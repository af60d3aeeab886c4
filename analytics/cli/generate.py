"""`python -m analytics generate --out DIR --seed N [--observed] [--region KODE] [--scale F]`:
the synthetic demo registers and survey sample, of Kota Bontang or of any kabupaten/kota
(analytics/generate/profile.py states how another region's population is drawn)."""

import os
import subprocess
import sys
from pathlib import Path

from analytics.errors import ConfigError, InputError
from analytics.reference import REGION_CODE, UNIT
from analytics.settings import region_setting


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "generate",
        help="Buat register demo sintetis (P3KE, DTKS, Regsosek) dan sampel Susenas 2021-2025.",
        description="Menulis <out>/<tahun>/{p3ke_keluarga.xlsx, p3ke_individu.xlsx, dtks.csv, regsosek.csv, "
        "susenas.csv} dan folder <out>/truth/ (kebenaran untuk pengujian, jangan diimpor). Regsosek tanpa "
        "pengeluaran: desil dan peringkatnya dari proxy-means test; pengeluaran hanya ada di sampel Susenas "
        "(57 blok sensus x 10 rumah tangga, bobot fwt), kecuali dengan --observed.",
    )
    p.add_argument("--out", required=True, type=Path, help="folder tujuan")
    p.add_argument("--seed", type=int, default=1, help="benih acak (hasil sama untuk benih sama)")
    p.add_argument(
        "--boundaries",
        type=Path,
        default=None,
        help=f"file batas {UNIT} (GeoJSON/shapefile); bawaan: yang dikonfigurasi atau skematis",
    )
    p.add_argument(
        "--observed",
        action="store_true",
        help="Regsosek membawa pengeluaran_per_kapita (Pemda dengan sensus pengeluaran sendiri); "
        "bawaan: tanpa pengeluaran, kesejahteraan harus dimodelkan",
    )
    p.add_argument(
        "--region",
        metavar="KODE",
        default=None,
        help="kode Kemendagri kabupaten/kota (mis. 64.72); bawaan: wilayah yang disetel (KEMISKINAN_REGION)",
    )
    p.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="bagian penduduk yang dibuat (mis. 0,1 untuk uji cepat); bawaan 1 (seluruh penduduk)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    region = _region(args.region)
    if region != REGION_CODE:
        # The region is read once per process (analytics.reference): another one runs in a
        # process of its own, with the same options.
        return _run_for(region, _options(args))
    if not 0 < args.scale <= 1:
        raise InputError(f"--scale harus di antara 0 dan 1, bukan {args.scale}.")
    from analytics.generate.build import generate

    meta = generate(args.out, seed=args.seed, boundaries=args.boundaries, observed=args.observed, scale=args.scale)
    print(
        f"Data demo ditulis ke {args.out} dalam {meta['seconds_total']:.1f} detik "
        f"(batas wilayah: {meta['boundaries']}; kesejahteraan: {meta['welfare']})."
    )
    return 0


def _region(value: str | None) -> str:
    if value is None:
        return REGION_CODE
    try:
        return region_setting({"KEMISKINAN_REGION": value})
    except ConfigError as exc:
        raise InputError(exc.message.replace("KEMISKINAN_REGION", "--region")) from None


def _options(args) -> list[str]:
    argv = ["generate", "--out", str(args.out), "--seed", str(args.seed), "--scale", str(args.scale)]
    if args.boundaries is not None:
        argv += ["--boundaries", str(args.boundaries)]
    return argv + (["--observed"] if args.observed else [])


def _run_for(region: str, argv: list[str]) -> int:
    env = {**os.environ, "KEMISKINAN_REGION": region}
    return subprocess.run([sys.executable, "-m", "analytics", *argv], env=env, check=False).returncode
