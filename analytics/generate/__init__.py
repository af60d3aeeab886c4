"""Synthetic demo registers (P3KE, DTKS, Regsosek) and survey (Susenas) for Kota Bontang, 2021-2025.

`generate(out_dir, seed, observed=False)` writes `<out>/<year>/{p3ke_keluarga.xlsx,
p3ke_individu.xlsx, dtks.csv, regsosek.csv, susenas.csv}` (from 2025, as every Pemda's: DTSEN
keluarga and anggota, the SIKS-NG desil export and recipient lists instead of Regsosek and
DTKS; analytics.generate.dtsen) and, apart from them,
`<out>/truth/` with what the exports should say once imported (families, row-level keys,
the survey design, the damage log and a summary), and `<out>/dinsos/` with the Dinas Sosial's
recap of its extreme-poverty list for the years it had one (analytics.generate.extreme_recap).
As in reality no register carries expenditure: Regsosek ranks families by a proxy-means test, and only the survey sample
measures expenditure, unless `observed` (a Pemda with its own expenditure census) adds it
to Regsosek.
"""

#: Written into truth/meta.json; the demo regenerates its registers when it differs (a change
#: of what the generator draws must not leave an old demo's figures on screen).
GENERATOR_VERSION = "2027-06"  # the Dinas Sosial's extreme-poverty recap of 2024 and 2025
