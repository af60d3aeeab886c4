"""Clean register exports in the layouts of sources.md, one DataFrame per file.

Columns whose name starts with an underscore carry the truth (family and person ids) for
the damage log and the truth folder; writers drop them.
"""

import numpy as np
import pandas as pd

from analytics.generate.population import REL_CHILD, REL_HEAD, REL_SPOUSE
from analytics.reference import REGION, load_kelurahan

PROGRAM_COLUMNS_P3KE = {
    "Penerima BPNT": "receives_sembako",
    "Penerima BPUM": "receives_bpum",
    "Penerima BST": "receives_bst",
    "Penerima PKH": "receives_pkh",
    "Penerima SEMBAKO": "receives_sembako",
    "Penerima Prakerja": "receives_prakerja",
    "Penerima KUR": "receives_kur",
}
STREETS = [
    "Jl. Pupuk Raya",
    "Jl. MT Haryono",
    "Jl. Ahmad Yani",
    "Jl. Brigjen Katamso",
    "Jl. KS Tubun",
    "Jl. Imam Bonjol",
    "Jl. Cut Nyak Dien",
    "Jl. Letjen S Parman",
    "Jl. Soekarno Hatta",
    "Jl. Awang Long",
    "Jl. DI Panjaitan",
    "Jl. Kapal Selam",
    "Jl. Pelabuhan",
    "Jl. Slamet Riyadi",
    "Jl. Hasanuddin",
    "Gg. Nelayan",
]
BIRTH_PLACES = {
    "6474": "BONTANG",
    "6472": "SAMARINDA",
    "7371": "MAKASSAR",
    "3578": "SURABAYA",
    "7308": "BONE",
}


def _yes_no(flags) -> np.ndarray:
    return np.where(np.asarray(flags, dtype=bool), "Ya", "Tidak").astype(object)


def _region_columns(kode_kel: pd.Series) -> pd.DataFrame:
    kel = load_kelurahan().set_index("kode")
    return pd.DataFrame(
        {
            "kecamatan": kode_kel.map(kel["kecamatan"]).str.upper().to_numpy(),
            "kelurahan": kode_kel.map(kel["nama"]).str.upper().to_numpy(),
            "kode10": kode_kel.str.replace(".", "", regex=False).to_numpy(),
        }
    )


def _address(fam: pd.DataFrame) -> np.ndarray:
    fid = fam["family_id"].to_numpy()
    street = np.array(STREETS, dtype=object)[fid % len(STREETS)]
    number = (fid * 7919 % 180 + 1).astype(str)
    return (street + " No. " + number).astype(object)


def _age_group(age: np.ndarray) -> np.ndarray:
    labels = np.array(
        [
            "USIA < 5 TAHUN",
            "USIA 6-12 TAHUN",
            "USIA 13-15 TAHUN",
            "USIA 16-18 TAHUN",
            "USIA 19 - 59 TAHUN",
            "USIA 60+ TAHUN",
        ],
        dtype=object,
    )
    return labels[np.searchsorted([5, 13, 16, 19, 60], age, side="right")]


def _marital(per: pd.DataFrame) -> np.ndarray:
    married = (per["rel"] <= REL_SPOUSE) & (per["age"] >= 17)
    return np.where(married, "KAWIN", "BELUM KAWIN").astype(object)


def _quality(values: np.ndarray, bad: set) -> np.ndarray:
    return np.where(np.isin(values, list(bad)), "JELEK/KUALITAS RENDAH", "BAGUS/KUALITAS TINGGI").astype(object)


