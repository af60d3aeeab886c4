"""Chapter 1 of the yearly review: where the city stands beside Kalimantan Timur and Indonesia.

Two tables (P0 of the three regions by year, with the city's gap to each; all published
measures of the chosen year), a line chart of the three P0 series and two or three sentences.
Every gap is computed from the figures (percentage points, city minus region). A figure that
is not a BPS release (press quote, derived, Pemkot statement, estimate) is marked
:data:`analytics.labels.NOT_BPS_MARK` and named with its source under its table; a figure no
source gave is "belum tersedia", never 0.
"""

from __future__ import annotations

import pandas as pd

from analytics import formats as fmt
from analytics.errors import DataError
from analytics.evaluation.chapter import TITLES, Chapter, Chart, Series
from analytics.evaluation.series import REGION_NAMES, REGION_ORDER, position_table
from analytics.labels import BPS_SCALE_NOTE, NOT_BPS_MARK, REFERENCE_SHARE, is_bps, marked, reference_text
from analytics.reference import REGION, REGION_KIND_TITLE
from analytics.report.tables import Table, table

NUMBER = 1
TITLE = TITLES[NUMBER - 1]
NOT_AVAILABLE = "belum tersedia"
#: How a note names the kind of a figure that is not a BPS release (both reference files' kinds).
KIND_WORDS = {
    "pers": "angka BPS yang dikutip media",
    "turunan": "diturunkan dari perubahan yang dilaporkan",
    "pemkot": f"pernyataan Pemerintah {REGION_KIND_TITLE}",
    "estimate": "perkiraan",
}
#: The region as the sentences name it after the city ("2,04 poin di bawah nasional").
SENTENCE_NAMES = {"kota": REGION_NAMES["kota"], "provinsi": REGION_NAMES["provinsi"], "nasional": "nasional"}
#: The three regions as titles name them: 'Kota Bontang, Kalimantan Timur dan Indonesia'.
THREE = f"{REGION_NAMES['kota']}, {REGION_NAMES['provinsi']} dan {REGION_NAMES['nasional']}"
CITY = REGION_NAMES["kota"]
P0_COLUMNS = {region: f"P0 {REGION_NAMES[region]} (%)" for region in REGION_ORDER}
GAP_COLUMNS = {"provinsi": "Selisih dengan provinsi (poin)", "nasional": "Selisih dengan nasional (poin)"}
#: Table B: measure -> (column, kind of analytics.report.tables.KINDS).
YEAR_COLUMNS = {
    "p0_pct": ("P0 (%)", "pct"),
    "p1_bps": ("P1", "bps3"),
    "p2_bps": ("P2", "bps3"),
    "poverty_line": ("Garis kemiskinan (Rp/kapita/bulan)", "rp"),
    "poor_persons": ("Penduduk miskin (jiwa)", "int"),
}
MEASURE_NAMES = {
    "p0_pct": "P0",
    "p1_bps": "P1",
    "p2_bps": "P2",
    "poverty_line": "garis kemiskinan",
    "poor_persons": "penduduk miskin",
}


def position_chapter(year: int, comparison=None) -> Chapter:
    """Chapter 1 for ``year``: every year up to ``year`` that has a P0, and the measures of
    ``year`` (or, when no region has a P0 for it, of the latest year before it that has).

    ``comparison``: the province and national series (see
    :func:`analytics.evaluation.series.position_table`); None for the shipped file. Raises
    :class:`DataError` when no region has a P0 up to ``year``.
    """
    rows = position_table(year, comparison)
    p0 = p0_by_year(rows) if not rows.empty else rows
    if p0.empty:
        raise DataError(f"Belum ada angka P0 {CITY}, {REGION_NAMES['provinsi']} atau Indonesia sampai tahun {year}.")
    shown = int(p0["year"].max())
    notes = [
        f"Angka BPS dari Susenas Maret; angka Pemerintah {REGION_KIND_TITLE} dan perkiraan ditandai † "
        "(jenis dan sumbernya di catatan "
        f"tabel). Sumber: {CITY} dari data/reference/bps_poverty.csv; {REGION_NAMES['provinsi']} dan Indonesia "
        "dari berkas pembanding (bawaan: data/reference/poverty_comparison.csv)."
    ]
    return Chapter(
        number=NUMBER,
        title=TITLE,
        sentences=sentences(p0, shown, year),
        tables=[trend_table(p0), year_table(rows, shown, year)],
        chart=_chart(p0),
        notes=notes,
    )


