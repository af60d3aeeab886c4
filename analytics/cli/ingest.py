"""`python -m analytics ingest --raw DIR --db FILE`: import register exports."""

from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="Impor ekspor register per tahun ke satu database DuckDB.",
        description="Membaca setiap folder tahun di --raw (p3ke_keluarga.*, p3ke_individu.*, dtks.*, "
        "regsosek.*; xlsx atau csv), memeriksa, menautkan dan menulis database baru secara atomik.",
    )
    p.add_argument("--raw", required=True, type=Path, help="folder berisi subfolder per tahun")
    p.add_argument("--db", required=True, type=Path, help="file DuckDB tujuan (diganti utuh bila berhasil)")
    p.add_argument("--mapping", type=Path, default=None, help="file pemetaan kolom (bawaan: data/column_mapping.toml)")
    p.set_defaults(func=run)


def run(args) -> int:
    from analytics.ingest import ImportFailed, run_import

    try:
        result = run_import(args.raw, args.db, mapping_path=args.mapping, echo=print)
    except ImportFailed as exc:
        raise ImportFailed(f"impor dibatalkan, database lama tidak diubah. {exc.message}") from exc
    print()
    print("Ringkasan per sumber dan tahun:")
    print(result.log.to_string(index=False))
    if not result.reasons.empty:
        print("\nBaris dikarantina menurut alasan:")
        print(result.reasons.to_string(index=False))
    unknown = result.column_report[result.column_report["kind"] == "unknown"]
    if not unknown.empty:
        print("\nKolom tak dikenal (tidak dipakai; tambahkan ke pemetaan bila perlu):")
        for file, group in unknown.groupby("file"):
            print(f"  {file}: {', '.join(group['column_name'])}")
    missing_cols = result.column_report[result.column_report["kind"] == "missing_optional"]
    if not missing_cols.empty:
        print("\nKolom opsional tidak ditemukan:")
        for file, group in missing_cols.groupby("file"):
            print(f"  {file}: {', '.join(group['column_name'])}")
    for missing in result.missing_files:
        print(f"Peringatan: file {missing} tidak ada.")
    print(f"\nDatabase {args.db} selesai dalam {result.seconds:.1f} detik.")
    return 0