def regsosek(fam: pd.DataFrame, year: int, observed: bool = False) -> pd.DataFrame:
    """One row per family. `pengeluaran_per_kapita` only when `observed`: no register
    carries expenditure unless the Pemda ran its own expenditure census."""
    health = np.where(
        fam["receives_pbi"],
        "PBI JKN",
        np.where(
            fam["pmt_desil"] >= 8,
            "JKN PEKERJA/PENERIMA UPAH",
            np.where(fam["pmt_desil"] >= 4, "JKN MANDIRI", "TIDAK MEMILIKI"),
        ),
    )
    out = pd.DataFrame(
        {
            "id_keluarga": fam["regsosek_id"].to_numpy(),
            "kode_wilayah": fam["kode_kel"].str.replace(".", "", regex=False).to_numpy(),
            "no_kk": fam["kk"].to_numpy(),
            "nik_kepala_keluarga": fam["head_nik"].to_numpy(),
            "nama_kepala_keluarga": fam["head_name"].str.upper().to_numpy(),
            "tanggal_lahir_kepala_keluarga": pd.to_datetime(fam["head_birth"]).dt.strftime("%Y-%m-%d").to_numpy(),
            "jenis_kelamin_kepala_keluarga": np.where(fam["head_female"], "PEREMPUAN", "LAKI-LAKI"),
            "alamat": _address(fam),
            "rt": (fam["family_id"] % 40 + 1).map("{:03d}".format).to_numpy(),
            "rw": (fam["family_id"] % 9 + 1).map("{:02d}".format).to_numpy(),
            "latitude": fam["lat"].round(6).to_numpy(),
            "longitude": fam["lon"].round(6).to_numpy(),
            "jumlah_anggota_keluarga": fam["size"].to_numpy(),
            "jumlah_balita": fam["n_toddlers"].to_numpy(),
            "jumlah_anak_sekolah": fam["n_school"].to_numpy(),
            "jumlah_anak_tidak_sekolah": fam["n_out_of_school"].to_numpy(),
            "jumlah_usia_kerja": fam["n_working_age"].to_numpy(),
            "jumlah_bekerja": fam["n_working"].to_numpy(),
            "jumlah_lansia": fam["n_elderly"].to_numpy(),
            "jumlah_disabilitas": fam["n_disabled"].to_numpy(),
            "pendidikan_tertinggi_kepala_keluarga": fam["head_education"].to_numpy(),
            "jenis_lantai": fam["floor"].to_numpy(),
            "jenis_dinding": fam["wall"].to_numpy(),
            "jenis_atap": fam["roof"].to_numpy(),
            "sumber_air_minum": fam["water_source"].to_numpy(),
            "fasilitas_bab": fam["sanitation"].to_numpy(),
            "sumber_penerangan": fam["lighting"].to_numpy(),
            "bahan_bakar_memasak": fam["cooking_fuel"].to_numpy(),
            "kepemilikan_jaminan_kesehatan": health,
            "pengeluaran_per_kapita": fam["expenditure_pc"].astype(int).to_numpy(),
            "peringkat_kesejahteraan": fam["pmt_percentile"].to_numpy(),
            "desil_nasional": fam["pmt_desil"].to_numpy(),
            "tahun_data": year,
            "_family_id": fam["family_id"].to_numpy(),
        }
    )
    if not observed:
        out = out.drop(columns="pengeluaran_per_kapita")
    return out.astype(object)


def _p3ke_family_columns(f: pd.DataFrame, year: int) -> dict:
    """The family, region and desil columns that both P3KE files start with."""
    reg = _region_columns(f["kode_kel"])
    return {
        "ID Keluarga P3KE": f["p3ke_id"].to_numpy(),
        "Dimuktakhirkan Tahun": year,
        "Provinsi": "KALIMANTAN TIMUR",
        "Kabupaten/Kota": "KOTA BONTANG",
        "Kecamatan": reg["kecamatan"],
        "Desa/Kelurahan": reg["kelurahan"],
        "Kode Kemdagri": reg["kode10"],
        "Desil Kesejahteraan": f["p3ke_desil"].to_numpy(),
        "Persentil": f["p3ke_percentile"].to_numpy(),
        "Alamat": _address(f),
    }