def p0_by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per year that any region has a P0 for: columns year, each region's P0 (``kota``,
    ``provinsi``, ``nasional``) with ``<region>_kind`` and ``<region>_source``, the city's gap
    to each region (``gap_provinsi``, ``gap_nasional``, points), its change from the year
    before (``change``, NaN when either year lacks a P0) and ``direction``."""
    wide = rows.pivot(index="year", columns="region", values=["p0_pct", "p0_pct_kind", "p0_pct_source"])
    out = pd.DataFrame({"year": wide.index.astype(int)})
    for region in REGION_ORDER:
        out[region] = wide[("p0_pct", region)].astype(float).to_numpy()
        out[f"{region}_kind"] = wide[("p0_pct_kind", region)].to_numpy()
        out[f"{region}_source"] = wide[("p0_pct_source", region)].to_numpy()
    out = out[out[list(REGION_ORDER)].notna().any(axis=1)].reset_index(drop=True)
    for region in GAP_COLUMNS:
        out[f"gap_{region}"] = out["kota"] - out[region]
    # The year before by calendar, not the row before: a year without figures is not skipped.
    by_year = dict(zip(out["year"], out["kota"], strict=True))
    out["change"] = out["kota"] - out["year"].map(lambda y: by_year.get(y - 1, float("nan")))
    out["direction"] = out["change"].map(_direction)
    return out


def _direction(change) -> str:
    if fmt.is_missing(change):
        return fmt.MISSING
    # The figures have two decimals: a change that rounds to 0,00 is no change.
    if round(change, 2) == 0:
        return "tetap"
    return "turun" if change < 0 else "naik"


def trend_table(p0: pd.DataFrame) -> Table:
    """Table A: P0 of the three regions by year, the city's gaps and the direction of its P0."""
    frame = pd.DataFrame({"Tahun": p0["year"].astype(str)})
    kinds = {}
    for region, column in P0_COLUMNS.items():
        frame[column], kinds[column] = p0[region], "pct"
    for region, column in GAP_COLUMNS.items():
        frame[column], kinds[column] = p0[f"gap_{region}"], "bps2"
    frame["Arah"] = p0["direction"]
    note = (
        f"Selisih = P0 {CITY} − P0 wilayah pembanding, dalam poin persen (negatif: {REGION.jenis} lebih rendah). "
        f"Arah: perubahan P0 {CITY} dari tahun sebelumnya; – bila salah satu angka belum tersedia."
    )
    shown = table("Posisi P0", f"Tingkat kemiskinan (P0) {THREE}", frame, kinds, note)
    entries = []
    # Region by region, so the note names each region's figures together, in table order.
    for region, column in P0_COLUMNS.items():
        for i, row in p0.iterrows():
            kind = row[f"{region}_kind"]
            if pd.isna(row[region]):
                shown.display.loc[i, column] = NOT_AVAILABLE
            elif not is_bps(kind):
                shown.display.loc[i, column] = marked(shown.display.loc[i, column], kind)
                entries.append((f"P0 {REGION_NAMES[region]}", row["year"], kind, row[f"{region}_source"]))
    for region, column in GAP_COLUMNS.items():
        derived = p0[f"gap_{region}"].notna() & ~(p0["kota_kind"].map(is_bps) & p0[f"{region}_kind"].map(is_bps))
        for i in p0.index[derived]:
            shown.display.loc[i, column] = f"{shown.display.loc[i, column]} {NOT_BPS_MARK}"
    if entries:
        shown.note += " Selisih bertanda † dihitung dari angka yang bukan rilis BPS. " + not_bps_note(entries)
    return shown


