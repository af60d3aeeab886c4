"""Every page and the verval round of another region's demo, in a process of that region.

    KEMISKINAN_REGION=64.08 python -m tests.region_walk DB YEAR

Run by tests/generate/test_region_pages.py (the region is read once per process). Opens every
page as admin with AppTest and prints, as JSON, what each page wrote (titles, text, metric
labels, table columns and exceptions), then walks one verval round from the command line: the
demo verifikator's worklist, a paper record of a visit, the analis's approval and the export.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

import pandas as pd
from streamlit.testing.v1 import AppTest

from analytics.__main__ import main as command
from analytics.access.users import ensure_demo_accounts, users_path_for
from tests.dashboard.conftest import PAGES, session
from ui.errors import GENERIC

TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def page_texts(at: AppTest) -> dict:
    """What one page wrote: its texts, metric labels, table columns and exceptions."""
    texts = [str(e.value) for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    texts += [f"{m.label}: {m.value}" for m in at.metric]
    columns = [str(c) for d in at.dataframe for c in d.value.columns]
    return {
        "titles": [str(t.value) for t in at.title],
        "texts": texts,
        "columns": columns,
        # A bug shows ui.errors.GENERIC instead of a traceback: as much a failure as an exception.
        "exceptions": [str(e.value) for e in at.exception] + [str(e.value) for e in at.error if e.value == GENERIC],
    }


def walk_pages() -> dict[str, dict]:
    at = session("admin")
    found = {}
    for name, path in PAGES.items():
        at.switch_page(path)
        at.run()
        found[name] = page_texts(at)
    return found


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = command([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def paper_record(family_id: str) -> pd.DataFrame:
    """A paper record of a visit that found the family, as field officers fill it in."""
    answers = {
        "jumlah_anggota": "3",
        "jumlah_usia_kerja": "2",
        "jumlah_disabilitas": "0",
        "jumlah_lansia": "0",
        "jumlah_anak_tidak_sekolah": "0",
        "jenis_lantai": "TANAH",
        "jenis_dinding": "BAMBU",
        "jenis_atap": "ASBES/SENG",
        "sumber_air_minum": "AIR HUJAN",
        "fasilitas_bab": "LAINNYA",
        "sumber_penerangan": "BUKAN LISTRIK",
        "bahan_bakar_memasak": "ARANG/KAYU",
        "sumber_penghasilan": "tidak_ada",
        "temuan": "dikoreksi",
        "kelompok": "dtsen",
        "penanganan": "bantu",
    }
    answers |= {f"ind_{i}": "Memenuhi Kriteria" for i in range(1, 9)}
    return pd.DataFrame([{"id_keluarga": family_id, "hasil": "ditemukan", **answers}])


def walk_verval(db: str, year: int, folder: str) -> dict:
    """Worklist of the demo verifikator's area, one visit, its approval and the DTSEN export."""
    code, out, err = run("verval", "worklist", "--db", db, "--year", year, "--as", "verifikator")
    if code != 0:
        return {"worklist": err}
    work = pd.read_csv(io.StringIO(out), dtype=str)
    family = work.loc[~work["reasons"].str.contains("not_seen"), "family_id"].iloc[0]
    sheet = os.path.join(folder, "kunjungan.csv")
    paper_record(family).to_csv(sheet, index=False)
    imported = run("verval", "import", sheet, "--db", db, "--year", year, "--as", "verifikator")
    code, out, _ = run("verval", "review", "--db", db, "--as", "analis", "--format", "json")
    queue = pd.read_json(io.StringIO(out), dtype=False)
    review = ["verval", "review", "--db", db, "--as", "analis", "--record", queue["record_id"].iloc[0]]
    reviewed = run(*review, "--version", 1, "--decision", "approved")
    export = os.path.join(folder, "usulan.xlsx")
    exported = run(
        "verval", "export", "--db", db, "--year", year, "--as", "analis", *("--channel", "dtsen", "--out", export)
    )
    return {
        "areas": sorted(work["kode_kelurahan"].unique()),
        "worklist": len(work),
        "import": imported[:2],
        "review": reviewed[0],
        "review_err": reviewed[2],
        "export": exported[0],
        "export_err": exported[2],
        "exported": len(pd.read_excel(export, dtype=str, engine="calamine")) if exported[0] == 0 else 0,
    }


if __name__ == "__main__":
    db, year = sys.argv[1], int(sys.argv[2])
    ensure_demo_accounts(users_path_for(db))
    os.environ["KEMISKINAN_DB"] = db
    found = {"verval": walk_verval(db, year, os.path.dirname(db)), "pages": walk_pages()}
    print(json.dumps(found, default=str))