def p3ke_keluarga(fam: pd.DataFrame, year: int) -> pd.DataFrame:
    f = fam[fam["in_p3ke"]].reset_index(drop=True)
    out = pd.DataFrame(
        {
            **_p3ke_family_columns(f, year),
            "Nama Kepala Keluarga": f["head_name"].str.upper().to_numpy(),
            "NIK Kepala Keluarga": f["head_nik"].to_numpy(),
            "NIK Kepala Keluarga Padan Kemdagri": "PADAN",
            "Jenis Kelamin Kepala Keluarga": np.where(f["head_female"], "PEREMPUAN", "LAKI-LAKI"),
            "Tanggal Lahir Kepala Keluarga": pd.to_datetime(f["head_birth"]).to_numpy(),
            "Status Kawin Kepala Keluarga": "KAWIN",
            "Pekerjaan Kepala Keluarga": f["head_occupation"].to_numpy(),
            "Status Pekerjaan Kepala Keluarga": np.where(
                f["head_occupation"].isin(["TIDAK/BELUM BEKERJA", "PENSIUNAN"]),
                "TIDAK BEKERJA",
                "BERUSAHA/BEKERJA",
            ),
            "Pendidikan Kepala Keluarga": f["head_education"].to_numpy(),
            "Kepemilikan Rumah": f["home_ownership"].to_numpy(),
            "Memiliki Simpanan Uang/Perhiasan/Ternak/Lainnya": _yes_no(f["p3ke_percentile"] > 25),
            "Jenis Atap": f["roof"].to_numpy(),
            "Kualitas Atap": _quality(f["roof"].to_numpy(), {"KAYU/SIRAP"}),
            "Jenis Dinding": f["wall"].to_numpy(),
            "Kualitas Dinding": _quality(f["wall"].to_numpy(), {"BAMBU"}),
            "Jenis Lantai": f["floor"].to_numpy(),
            "Kualitas Lantai": _quality(f["floor"].to_numpy(), {"TANAH"}),
            "Sumber Penerangan": f["lighting"].to_numpy(),
            "Daya Listrik Terpasang": np.where(f["lighting"] == "LISTRIK PLN METERAN", "=< 900 WATT", "KOSONG"),
            "Bahan Bakar Memasak": f["cooking_fuel"].to_numpy(),
            "Sumber Air Minum": f["water_source"].to_numpy(),
            "Memiliki fasilitas Buang Air Besar": f["sanitation"].to_numpy(),
            "Resiko Stunting": np.where(f["n_toddlers"] > 0, "BERESIKO STUNTING", "BUKAN TARGET SASARAN"),
            **{col: _yes_no(f[src]) for col, src in PROGRAM_COLUMNS_P3KE.items()},
            "_family_id": f["family_id"].to_numpy(),
        }
    )
    return out.astype(object)


def p3ke_individu(fam: pd.DataFrame, per: pd.DataFrame, year: int) -> pd.DataFrame:
    f = fam[fam["in_p3ke"]].set_index("family_id")
    p = per[per["family_id"].isin(f.index)].sort_values(["family_id", "rel", "age"], ascending=[True, True, False])
    p = p.reset_index(drop=True)
    ff = f.loc[p["family_id"]].reset_index()
    rel = np.array(["KEPALA KELUARGA", "ISTRI/SUAMI", "ANAK", "LAINNYA"], dtype=object)[p["rel"].to_numpy()]
    out = pd.DataFrame(
        {
            **_p3ke_family_columns(ff, year),
            "ID Individu": ("P3KEI" + p["person_id"].map("{:09d}".format)).to_numpy(),
            "Prioritas Verval": "NORMAL",
            "Nama": p["name"].str.upper().to_numpy(),
            "NIK": p["nik"].to_numpy(),
            "Padan Dukcapil": "PADAN",
            "Jenis Kelamin": np.where(p["female"], "PEREMPUAN", "LAKI-LAKI"),
            "Hubungan dengan Kepala Keluarga": rel,
            "Status Kawin": _marital(p),
            "Tanggal Lahir": pd.to_datetime(p["birth"]).to_numpy(),
            "Usia": p["age"].to_numpy(),
            "Kelompok Usia": _age_group(p["age"].to_numpy()),
            "Pekerjaan": p["occupation"].to_numpy(),
            "Status Pekerjaan": np.where(p["works"], "BERUSAHA/BEKERJA", "TIDAK BEKERJA"),
            "Pendidikan": p["education"].to_numpy(),
            **{col: _yes_no(ff[src]) for col, src in PROGRAM_COLUMNS_P3KE.items()},
            "_family_id": p["family_id"].to_numpy(),
            "_person_id": p["person_id"].to_numpy(),
        }
    )
    return out.astype(object)


