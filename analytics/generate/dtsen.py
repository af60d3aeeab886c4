"""The demo's DTSEN extracts and SIKS-NG lists (from 2025), from the same families as the
older registers, in the forms a Pemda meets them (docs: ../shared/docs/sources.md, DTSEN):

- ``kode``: v3, numeric Regsosek codes (written pipe-delimited, quoted, in Latin-1);
- ``label``: v2, Regsosek labels (written as xlsx);
- ``kasar``: P3KE's coarser labels ("Keramik/granit/…", "Asbes/seng").

Wilayah codes are BPS's, through the crosswalk (data/reference/bps_kemendagri/, BPS 2018): the
kecamatan's seven digits and the kelurahan's three more; a desa the crosswalk lacks (created
or renumbered since) gets 901, 902… and is read back by its name. A region whose kecamatan the
crosswalk does not cover gets Kemendagri's codes instead, as a Pemda's own extract may carry.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.generate.exports import _address
from analytics.generate.population import REL_CHILD, REL_HEAD, REL_SPOUSE
from analytics.generate.profile import profile
from analytics.ingest.dtsen_values import CODES_FILE
from analytics.ingest.regions import crosswalk
from analytics.reference import REGION, load_kelurahan
from analytics.verval.dinsos_codes import code_lists

FORMS = ("kode", "label", "kasar")
# Family column -> the code list its class is written with.
DWELLING = {
    "jenis_lantai_terluas": ("floor", "jenis_lantai"),
    "jenis_dinding_terluas": ("wall", "jenis_dinding"),
    "jenis_atap_terluas": ("roof", "jenis_atap"),
    "sumber_air_minum_utama": ("water_source", "sumber_air"),
    "sumber_penerangan_utama": ("lighting", "sumber_penerangan"),
    "bahan_bakar_utama_memasak": ("cooking_fuel", "bahan_bakar"),
    "fasilitas_bab": ("sanitation", "fasilitas_bab"),
    "status_kepemilikan_rumah": ("home_ownership", "status_kepemilikan_rumah"),
}
# Schooling class of a person -> (diploma code, school participation code).
SCHOOLING = {
    "TIDAK/BELUM SEKOLAH": (23, 1),
    "TDK TAMAT SD/SEDERAJAT": (23, 3),
    "TAMAT SD/SEDERAJAT": (3, 3),
    "TAMAT SLTP/SEDERAJAT": (8, 3),
    "TAMAT SLTA/SEDERAJAT": (13, 3),
    "TAMAT PT/AKADEMI": (19, 3),
    "MASIH SD/SEDERAJAT": (23, 2),
    "MASIH SLTP/SEDERAJAT": (3, 2),
    "MASIH SLTA/SEDERAJAT": (8, 2),
}
VERSION = "v3-demo"
V3_FILES = ("keluarga_dtsen_v3.csv", "anggota_keluarga_dtsen_v3.csv")
# Share of v3 lines cut short in transit (the row is quarantined, never shifted).
SHORT_ROW_SHARE = 0.0005


@cache
def _class_codes(list_name: str) -> dict[str, int]:
    """Class -> the first code of that class (a code reads back to its class)."""
    spec = code_lists(CODES_FILE)[list_name]
    out: dict[str, int] = {}
    for code, klass in sorted(spec.get("class", {}).items(), key=lambda kv: int(kv[0])):
        out.setdefault(klass, int(code))
    return out


def _written(classes: pd.Series, list_name: str, form: str) -> np.ndarray:
    codes = classes.map(_class_codes(list_name))
    if form == "kode":
        return codes.astype("Int64").astype(object).to_numpy()
    if form == "label":
        labels = code_lists(CODES_FILE)[list_name]["codes"]
        return codes.map(lambda c: labels.get(str(int(c))) if pd.notna(c) else None).to_numpy()
    return classes.str.capitalize().to_numpy()


def _coded(values: pd.Series, list_name: str, form: str) -> np.ndarray:
    """Codes as the form writes them: the code, or its Regsosek label (no coarser one exists)."""
    if form == "kode":
        return values.astype(object).to_numpy()
    labels = code_lists(CODES_FILE)[list_name]["codes"]
    return values.map(lambda c: labels.get(str(int(c)))).to_numpy()


@cache
def _bps_codes() -> pd.DataFrame:
    """Kemendagri kelurahan -> BPS kecamatan (7 digits) and kelurahan (its last 3 digits): the
    crosswalk's where it has the kelurahan, else 901, 902… in its kecamatan (no BPS desa code of
    a kecamatan reaches 900, so a drawn code never names a real area)."""
    kel = load_kelurahan().sort_values("kode").copy()
    rows = crosswalk()
    kecamatan = rows[rows["level"] == "kecamatan"]
    kec = dict(zip(kecamatan["kode_kemendagri"], kecamatan["kode_bps"]))
    kel["bps_kecamatan"] = kel["kode_kecamatan"].map(kec)
    kelurahan = rows[rows["level"] == "kelurahan"].drop_duplicates("kode_kemendagri")
    real = kel["kode"].map(dict(zip(kelurahan["kode_kemendagri"], kelurahan["kode_bps"])))
    fits = real.str[:7].eq(kel["bps_kecamatan"]).fillna(False).astype(bool)
    drawn = kel[~fits].groupby("kode_kecamatan").cumcount().add(901).map("{:03d}".format)
    kel["bps_kelurahan"] = real.str[7:].where(fits, drawn)
    if kel["bps_kecamatan"].isna().any():
        kel["bps_kecamatan"] = kel["kode_kecamatan"].str.replace(".", "", regex=False)
        kel["bps_kelurahan"] = kel["kode"].str[-4:]
    return kel.set_index("kode")


def _yes_no(flags, form: str) -> np.ndarray:
    flags = np.asarray(flags, dtype=bool)
    if form == "kode":
        return np.where(flags, 1, 2).astype(object)
    return np.where(flags, "Ya", "Tidak").astype(object)


def keluarga(fam: pd.DataFrame, year: int, form: str = "kode") -> pd.DataFrame:
    """One row per family: region, size, desil (national; province and city the same rank
    here), PBI flag, dwelling, coordinates, version."""
    bps = _bps_codes().loc[fam["kode_kel"]]
    out = {
        "kode_provinsi": REGION.kode_provinsi,
        "provinsi": REGION.nama_provinsi.upper(),
        "kode_kabupaten_kota": profile().digits,
        "kabupaten_kota": REGION.short_name.upper(),
        "kode_kecamatan": bps["bps_kecamatan"].to_numpy(),
        "kecamatan": bps["kecamatan"].str.upper().to_numpy(),
        "kode_kelurahan_desa": (bps["bps_kecamatan"] + bps["bps_kelurahan"]).to_numpy(),
        "kelurahan_desa": bps["nama"].str.upper().to_numpy(),
        "nomor_kartu_keluarga": fam["kk"].to_numpy(),
        "alamat": _address(fam),
        "jumlah_anggota_keluarga": fam["size"].to_numpy(),
        "nama_kepala_keluarga": fam["head_name"].str.upper().to_numpy(),
        "desil_nasional": fam["pmt_desil"].to_numpy(),
        "desil_provinsi": fam["pmt_desil"].to_numpy(),
        "desil_kabupaten_kota": fam["pmt_desil"].to_numpy(),
        "pbi_nas": _yes_no(fam["receives_pbi"], form),
        "pbi_pemda": _yes_no(np.zeros(len(fam), dtype=bool), form),
        **{col: _written(fam[src], list_name, form) for col, (src, list_name) in DWELLING.items()},
        "latitude": fam["lat"].round(6).to_numpy(),
        "longitude": fam["lon"].round(6).to_numpy(),
        "versi": VERSION,
        "tanggal_data": f"{year}-03-01",
        "_family_id": fam["family_id"].to_numpy(),
    }
    return pd.DataFrame(out).astype(object)


def _relationship(per: pd.DataFrame) -> np.ndarray:
    rel = per["rel"].to_numpy()
    return np.select([rel == REL_HEAD, rel == REL_SPOUSE, rel == REL_CHILD], [1, 2, 3], 7)


def anggota(fam: pd.DataFrame, per: pd.DataFrame, year: int, form: str = "kode") -> pd.DataFrame:
    """One row per person of the families: keys, birth, relationship, schooling, work, the
    walking difficulty item (the demo's disability), PBI."""
    p = per[per["family_id"].isin(fam["family_id"])]
    p = p.sort_values(["family_id", "rel", "age"], ascending=[True, True, False]).reset_index(drop=True)
    f = fam.set_index("family_id").loc[p["family_id"]]
    schooling = p["education"].map(SCHOOLING)
    diploma = schooling.map(lambda t: t[0])
    school = schooling.map(lambda t: t[1])
    out = {
        "nomor_kartu_keluarga": f["kk"].to_numpy(),
        "nomor_induk_kependudukan": p["nik"].to_numpy(),
        "nama": p["name"].str.upper().to_numpy(),
        "tanggal_lahir": pd.to_datetime(p["birth"]).dt.strftime("%Y-%m-%d").to_numpy(),
        "jenis_kelamin": _coded(pd.Series(np.where(p["female"], 2, 1)), "jenis_kelamin", form),
        "status_hubungan_keluarga": _coded(pd.Series(_relationship(p)), "status_hubungan_keluarga", form),
        "partisipasi_sekolah": _coded(school, "partisipasi_sekolah", form),
        "ijazah_tertinggi_yang_dimiliki": _coded(diploma, "ijazah", form),
        "status_bekerja": _yes_no(p["works"], form),
        "berjalan_naik_tangga": _coded(pd.Series(np.where(p["disabled"], 2, 4)), "kesulitan", form),
        "pekerjaan_ktp": p["occupation"].to_numpy(),
        "pbi_nas": _yes_no(f["receives_pbi"].to_numpy(), form),
        "kode_kelurahan_desa": _bps_codes().loc[f["kode_kel"], "bps_kelurahan"].to_numpy(),
        "versi": VERSION,
        "_family_id": p["family_id"].to_numpy(),
        "_person_id": p["person_id"].to_numpy(),
    }
    return pd.DataFrame(out).astype(object)


def siksng_desil(fam: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
    """SIKS-NG's desil export: one row per person of desil 1-5 families (keys as text)."""
    low = fam[fam["pmt_desil"] <= 5]
    p = per[per["family_id"].isin(low["family_id"])].reset_index(drop=True)
    f = low.set_index("family_id").loc[p["family_id"]]
    return pd.DataFrame(
        {
            "Nomor KK": f["kk"].to_numpy(),
            "Desil": f["pmt_desil"].to_numpy(),
            "NIK": p["nik"].to_numpy(),
            "Nama": p["name"].str.upper().to_numpy(),
            "_family_id": p["family_id"].to_numpy(),
        }
    ).astype(object)


def recipients(fam: pd.DataFrame, per: pd.DataFrame, program: str, column: str) -> pd.DataFrame:
    """A programme's recipient list: the head of each receiving family, by NIK."""
    f = fam[fam[column]]
    heads = per[(per["rel"] == REL_HEAD) & per["family_id"].isin(f["family_id"])].reset_index(drop=True)
    return pd.DataFrame(
        {
            "NIK": heads["nik"].to_numpy(),
            "Nama": heads["name"].str.upper().to_numpy(),
            "Program": program,
            "Periode": "TAHAP 1",
            "_family_id": heads["family_id"].to_numpy(),
        }
    ).astype(object)


def damage_short_rows(df: pd.DataFrame, rng, log) -> pd.DataFrame:
    """Mark a few rows to be written without their last three fields (``write_v3``)."""
    short = rng.random(len(df)) < SHORT_ROW_SHARE
    df = df.copy()
    df["_short"] = short
    for uid in df.loc[short, "_uid"]:
        log.add(uid, "(baris)", "row_short", "", "tiga kolom terakhir hilang")
    return df


def write_v3(df: pd.DataFrame, path: Path) -> None:
    """DTSEN v3 as it travels: pipe-delimited, every field quoted, Latin-1; a row marked
    ``_short`` loses its last three fields."""
    cols = [c for c in df.columns if not c.startswith("_")]
    text = df[cols].to_csv(sep="|", quoting=csv.QUOTE_ALL, index=False, lineterminator="\n")
    lines = text.split("\n")
    if "_short" in df:
        for i in np.flatnonzero(df["_short"].to_numpy(dtype=bool)):
            lines[i + 1] = "|".join(lines[i + 1].split("|")[:-3])
    path.write_bytes("\n".join(lines).encode("latin-1", errors="replace"))


def year_files(fam: pd.DataFrame, per: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    """The demo year's DTSEN extracts and SIKS-NG lists, by file name."""
    return {
        "keluarga_dtsen_v3.csv": keluarga(fam, year, "kode"),
        "anggota_keluarga_dtsen_v3.csv": anggota(fam, per, year, "kode"),
        "siksng_desil.csv": siksng_desil(fam, per),
        "penerima_pkh.csv": recipients(fam, per, "PKH", "receives_pkh"),
        "penerima_bpnt.csv": recipients(fam, per, "BPNT", "receives_sembako"),
        "penerima_pbi.csv": recipients(fam, per, "PBI-JK", "receives_pbi"),
    }
