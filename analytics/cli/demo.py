"""`python -m analytics demo`: build the demo database now (the dashboard does it on first start)."""


def register(subparsers) -> None:
    p = subparsers.add_parser("demo", help="Bangun database demo (var/demo.duckdb) bila belum ada.")
    p.set_defaults(func=run)


def run(args) -> int:
    from analytics.demo import ensure_demo_database, print_step

    db = ensure_demo_database(echo=print_step)
    print(f"Database demo siap: {db}")
    return 0