def dtks(fam: pd.DataFrame, per: pd.DataFrame, year: int, rng) -> pd.DataFrame:
    f = fam[fam["in_dtks"]].set_index("family_id")
    p = per[per["family_id"].isin(f.index)]
    # Monthly updating drops some members between exports; the head always stays.
    p = p[(p["rel"] == REL_HEAD) | (rng.random(len(p)) >= 0.04)]
    p = p.sort_values(["family_id", "rel"]).reset_index(drop=True)
    ff = f.loc[p["family_id"]].reset_index()
    reg = _region_columns(ff["kode_kel"])
    rel = np.where(
        p["rel"] == REL_HEAD,
        "KEPALA KELUARGA",
        np.where(
            p["rel"] == REL_SPOUSE,
            np.where(p["female"], "ISTRI", "SUAMI"),
            np.where(p["rel"] == REL_CHILD, "ANAK", "FAMILI LAIN"),
        ),
    )
    place = p["nik"].str[:4].map(BIRTH_PLACES).fillna(REGION.short_name.upper())
    from analytics.generate.names import draw_names

    mothers = draw_names(np.random.default_rng(year), np.ones(len(p), dtype=bool))
    pmks = np.where(
        ff["n_elderly"].to_numpy() == ff["size"].to_numpy(),
        "LANJUT USIA TERLANTAR",
        np.where(ff["n_disabled"].to_numpy() > 0, "PENYANDANG DISABILITAS", "FAKIR MISKIN"),
    )
    return pd.DataFrame(
        {
            "iddtks": ("DTKS" + p["person_id"].map("{:010d}".format)).to_numpy(),
            "provinsi": "KALIMANTAN TIMUR",
            "kabupaten_kota": "KOTA BONTANG",
            "kecamatan": reg["kecamatan"],
            "desa_kelurahan": reg["kelurahan"],
            "alamat": _address(ff),
            "dusun": "-",
            "rt": (ff["family_id"] % 40 + 1).map("{:03d}".format).to_numpy(),
            "rw": (ff["family_id"] % 9 + 1).map("{:02d}".format).to_numpy(),
            "nomor_kk": ff["kk"].to_numpy(),
            "nomor_nik": p["nik"].to_numpy(),
            "nama": p["name"].str.upper().to_numpy(),
            "tanggal_lahir": pd.to_datetime(p["birth"]).dt.strftime("%d-%m-%Y").to_numpy(),
            "tempat_lahir": place.to_numpy(),
            "jenis_kelamin": np.where(p["female"], "PEREMPUAN", "LAKI-LAKI"),
            "pekerjaan": p["occupation"].to_numpy(),
            "nama_ibu_kandung": np.char.upper(mothers.astype(str)),
            "hubungan_keluarga": rel,
            "keterangan_padan": "PADAN",
            "bansos_bpnt": _yes_no(ff["receives_sembako"]),
            "bansos_pkh": _yes_no(ff["receives_pkh"]),
            "bansos_bpnt_ppkm": _yes_no(ff["receives_sembako"] & (year == 2021)),
            "pbi_jkn": _yes_no(ff["receives_pbi"]),
            "tahun_data": year,
            "jenis_pmks": pmks,
            "_family_id": p["family_id"].to_numpy(),
            "_person_id": p["person_id"].to_numpy(),
        }
    ).astype(object)