def year_table(rows: pd.DataFrame, shown: int, asked: int) -> Table:
    """Table B: every measure of year ``shown`` for the three regions."""
    year_rows = rows[rows["year"] == shown].set_index("region").loc[list(REGION_ORDER)]
    frame = pd.DataFrame({"Wilayah": [REGION_NAMES[region] for region in REGION_ORDER]})
    kinds = {}
    for measure, (column, kind) in YEAR_COLUMNS.items():
        frame[column], kinds[column] = year_rows[measure].to_numpy(), kind
    note = f"{BPS_SCALE_NOTE}; P1 dan P2 ditulis dengan desimal sebanyak yang diterbitkan."
    if shown != asked:
        note = f"Angka {asked} belum tersedia; ditampilkan {shown}, tahun terakhir yang memiliki P0. {note}"
    title = f"Posisi {shown}: {THREE}"
    out = table(f"Posisi {shown}", title, frame, kinds, note)
    entries = []
    for i, region in enumerate(REGION_ORDER):
        # A region's marked measures of one kind and source are named together in the note.
        named: dict[tuple[str, str], list[str]] = {}
        for measure, (column, _) in YEAR_COLUMNS.items():
            value, kind = year_rows.loc[region, measure], year_rows.loc[region, f"{measure}_kind"]
            if pd.isna(value):
                out.display.loc[i, column] = NOT_AVAILABLE
                continue
            text = _bps_number(value) if measure in ("p1_bps", "p2_bps") else out.display.loc[i, column]
            if not is_bps(kind):
                text = marked(text, kind)
                named.setdefault((kind, year_rows.loc[region, f"{measure}_source"]), []).append(MEASURE_NAMES[measure])
            out.display.loc[i, column] = text
        for (kind, source), names in named.items():
            entries.append((f"{fmt.listed(names)} {REGION_NAMES[region]}", shown, kind, source))
    if entries:
        out.note += " " + not_bps_note(entries)
    return out


def _bps_number(value) -> str:
    """P1 or P2 with the decimals it was published with (two, or three for the province's)."""
    decimals = 2 if round(float(value), 2) == float(value) else 3
    return fmt.number(value, decimals, fmt.PRINT_MINUS)


