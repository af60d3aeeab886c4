"""`python -m analytics ingest --raw DIR --db FILE`: import register exports."""

from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="Impor ekspor register per tahun ke satu database DuckDB.",
        description="Membaca setiap folder tahun di --raw (Regsosek, DTKS, P3KE keluarga dan individu, survei; "
        "xlsx, xls, ods, csv atau parquet, dikenali dari judul kolomnya), memeriksa, menautkan dan menulis "
        "database baru secara atomik.",
    )
    p.add_argument("--raw", required=True, type=Path, help="folder berisi subfolder per tahun")
    p.add_argument("--db", required=True, type=Path, help="file DuckDB tujuan (diganti utuh bila berhasil)")
    p.add_argument("--mapping", type=Path, default=None, help="file pemetaan kolom (bawaan: data/column_mapping.toml)")
    p.add_argument("--accept-quarantine", action="store_true",
                   help="terima berkas yang barisnya dikarantina melebihi batas KEMISKINAN_IMPORT_MAX_QUARANTINE_SHARE "
                   "(dicatat di database)")  # fmt: skip
    p.set_defaults(func=run)


def run(args) -> int:
    from analytics.ingest import ImportFailed, run_import

    try:
        result = run_import(args.raw, args.db, mapping_path=args.mapping, echo=print,
                            accept_quarantine=args.accept_quarantine)  # fmt: skip
    except ImportFailed as exc:
        raise ImportFailed(f"impor dibatalkan, database lama tidak diubah. {exc.message}") from exc
    print()
    print("Ringkasan per berkas dan lembar:")
    print(result.parts.drop(columns=["warnings"]).fillna("-").to_string(index=False))
    if not result.reasons.empty:
        print("\nBaris dikarantina menurut alasan:")
        print(result.reasons.to_string(index=False))
    _print_columns(result.column_report)
    for missing in result.missing_files:
        print(f"Peringatan: file {missing} tidak ada.")
    for warning in result.warnings:
        print(f"Peringatan: {warning}")
    for part in result.parts.dropna(subset=["warnings"]).itertuples():
        print(f"Peringatan: {part.file}: {part.warnings}")
    if args.accept_quarantine:
        print("Catatan: batas karantina sengaja dilewati (--accept-quarantine); dicatat di import_meta.")
    print(f"\nDatabase {args.db} selesai dalam {result.seconds:.1f} detik.")
    return 0


def _print_columns(column_report) -> None:
    unknown = column_report[column_report["kind"] == "unknown"]
    if not unknown.empty:
        print("\nKolom tak dikenal (tidak dipakai; tambahkan ke pemetaan bila perlu):")
        for file, group in unknown.groupby("file"):
            print(f"  {file}: {', '.join(group['column_name'])}")
    missing_cols = column_report[column_report["kind"] == "missing_optional"]
    if not missing_cols.empty:
        print("\nKolom opsional tidak ditemukan:")
        for file, group in missing_cols.groupby("file"):
            print(f"  {file}: {', '.join(group['column_name'])}")
