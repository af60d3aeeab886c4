"""Synthetic demo registers (P3KE, DTKS, Regsosek) for Kota Bontang, 2021-2025.

`generate(out_dir, seed)` writes `<out>/<year>/{p3ke_keluarga.xlsx, p3ke_individu.xlsx,
dtks.csv, regsosek.csv}` and, apart from them, `<out>/truth/` with what the exports should
say once imported (families, row-level keys, the damage log and a summary).
"""