def not_bps_note(entries) -> str:
    """The note under figures marked † (as :func:`analytics.labels.not_bps_note`, also for the
    comparison kinds pers and turunan); ``entries`` are (what, year, kind, source), and the
    years of one figure with the same kind and source are named together."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for what, year, kind, source in entries:
        groups.setdefault((what, kind, source), []).append(str(year))
    parts = [
        f"{what} {', '.join(years)} ({KIND_WORDS.get(kind, 'tanpa keterangan jenis')}; sumber: {source})"
        for (what, kind, source), years in groups.items()
    ]
    return f"{NOT_BPS_MARK} Bukan rilis BPS: {'; '.join(parts)}."


def _chart(p0: pd.DataFrame) -> Chart:
    frame = pd.DataFrame({"year": p0["year"]})
    for region in REGION_ORDER:
        frame[f"p0_{region}"] = p0[region]
    return Chart(
        kind="line",
        title=f"Tingkat kemiskinan (P0), Maret: {THREE}",
        frame=frame,
        x="year",
        series=tuple(Series(f"p0_{region}", REGION_NAMES[region]) for region in REGION_ORDER),
        x_title="Tahun",
        y_title="P0 (%)",
        note="Sebagian angka bukan rilis BPS (lihat catatan tabel); tahun tanpa angka tidak digambar.",
    )


def _pct(value) -> str:
    return f"{fmt.number(value, 2, fmt.PRINT_MINUS)} %"


def sentences(p0: pd.DataFrame, shown: int, asked: int) -> list[str]:
    """The chapter's sentences: the city's position in ``shown``, its change from the year
    before beside the province's and the country's, and which of those figures are not BPS
    releases."""
    row = p0.set_index("year").loc[shown]
    return [_position_sentence(row, shown, asked), _change_sentence(p0, shown), _kind_sentence(p0, shown)]


def _position_sentence(row: pd.Series, shown: int, asked: int) -> str:
    lead = f"Pada {shown}," if shown == asked else f"Pada {shown} (angka {asked} {NOT_AVAILABLE}),"
    if pd.isna(row["kota"]):
        regions = [
            f"P0 {REGION_NAMES[region]} {NOT_AVAILABLE if pd.isna(row[region]) else _pct(row[region])}"
            for region in GAP_COLUMNS
        ]
        return f"{lead} P0 {CITY} {NOT_AVAILABLE}; " + " dan ".join(regions) + "."
    if is_bps(row["kota_kind"]):
        head = f"{lead} P0 {CITY} {_pct(row['kota'])}"
    else:
        figure = reference_text(REFERENCE_SHARE, row["kota_kind"], _pct(row["kota"]))
        head = f"{lead} angka BPS untuk P0 {CITY} {NOT_AVAILABLE}; P0 {REGION.jenis} {figure}"
    gaps, missing = [], []
    for region in GAP_COLUMNS:
        gap, name = row[f"gap_{region}"], f"{SENTENCE_NAMES[region]} ({_pct(row[region])})"
        if pd.isna(row[region]):
            missing.append(f"P0 {REGION_NAMES[region]} {NOT_AVAILABLE}")
        elif round(gap, 2) == 0:
            gaps.append(f"sama dengan {name}")
        else:
            gaps.append(f"{fmt.number(abs(gap), 2)} poin {'di bawah' if gap < 0 else 'di atas'} {name}")
    text = head + (", " + " dan ".join(gaps) if gaps else "")
    return text + ("; " + " dan ".join(missing) if missing else "") + "."


def _change_phrase(change) -> str:
    direction = _direction(change)
    return direction if direction == "tetap" else f"{direction} {fmt.number(abs(change), 2)} poin"


def _change_sentence(p0: pd.DataFrame, shown: int) -> str:
    by_year, before = p0.set_index("year"), shown - 1
    if before not in by_year.index or pd.isna(by_year.loc[before, "kota"]) or pd.isna(by_year.loc[shown, "kota"]):
        absent = " dan ".join(
            str(y) for y in (before, shown) if y not in by_year.index or pd.isna(by_year.loc[y, "kota"])
        )
        return f"Perubahan P0 {CITY} dari {before} ke {shown} belum dapat dihitung: angka {absent} {NOT_AVAILABLE}."
    city = by_year.loc[before, "kota"]
    text = f"Dibanding {before} ({_pct(city)}), P0 {CITY} {_change_phrase(by_year.loc[shown, 'change'])}"
    others = []
    for region in GAP_COLUMNS:
        now, then = by_year.loc[shown, region], by_year.loc[before, region]
        if pd.notna(now) and pd.notna(then):
            others.append(f"{SENTENCE_NAMES[region]} {_change_phrase(now - then)}")
        else:
            others.append(f"perubahan {SENTENCE_NAMES[region]} belum dapat dihitung")
    return f"{text}; pada periode yang sama {' dan '.join(others)}."


def _kind_sentence(p0: pd.DataFrame, shown: int) -> str:
    """Which P0 figures of the two sentences above are not BPS releases, by kind."""
    used = p0[p0["year"].isin([shown, shown - 1])].sort_values("year", ascending=False)
    by_kind: dict[str, list[str]] = {}
    for region in REGION_ORDER:
        marked_rows = used[used[region].notna() & ~used[f"{region}_kind"].map(is_bps)]
        for kind, rows in marked_rows.groupby(f"{region}_kind", sort=False):
            years = " dan ".join(str(year) for year in rows["year"])
            by_kind.setdefault(kind, []).append(f"P0 {REGION_NAMES[region]} {years}")
    if not by_kind:
        return "Semua angka P0 pada kalimat di atas adalah angka BPS."
    parts = [
        f"{', '.join(figures)} ({KIND_WORDS.get(kind, 'tanpa keterangan jenis')})" for kind, figures in by_kind.items()
    ]
    return (
        f"Bukan rilis BPS ({NOT_BPS_MARK} di tabel): {'; '.join(parts)}; "
        "periksa dengan rilis BPS sebelum dikutip sebagai angka resmi (sumbernya di catatan tabel)."
    )
