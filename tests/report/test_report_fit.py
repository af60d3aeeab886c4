"""Issue 27, point 7: the printed pack fits: no header word broken across lines, no code names
in the method note."""

import io

import pandas as pd
from pypdf import PdfReader

from analytics.report.pdf import _Pdf
from analytics.report.tables import Table


def test_pdf_table_headers_are_not_broken_mid_word():
    """Eleven columns at 7 pt, as the ranking table: "Peringka t" and "Keluraha n" were printed."""
    display = pd.DataFrame(
        {
            "Peringkat": ["1", "2"],
            "Kelurahan": ["Tanjung Laut Indah", "Berbas Tengah"],
            "Kecamatan": ["Bontang Selatan", "Bontang Utara"],
            **{f"Kolom {i} (×100)": ["0,123", "1.234"] for i in range(6)},
            "Keandalan": ["andal", "hati-hati"],
            "Penduduk miskin": ["1.230", "<10"],
        }
    )
    pdf = _Pdf(2024, "Kota Bontang")
    pdf.heading("Uji")
    pdf.table_of(Table("uji", "Uji", display, display), size=7)
    text = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0].extract_text()
    words = set(text.split())
    for header in ("Peringkat", "Kelurahan", "Kecamatan", "Keandalan"):
        assert header in words, (header, text[:400])


def test_method_note_prints_no_model_id_seed_or_code_name(monkeypatch):
    from types import SimpleNamespace

    from analytics.report import data

    run = {
        "run_id": "sae-2024-20261206T101500",
        "n_survey": 1520,
        "n_frame": 48211,
        "transform": "boxcox",
        "mc_draws": 100,
        "bootstrap": 200,
        "seed": 20240,
        "covariates": "desil",
        "benchmark": None,
    }
    monkeypatch.setattr(data, "welfare_source", lambda con, year: SimpleNamespace(run_id=run["run_id"]))
    monkeypatch.setattr(data, "run_row", lambda con, run_id: run)
    text = " ".join(data._welfare_lines(None, SimpleNamespace(welfare="model", year=2024)))
    for code in ("boxcox", "sae-2024", "20240", "benih", "L =", "B ="):
        assert code not in text, code
    assert "Box-Cox" in text and "1.520 rumah tangga survei" in text


def test_the_printed_map_names_do_not_cover_each_other():
    """Point 7: the PDF's map printed "Berbas Tengah" over "Tanjung Laut Indah"."""
    import matplotlib.pyplot as plt

    from analytics.report.charts import map_figure, text_extent
    from geo.boundaries import kelurahan_map

    frame = kelurahan_map().frame
    p2 = pd.DataFrame({"kode": frame["kode"], "p2": [0.1 + i / 100 for i in range(len(frame))]})
    fig = map_figure(frame, p2, 2024)
    try:
        renderer = fig.canvas.get_renderer()
        texts = fig.axes[0].texts
        labels = [t for t in texts if t.get_text() in set(frame["nama"]) or t.get_text().isdigit()]
        key = next((t.get_text() for t in texts if t.get_text().startswith("Nomor pada peta: ")), "")
        key = key.replace("\n", " ")
        # Every kelurahan is named: on the map, or by its number in the key under it.
        named = {t.get_text() for t in labels} | {entry.split(" ", 1)[1] for entry in key[17:].split(" · ") if entry}
        assert named >= set(frame["nama"]), set(frame["nama"]) - named
        boxes = [(t.get_text(), text_extent(t, renderer)) for t in labels]
        covered = [(a, b) for i, (a, x) in enumerate(boxes) for b, y in boxes[i + 1 :] if x.overlaps(y)]
        assert covered == []
    finally:
        plt.close(fig)
