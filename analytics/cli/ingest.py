"""`python -m analytics ingest --raw DIR --db FILE`: import register exports.

The same rules as an import from the Impor Data page: the demo database takes none (its demo
accounts would read the registers), the import holds the database's import lock
(``<db>.impor.lock``, so it never runs beside a check or apply from the dashboard), and the
outcome is written to the audit log beside the database (``impor_terapkan`` or
``impor_gagal``, actor ``(baris-perintah)``).
"""

import sys
from pathlib import Path

from analytics.reference import UNIT


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
    p.add_argument(
        "--accept-quarantine",
        action="store_true",
        help="terima berkas yang barisnya dikarantina melebihi batas KEMISKINAN_IMPORT_MAX_QUARANTINE_SHARE "
        "(dicatat di database)",
    )
    p.set_defaults(func=run)


def _audit(db: Path, action: str, **detail) -> None:
    from analytics.access.users import CLI_ACTOR, record, users_path_for

    record(users_path_for(db), CLI_ACTOR, None, action, cara="baris-perintah", **detail)


def run(args) -> int:
    from analytics.access.keys import key_warnings
    from analytics.demo import refuse_demo_import
    from analytics.ingest import ImportFailed, run_import
    from analytics.upload.workspace import locked

    refuse_demo_import(args.db)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for warning in key_warnings(args.db):
        print(f"Peringatan: {warning}", file=sys.stderr)
    with locked(args.db):
        try:
            result = run_import(
                args.raw, args.db, mapping_path=args.mapping, echo=print, accept_quarantine=args.accept_quarantine
            )
        except ImportFailed as exc:
            _audit(args.db, "impor_gagal", arsip=str(args.raw), pesan=exc.message)
            raise ImportFailed(f"impor dibatalkan, database lama tidak diubah. {exc.message}") from exc
        _audit(
            args.db,
            "impor_terapkan",
            arsip=str(Path(args.raw).resolve()),
            tahun=sorted({int(y) for y in result.log["year"]}),
            baris=int(result.log["rows_read"].sum()),
            dikarantina=int(result.log["quarantined"].sum()),
            lewati_batas_karantina=bool(args.accept_quarantine),
        )
    _report(args, result)
    return 0


def _report(args, result) -> None:
    _print_accounting(result)
    if not result.reasons.empty:
        print("\nBaris dikarantina menurut alasan:")
        print(result.reasons.to_string(index=False))
    _print_columns(result.column_report)
    for missing in result.missing_files:
        print(f"Peringatan: file {missing} tidak ada.")
    for warning in result.warnings:
        print(f"Peringatan: {warning}")
    for part in result.parts.dropna(subset=["warnings"]).itertuples():
        # A file's warning is often one of the import's own, already printed above.
        if not any(part.warnings in warning or warning in part.warnings for warning in result.warnings):
            print(f"Peringatan: {part.file}: {part.warnings}")
    if args.accept_quarantine:
        print("Catatan: batas karantina sengaja dilewati (--accept-quarantine); dicatat di import_meta.")
    print(f"\nDatabase {args.db} selesai dalam {result.seconds:.1f} detik.")


def _print_accounting(result) -> None:
    """One table per source: every file and sheet, its rows, the previous year and the keys."""
    from analytics.ingest.accounting import register_table, source_accounts
    from analytics.reference import load_kelurahan

    for account in source_accounts(result.parts, result.keys, result.registers):
        print(f"\nAkuntansi baris — {account.label}:")
        print(account.rows.drop(columns=["Peringatan"]).to_string(index=False))
        if not account.keys.empty:
            print(f"Kolom kunci — {account.label}:")
            print(account.keys.to_string(index=False))
    names = load_kelurahan().set_index("kode")["nama"].to_dict()
    for year, rows in result.registers.groupby("year"):
        print(f"\nKeluarga per {UNIT} menurut register, tahun {year}:")
        print(register_table(rows, names).to_string(index=False))


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
