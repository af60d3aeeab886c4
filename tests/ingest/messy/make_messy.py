"""Messy real-world variants of one demo year, built from the clean demo data (issue 12).

Each case rewrites the 2024 files of a clean raw folder (two years, 2023 and 2024) the way
government files really arrive, and states its expected outcome:

- ``same``: the import reproduces the clean figures exactly (city and kelurahan P0, P1, P2 of
  2024, families and rows loaded per source; the survey's loaded rows);
- ``refused``: the import stops with a message (``expect`` is a fragment of it) and the
  existing database is byte-identical;
- ``warning``: the import goes through with figures that legitimately differ, and says why
  (``expect`` is a quarantine reason code or a fragment of a warning).

``python tests/ingest/messy/make_messy.py OUT`` writes every case under ``OUT/<case>/``.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter

YEAR = "2024"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # the class of damage (docs/data-loading.md table)
    what: str
    outcome: str  # same | refused | warning
    build: Callable[[Path], None]
    expect: str = ""


def read(folder: Path, stem: str) -> pd.DataFrame:
    path = folder / YEAR / f"{stem}.csv"
    if path.exists():
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    book = folder / YEAR / f"{stem}.xlsx"
    return pd.read_excel(book, dtype=str, keep_default_na=False, engine="calamine")


def replace(folder: Path, stem: str, name: str, data: bytes | str, encoding: str = "utf-8") -> None:
    for old in (folder / YEAR).glob(f"{stem}.*"):
        old.unlink()
    target = folder / YEAR / name
    target.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def csv_text(frame: pd.DataFrame, sep: str = ",") -> str:
    out = io.StringIO()
    frame.to_csv(out, index=False, sep=sep, lineterminator="\r\n")
    return out.getvalue()


def write_xlsx(
    path: Path,
    sheets: dict[str, pd.DataFrame],
    title: int = 0,
    hidden: tuple = (),
    two_row: bool = False,
    merge_region: bool = False,
) -> None:
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name)
        row = 0
        for i in range(title):
            sheet.write(row, 0, f"DATA REGSOSEK KOTA BONTANG TAHUN {YEAR} — lembar {name} ({i + 1})")
            row += 1
        if title:
            row += 1
        columns = list(frame.columns)
        if two_row:
            group = [c for c in columns if c.startswith("jumlah_")]
            for j, c in enumerate(columns):
                if c in group:
                    sheet.write(row + 1, j, c.removeprefix("jumlah_"))
                else:
                    sheet.merge_range(row, j, row + 1, j, c)
            first, last = columns.index(group[0]), columns.index(group[-1])
            sheet.merge_range(row, first, row, last, "jumlah")
            row += 2
        else:
            sheet.write_row(row, 0, columns)
            row += 1
        values = frame.to_numpy(dtype=object).tolist()
        region = columns.index("kode_wilayah") if "kode_wilayah" in columns else None
        start = row
        for k, values_row in enumerate(values):
            sheet.write_row(row + k, 0, [v if v != "" else None for v in values_row])
        if merge_region and region is not None:
            k = 0
            while k < len(values):
                end = k
                while end + 1 < len(values) and values[end + 1][region] == values[k][region]:
                    end += 1
                if end > k:
                    sheet.merge_range(start + k, region, start + end, region, values[k][region])
                k = end + 1
        if name in hidden:
            sheet.hide()
    book.close()


# --- the cases -------------------------------------------------------------------------------------------------


def _regsosek_csv(transform, name="regsosek.csv", sep=",", encoding="utf-8", prefix=""):
    def build(folder: Path) -> None:
        frame = transform(read(folder, "regsosek"))
        replace(folder, "regsosek", name, prefix + csv_text(frame, sep), encoding)

    return build


def _column(column: str, fn):
    def transform(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame[column] = frame[column].map(lambda v: fn(v) if v != "" else v)
        return frame

    return transform


def _rupiah(v: str, fmt: str) -> str:
    try:
        amount = int(float(v))
    except ValueError:
        return v
    if amount <= 0:
        return v
    grouped = f"{amount:,}"
    return {
        "id": grouped.replace(",", "."),
        "en": grouped,
        "rp": "Rp. " + grouped.replace(",", ".") + ",-",
        "rp_space": "Rp " + grouped.replace(",", "."),
        "thousands": f"{amount / 1000:.3f}",
    }[fmt]


def _date(v: str, fmt: str) -> str:
    try:
        d = pd.Timestamp(v)
    except ValueError:
        return v
    months = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    return {
        "time": f"{d:%Y-%m-%d} 00:00:00",
        "yy": f"{d:%d/%m/%y}",
        "name": f"{d.day} {months[d.month - 1]} {d.year}",
        "en": f"{d:%d-%b-%Y}",
    }[fmt]


def _lines(fn):
    """Edit the CSV text of regsosek line by line."""

    def build(folder: Path) -> None:
        text = csv_text(read(folder, "regsosek"))
        replace(folder, "regsosek", "regsosek.csv", fn(text.split("\r\n")))

    return build


def _extra_field(lines: list[str]) -> str:
    fields = next(csv.reader([lines[10]]))
    fields.insert(8, "RT 3")  # an unquoted comma in the address: one field more than the header
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    lines[10] = out.getvalue()
    return "\r\n".join(lines)


def _missing_field(lines: list[str]) -> str:
    lines[12] = lines[12].rsplit(",", 1)[0]
    return "\r\n".join(lines)


def _quoted_newline(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[frame.index[:20:3], "alamat"] = frame.loc[frame.index[:20:3], "alamat"] + "\nBelakang masjid"
    return frame


def _subtotals(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code, group in frame.groupby("kode_wilayah", sort=False):
        rows.append(group)
        total = {c: "" for c in frame.columns}
        total.update(
            nama_kepala_keluarga=f"JUMLAH {code}",
            kode_wilayah=code,
            jumlah_anggota_keluarga=str(
                pd.to_numeric(group["jumlah_anggota_keluarga"], errors="coerce").fillna(0).astype(int).sum()
            ),
        )
        rows.append(pd.DataFrame([total]))
    return pd.concat(rows, ignore_index=True)


def _grand_total(frame: pd.DataFrame) -> pd.DataFrame:
    size = pd.to_numeric(frame.drop_duplicates()["jumlah_anggota_keluarga"], errors="coerce")
    total = frame.iloc[[0]].copy()
    total["id_keluarga"] = "999999999999"
    total["jumlah_anggota_keluarga"] = str(int(size[size >= 1].sum()))
    return pd.concat([frame, total], ignore_index=True)


def _bps_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """Each kelurahan under its BPS code, as the crosswalk has it (6474020003 is Api-Api)."""
    from analytics.ingest.regions import crosswalk

    rows = crosswalk()
    bps = dict(zip(rows["kode_kemendagri"], rows["kode_bps"]))
    frame = frame.copy()
    frame["kode_wilayah"] = frame["kode_wilayah"].map(lambda v: bps.get(v, v))
    return frame


def _unknown_bps_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """BPS-shaped codes no crosswalk row has: a BPS kecamatan and 9xx (no desa is numbered so)."""
    kec = {"01": "020", "02": "010", "03": "030"}
    frame = frame.copy()
    digits = frame["kode_wilayah"].str.replace(".", "", regex=False)
    frame["kode_wilayah"] = [f"6474{kec.get(d[4:6], '999')}9{d[8:]}" if len(d) == 10 else d for d in digits]
    return frame


def _sizes(value: str, every: int):
    counter = iter(range(10**9))
    return lambda v: value if next(counter) % every == 0 else v


def _rename(mapping: dict[str, str]):
    return lambda frame: frame.rename(columns=mapping)


def _duplicate_header(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.insert(len(frame.columns), "JENIS LANTAI ", frame["jenis_lantai"])
    return frame


def _some_rows_other_year(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[frame.index[5:9], "tahun_data"] = "2023"
    return frame


def _coordinates(fn):
    def transform(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        for c in ("latitude", "longitude"):
            frame[c] = frame[c].map(lambda v: fn(v) if v else v)
        return frame

    return transform


def _xlsx(name="regsosek.xlsx", by_kecamatan=False, **options):
    def build(folder: Path) -> None:
        frame = read(folder, "regsosek")
        if by_kecamatan:
            digits = frame["kode_wilayah"].str.replace(".", "", regex=False).str[4:6]
            sheets = {f"Kec {k}": g for k, g in frame.groupby(digits)}
        else:
            sheets = {"Regsosek": frame}
        if options.get("merge_region"):
            sheets = {k: g.sort_values("kode_wilayah", kind="stable") for k, g in sheets.items()}
        if options.get("hidden"):
            sheets["Lama"] = frame.head(50)
        for old in (folder / YEAR).glob("regsosek.*"):
            old.unlink()
        write_xlsx(folder / YEAR / name, sheets, **options)

    return build


def _html(folder: Path) -> None:
    frame = read(folder, "regsosek")
    html = frame.to_html(index=False, na_rep="")
    replace(folder, "regsosek", "regsosek.xls", f"<html><head><meta charset='utf-8'></head><body>{html}</body></html>")


def _xml2003(folder: Path) -> None:
    from xml.sax.saxutils import escape

    frame = read(folder, "regsosek")

    def row(values):
        cells = "".join(
            f'<Cell><Data ss:Type="String">{escape(str(v))}</Data></Cell>' if v != "" else "<Cell/>" for v in values
        )
        return f"<Row>{cells}</Row>"

    body = row(frame.columns) + "".join(row(r) for r in frame.to_numpy(dtype=object).tolist())
    xml = (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Regsosek"><Table>{body}</Table></Worksheet></Workbook>'
    )
    replace(folder, "regsosek", "regsosek.xls", xml)


def _fake_xls(folder: Path) -> None:
    _xlsx()(folder)
    (folder / YEAR / "regsosek.xlsx").rename(folder / YEAR / "regsosek.xls")


def _csv_named_xlsx(folder: Path) -> None:
    replace(folder, "regsosek", "regsosek.xlsx", csv_text(read(folder, "regsosek"), ";"))


def _browser_names(folder: Path) -> None:
    (folder / YEAR / "regsosek.csv").rename(folder / YEAR / "Regsosek Bontang 2024 (2).csv")
    (folder / YEAR / "dtks.csv").rename(folder / YEAR / "dtks (1).csv")
    (folder / YEAR / "p3ke_keluarga.xlsx").rename(folder / YEAR / "P3KE_KELUARGA_BONTANG_2024.xlsx")


def _last_year(folder: Path) -> None:
    shutil.copy(folder / "2023" / "regsosek.csv", folder / YEAR / "regsosek.csv")


def _header_only(stem: str):
    def build(folder: Path) -> None:
        frame = read(folder, stem)
        replace(folder, stem, f"{stem}.csv", csv_text(frame.head(0)))

    return build


def _truncated(folder: Path) -> None:
    frame = read(folder, "regsosek")
    replace(folder, "regsosek", "regsosek.csv", csv_text(frame.head(len(frame) // 2)))


def _other_csv(stem: str, sep: str, encoding: str, transform=None):
    def build(folder: Path) -> None:
        frame = read(folder, stem)
        if transform:
            frame = transform(frame)
        replace(folder, stem, f"{stem}.csv", csv_text(frame, sep), encoding)

    return build


def _survey_xlsx(folder: Path) -> None:
    frame = read(folder, "susenas")
    for old in (folder / YEAR).glob("susenas.*"):
        old.unlink()
    write_xlsx(folder / YEAR / "susenas.xlsx", {"Susenas": frame}, title=2)


def _garbage(folder: Path) -> None:
    replace(folder, "regsosek", "regsosek.xls", bytes(range(256)) * 40)


# --- issue 26: no sheet, key or year may go missing quietly -----------------------------------------------------

KECAMATAN = {"01": "Bontang Utara", "02": "Bontang Selatan", "03": "Bontang Barat"}


def _split_sheets(stem: str, region: str, renames: dict[str, str]):
    """One sheet per kecamatan (by name, in alphabetical order), each with its own header: the
    sheets after the first written by another office, with ``renames`` applied."""

    def build(folder: Path) -> None:
        frame = read(folder, stem)
        digits = frame[region].str.replace(".", "", regex=False).str[4:6]
        sheets = {KECAMATAN.get(k, f"Lain {k}"): g for k, g in frame.groupby(digits)}
        sheets = {name: sheets[name] for name in sorted(sheets)}
        for i, name in enumerate(list(sheets)):
            if i:
                sheets[name] = sheets[name].rename(columns=renames)
        for old in (folder / YEAR).glob(f"{stem}.*"):
            old.unlink()
        write_xlsx(folder / YEAR / f"{stem}.xlsx", sheets)

    return build


def _excel_number(v: str):
    """A 16-digit key as Excel stores it in a number cell: 15 significant digits, the 16th 0."""
    return float(round(int(v), -1)) if v.isdigit() and len(v) == 16 else v


def _nik_numbers(folder: Path) -> None:
    frame = read(folder, "p3ke_keluarga").astype(object)
    frame["NIK Kepala Keluarga"] = frame["NIK Kepala Keluarga"].map(_excel_number)
    (folder / YEAR / "p3ke_keluarga.xlsx").unlink()
    write_xlsx(folder / YEAR / "p3ke_keluarga.xlsx", {"p3ke_keluarga": frame})


def _excel_general(v: str) -> str:
    """A number of 12 digits or more as Indonesian-locale Excel shows it: ``6,47402E+15``."""
    if not (v.isdigit() and len(v) >= 12):
        return v
    mantissa, exponent = f"{int(v):.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.').replace('.', ',')}E+{int(exponent):02d}"


def _indonesian_excel(frame: pd.DataFrame) -> pd.DataFrame:
    """A Regsosek CSV opened and re-saved in Indonesian-locale Excel: long numbers in
    scientific notation, decimal commas, leading zeros of RT/RW lost."""
    frame = frame.copy()
    for column in ("id_keluarga", "no_kk", "nik_kepala_keluarga"):
        frame[column] = frame[column].map(_excel_general)
    for column in ("latitude", "longitude"):
        frame[column] = frame[column].str.replace(".", ",", regex=False)
    for column in ("rt", "rw"):
        frame[column] = frame[column].map(lambda v: v.lstrip("0") or v)
    return frame


def _padded_frame(folder: Path) -> None:
    """60 % of the families, the rest of the rows copies of them under new ids."""
    frame = read(folder, "regsosek")
    kept = frame.sample(frac=0.6, random_state=26)
    copies = kept.sample(n=len(frame) - len(kept), replace=True, random_state=27).copy()
    copies["id_keluarga"] = [str(900000000000 + i) for i in range(len(copies))]
    replace(folder, "regsosek", "regsosek.csv", csv_text(pd.concat([kept, copies], ignore_index=True)))


def _family_twice(frame: pd.DataFrame) -> pd.DataFrame:
    twice = frame[frame["no_kk"].str.len() == 16].head(3).copy()
    twice["id_keluarga"] = [str(990000000000 + i) for i in range(len(twice))]
    return pd.concat([frame, twice], ignore_index=True)


def _no_loadable_rows(folder: Path) -> None:
    frame = read(folder, "p3ke_keluarga")
    row = {c: "" for c in frame.columns}
    row.update({"ID Keluarga P3KE": "-", "Nama Kepala Keluarga": "TIDAK ADA DATA"})
    (folder / YEAR / "p3ke_keluarga.xlsx").unlink()
    write_xlsx(folder / YEAR / "p3ke_keluarga.xlsx", {"p3ke_keluarga": pd.DataFrame([row], columns=frame.columns)})


CASES: tuple[Case, ...] = (
    Case(
        "title_rows",
        "layout",
        "3 title rows and a blank row above the header (CSV)",
        "same",
        _regsosek_csv(lambda f: f, prefix="DATA REGSOSEK\r\nKOTA BONTANG\r\nTAHUN 2024\r\n\r\n"),
    ),
    Case(
        "sep_line",
        "delimiter",
        "Excel's `sep=;` first line, semicolons",
        "same",
        _regsosek_csv(lambda f: f, sep=";", prefix="sep=;\r\n"),
    ),
    Case(
        "semicolon_cp1252",
        "encoding",
        "semicolons, Windows-1252",
        "same",
        _regsosek_csv(lambda f: f, sep=";", encoding="cp1252"),
    ),
    Case(
        "tab_utf16",
        "encoding",
        "tab-separated, UTF-16 with BOM",
        "same",
        _regsosek_csv(lambda f: f, sep="\t", encoding="utf-16"),
    ),
    Case("utf8_bom", "encoding", "UTF-8 with BOM", "same", _regsosek_csv(lambda f: f, encoding="utf-8-sig")),
    Case("quoted_newline", "layout", "addresses with a quoted line break", "same", _regsosek_csv(_quoted_newline)),
    Case(
        "extra_field",
        "row shape",
        "one line with a field more than its header",
        "warning",
        _lines(_extra_field),
        "row_shape",
    ),
    Case("missing_field", "row shape", "one line with a field less", "warning", _lines(_missing_field), "row_shape"),
    Case(
        "rupiah_rp",
        "numbers",
        "expenditure `Rp. 1.253.174,-`",
        "same",
        _regsosek_csv(_column("pengeluaran_per_kapita", lambda v: _rupiah(v, "rp"))),
    ),
    Case(
        "rupiah_id",
        "numbers",
        "expenditure `1.253.174`",
        "same",
        _regsosek_csv(_column("pengeluaran_per_kapita", lambda v: _rupiah(v, "id"))),
    ),
    Case(
        "rupiah_rp_space",
        "numbers",
        "expenditure `Rp 1.253.174`",
        "same",
        _regsosek_csv(_column("pengeluaran_per_kapita", lambda v: _rupiah(v, "rp_space"))),
    ),
    Case(
        "rupiah_en",
        "numbers",
        "expenditure with English separators `1,253,174`",
        "same",
        _regsosek_csv(_column("pengeluaran_per_kapita", lambda v: _rupiah(v, "en"))),
    ),
    Case(
        "rupiah_thousands",
        "plausibility",
        "expenditure in thousands of rupiah (`1253.174`)",
        "refused",
        _regsosek_csv(_column("pengeluaran_per_kapita", lambda v: _rupiah(v, "thousands"))),
        "ribuan rupiah",
    ),
    Case(
        "rupiah_mixed",
        "numbers",
        "`1.253.174` and `1,253,174` in one column",
        "refused",
        _regsosek_csv(_column("pengeluaran_per_kapita", lambda v: _rupiah(v, "en" if len(v) % 2 else "id"))),
        "dua cara sekaligus",
    ),
    Case(
        "dates_time",
        "dates",
        "birth dates `1985-04-11 00:00:00`",
        "same",
        _regsosek_csv(_column("tanggal_lahir_kepala_keluarga", lambda v: _date(v, "time"))),
    ),
    Case(
        "dates_two_digit",
        "dates",
        "birth dates `11/04/85`",
        "same",
        _regsosek_csv(_column("tanggal_lahir_kepala_keluarga", lambda v: _date(v, "yy"))),
    ),
    Case(
        "dates_month_names",
        "dates",
        "birth dates `11 April 1985`",
        "same",
        _regsosek_csv(_column("tanggal_lahir_kepala_keluarga", lambda v: _date(v, "name"))),
    ),
    Case(
        "dates_english",
        "dates",
        "birth dates `11-Apr-1985`",
        "same",
        _regsosek_csv(_column("tanggal_lahir_kepala_keluarga", lambda v: _date(v, "en"))),
    ),
    Case(
        "dates_unreadable",
        "dates",
        "a few unreadable birth dates (optional column)",
        "same",
        _regsosek_csv(_column("tanggal_lahir_kepala_keluarga", _sizes("tidak tahu", 40))),
    ),
    Case(
        "ids_scientific",
        "Excel damage",
        "family ids re-saved as `6,474E+11`",
        "refused",
        _regsosek_csv(_column("id_keluarga", lambda v: "6,474E+11")),
        "ID rusak oleh Excel",
    ),
    Case(
        "regsosek_header_only",
        "empty",
        "a Regsosek with its header only",
        "refused",
        _header_only("regsosek"),
        "kosong",
    ),
    Case(
        "region_float",
        "region codes",
        "region codes `6474011006.0`",
        "same",
        _regsosek_csv(_column("kode_wilayah", lambda v: v.replace(".", "") + ".0")),
    ),
    Case(
        "region_no_dots",
        "region codes",
        "region codes without dots",
        "same",
        _regsosek_csv(_column("kode_wilayah", lambda v: v.replace(".", ""))),
    ),
    Case(
        "region_bps",
        "region codes",
        "BPS region numbering (6474020003), read through the crosswalk",
        "same",
        _regsosek_csv(_bps_codes),
    ),
    Case(
        "region_bps_unknown",
        "region codes",
        "BPS-shaped codes the crosswalk lacks (6474010906)",
        "refused",
        _regsosek_csv(_unknown_bps_codes),
        "kode BPS",
    ),
    Case(
        "subtotal_rows", "totals", "a `JUMLAH` row after each kelurahan, size = sum", "same", _regsosek_csv(_subtotals)
    ),
    Case(
        "grand_total_unlabelled",
        "totals",
        "a last row whose size is the sum of all others, no label",
        "same",
        _regsosek_csv(_grand_total),
    ),
    Case(
        "last_year_file",
        "year",
        "last year's Regsosek in this year's folder",
        "refused",
        _last_year,
        "berisi data tahun 2023",
    ),
    Case(
        "rows_other_year",
        "year",
        "four rows with `tahun_data` 2023",
        "warning",
        _regsosek_csv(_some_rows_other_year),
        "year_mismatch",
    ),
    Case(
        "desil_words",
        "values",
        "desil written `Desil 6` and `D6`",
        "same",
        _regsosek_csv(_column("desil_nasional", lambda v: f"Desil {v}" if int(v) % 2 else f"D{v}")),
    ),
    Case(
        "duplicated_header",
        "headers",
        "a column `JENIS LANTAI ` beside `jenis_lantai`",
        "refused",
        _regsosek_csv(_duplicate_header),
        "judul kolom ganda",
    ),
    Case(
        "header_synonyms",
        "headers",
        "headers `NOMOR KK`, `NIK KRT`, `NAMA KRT`, `JML ART`",
        "same",
        _regsosek_csv(
            _rename(
                {
                    "no_kk": "NOMOR KK",
                    "nik_kepala_keluarga": "NIK KRT",
                    "nama_kepala_keluarga": "NAMA KRT",
                    "jumlah_anggota_keluarga": "JML ART",
                }
            )
        ),
    ),
    Case(
        "header_no_kk_dots",
        "headers",
        "DTKS headers `NO. KK`, `NIK`",
        "same",
        _other_csv("dtks", ",", "utf-8", _rename({"nomor_kk": "NO. KK", "nomor_nik": "NIK"})),
    ),
    Case(
        "browser_names",
        "file names",
        "`Regsosek Bontang 2024 (2).csv`, `dtks (1).csv`, `P3KE_KELUARGA_BONTANG_2024.xlsx`",
        "same",
        _browser_names,
    ),
    Case("xlsx_per_kecamatan", "workbooks", "one sheet per kecamatan", "same", _xlsx(by_kecamatan=True)),
    Case(
        "xlsx_title_two_row_header",
        "workbooks",
        "title rows and a two-row header (`jumlah` over its columns)",
        "same",
        _xlsx(title=2, two_row=True),
    ),
    Case(
        "xlsx_merged_region",
        "workbooks",
        "region code merged down over each kelurahan's rows",
        "same",
        _xlsx(merge_region=True),
    ),
    Case(
        "xlsx_hidden_sheet",
        "workbooks",
        "a hidden sheet with 50 copied rows",
        "warning",
        _xlsx(hidden=("Lama",)),
        "tersembunyi",
    ),
    Case("fake_xls", "formats", "an xlsx named `.xls`", "same", _fake_xls),
    Case("csv_named_xlsx", "formats", "a semicolon CSV named `.xlsx`", "same", _csv_named_xlsx),
    Case("html_xls", "formats", "an HTML table saved as `.xls`", "same", _html),
    Case("xml2003_xls", "formats", "Excel 2003 XML saved as `.xls`", "same", _xml2003),
    Case(
        "garbage_xls",
        "formats",
        "bytes of no table named `regsosek.xls`",
        "refused",
        _garbage,
        "bukan spreadsheet atau CSV",
    ),
    Case(
        "size_implausible",
        "plausibility",
        "three families of 99 members",
        "warning",
        _regsosek_csv(_column("jumlah_anggota_keluarga", _sizes("99", 400))),
        "household_size_implausible",
    ),
    Case(
        "sizes_zero",
        "guards",
        "one family in ten with size 0",
        "refused",
        _regsosek_csv(_column("jumlah_anggota_keluarga", _sizes("0", 10))),
        "di atas batas 5,0 %",
    ),
    Case(
        "coordinates_no_decimal_point",
        "plausibility",
        "coordinates with the decimal point lost",
        "warning",
        _regsosek_csv(_coordinates(lambda v: v.replace(".", "").lstrip("0") or "0")),
        "bukan derajat",
    ),
    Case(
        "coordinates_three_decimals",
        "numbers",
        "coordinates rounded to three decimals",
        "same",
        _regsosek_csv(_coordinates(lambda v: f"{float(v):.3f}")),
    ),
    Case(
        "frame_truncated",
        "guards",
        "Regsosek cut to half its families",
        "refused",
        _truncated,
        "kerangka keluarga tahun 2024",
    ),
    Case(
        "dtks_header_only",
        "guards",
        "DTKS with its header only (2023 had rows)",
        "refused",
        _header_only("dtks"),
        "kosong",
    ),
    Case("dtks_tab", "delimiter", "DTKS tab-separated", "same", _other_csv("dtks", "\t", "utf-8")),
    Case(
        "p3ke_csv_cp1252",
        "formats",
        "P3KE keluarga as semicolon CSV in Windows-1252",
        "same",
        _other_csv("p3ke_keluarga", ";", "cp1252"),
    ),
    Case(
        "survey_decimal_comma",
        "survey",
        "survey weights `34,5`, semicolons",
        "same",
        _other_csv("susenas", ";", "utf-8", _column("fwt", lambda v: v.replace(".", ","))),
    ),
    Case("survey_title_rows_xlsx", "survey", "survey as xlsx with title rows", "same", _survey_xlsx),
    Case(
        "regsosek_sheets_own_headers",
        "split sheets",
        "Regsosek, one sheet per kecamatan, each its own header (`NOMOR KK`, `NIK KRT`, `JML ART` after the first)",
        "same",
        _split_sheets(
            "regsosek",
            "kode_wilayah",
            {"no_kk": "NOMOR KK", "nik_kepala_keluarga": "NIK KRT", "jumlah_anggota_keluarga": "JML ART"},
        ),
    ),
    Case(
        "p3ke_sheets_column_missing",
        "split sheets",
        "P3KE keluarga, one sheet per kecamatan; after the first the head's name is `NAMA KRT` (not in the mapping)",
        "refused",
        _split_sheets("p3ke_keluarga", "Kode Kemdagri", {"Nama Kepala Keluarga": "NAMA KRT"}),
        "kolom wajib tidak ditemukan",
    ),
    Case(
        "p3ke_nik_numbers",
        "destroyed keys",
        "P3KE keluarga head NIK stored by Excel as numbers (15 significant digits, the 16th 0)",
        "refused",
        _nik_numbers,
        "sebagai teks",
    ),
    Case(
        "regsosek_indonesian_excel",
        "destroyed keys",
        "Regsosek CSV re-saved in Indonesian Excel (`;`, decimal comma, NIK and No KK `6,47402E+15`, RT `1`)",
        "refused",
        _regsosek_csv(_indonesian_excel, sep=";"),
        "sebagai teks",
    ),
    Case(
        "p3ke_no_loadable_rows",
        "empty",
        "P3KE keluarga with a header and one row `TIDAK ADA DATA` (2023 had rows)",
        "refused",
        _no_loadable_rows,
        "tanpa satu baris pun yang dapat dimuat",
    ),
    Case(
        "frame_padded_with_copies",
        "guards",
        "Regsosek with 60 % of the families, the other rows copies of them under new ids",
        "refused",
        _padded_frame,
        "kerangka keluarga tahun 2024",
    ),
    Case(
        "family_twice",
        "duplicates",
        "three families listed twice under two ids with one No KK",
        "warning",
        _regsosek_csv(_family_twice),
        "tercatat dua kali",
    ),
)


def build_case(case: Case, clean_raw: Path, out: Path) -> Path:
    """A copy of ``clean_raw`` (without truth/) with ``case`` applied; returns its folder."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(clean_raw, out, ignore=shutil.ignore_patterns("truth"))
    case.build(out)
    return out


def base_raw(demo_raw: Path, out: Path) -> Path:
    """The clean base of the suite: the demo's 2023 and 2024 folders."""
    out.mkdir(parents=True, exist_ok=True)
    for year in ("2023", YEAR):
        shutil.copytree(demo_raw / year, out / year, dirs_exist_ok=True)
    return out


def readme_table() -> str:
    lines = ["| class | case | outcome |", "|---|---|---|"]
    words = {"same": "clean figures exactly", "refused": "refused, database unchanged", "warning": "imported, warned"}
    for c in CASES:
        detail = f" (`{c.expect}`)" if c.expect and c.outcome != "same" else ""
        lines.append(f"| {c.kind} | {c.what} | {words[c.outcome]}{detail} |")
    return "\n".join(lines)


if __name__ == "__main__":
    from analytics.generate.build import generate

    target = Path(sys.argv[1])
    demo = target / "_demo"
    generate(demo, seed=3, scale=0.03, observed=True)
    base = base_raw(demo, target / "_clean")
    for c in CASES:
        build_case(c, base, target / c.name)
    print(readme_table())
