"""`python -m analytics generate --out DIR --seed N [--observed]`: the synthetic demo registers
and survey sample."""

from pathlib import Path


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
        help="file batas kelurahan (GeoJSON/shapefile); bawaan: yang dikonfigurasi atau skematis",
    )
    p.add_argument(
        "--observed",
        action="store_true",
        help="Regsosek membawa pengeluaran_per_kapita (Pemda dengan sensus pengeluaran sendiri); "
        "bawaan: tanpa pengeluaran, kesejahteraan harus dimodelkan",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from analytics.generate.build import generate

    meta = generate(args.out, seed=args.seed, boundaries=args.boundaries, observed=args.observed)
    print(
        f"Data demo ditulis ke {args.out} dalam {meta['seconds_total']:.1f} detik "
        f"(batas wilayah: {meta['boundaries']}; kesejahteraan: {meta['welfare']})."
    )
    return 0
