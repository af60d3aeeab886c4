"""A hostile workbook is refused with an Indonesian message and never takes the process down.

Each reader runs in a child process limited to 2 GB of address space: before the bound, calamine
asked for 512 GiB for one cell at XFD1048576 and the child aborted.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(path: Path, rows: str) -> Path:
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def text_row(row: int, *values: str) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{row}">{cells}</row>'


HEADER = text_row(1, "id_keluarga", "hasil")
FAR_CELL = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
# the same without references: 20 000 cells in one row, then rows counted one by one
NO_REFS = "<row>" + "<c><v>1</v></c>" * 20_000 + "</row>"

READERS = {
    "grids": "from analytics.ingest.grids import read_grids; read_grids(p, 'xlsx')",
    "export": "from analytics.ingest.readers import read_export; read_export(p)",
    "paper": "from analytics.verval.paper import _read; _read(p)",
    "sae": "from analytics.sae.io import read_table; read_table(p)",
    "upload": "from analytics.upload.source_detection import read_headers; read_headers(p, 'xlsx', 'x.xlsx')",
}

_CHILD = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from analytics.errors import UserError
p = Path(sys.argv[1])
try:
    {call}
except UserError as exc:
    print("DITOLAK", exc.message)
"""


def run_reader(reader: str, path: Path) -> subprocess.CompletedProcess:
    code = _CHILD.format(call=READERS[reader])
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120, cwd=Path.cwd()
    )


@pytest.mark.parametrize("reader", sorted(READERS))
def test_far_cell_is_refused_and_the_process_lives(tmp_path, reader):
    path = xlsx(tmp_path / "jauh.xlsx", HEADER + FAR_CELL)
    assert path.stat().st_size < 4000
    done = run_reader(reader, path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "DITOLAK" in done.stdout and "ditolak" in done.stdout and "batas" in done.stdout


def test_cells_without_references_are_counted(tmp_path):
    from analytics.errors import ImportFailed
    from analytics.ingest.bounds import check_workbook

    with pytest.raises(ImportFailed, match="kolom"):
        check_workbook(xlsx(tmp_path / "lebar.xlsx", NO_REFS))


def test_unpacked_xml_is_bounded_before_reading(tmp_path, monkeypatch):
    from analytics.errors import ImportFailed
    from analytics.ingest.bounds import check_workbook

    monkeypatch.setenv("KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB", "1")
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(2, 60_000))
    path = xlsx(tmp_path / "besar.xlsx", HEADER + rows)
    with pytest.raises(ImportFailed, match="setelah dibuka"):
        check_workbook(path)


def test_an_ordinary_workbook_passes(tmp_path):
    from analytics.ingest.bounds import check_workbook
    from analytics.verval.paper import _read

    path = xlsx(tmp_path / "biasa.xlsx", HEADER + text_row(2, "K1", "ditemukan"))
    check_workbook(path)
    assert _read(path)["hasil"].tolist() == ["ditemukan"]
