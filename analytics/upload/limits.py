"""Size limits of an upload, checked before any byte is parsed.

| environment variable | default | limits |
|---|---|---|
| ``KEMISKINAN_UPLOAD_MAX_MB`` | 200 | one uploaded file |
| ``KEMISKINAN_UPLOAD_TOTAL_MAX_MB`` | 500 | all files of one upload together |
| ``KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB`` | 2048 | the unpacked content of one xlsx (zip bomb guard) |

Values are megabytes (MiB, decimals allowed). A real export is far below these: a year of
Regsosek for Kota Bontang is about 18 MB of CSV, and an xlsx unpacks to about 11 times its size.
"""

import os

from analytics.formats import number
from analytics.upload.errors import UploadRefused

MB = 1024 * 1024
FILE_ENV = "KEMISKINAN_UPLOAD_MAX_MB"
TOTAL_ENV = "KEMISKINAN_UPLOAD_TOTAL_MAX_MB"
UNPACKED_ENV = "KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB"
DEFAULT_FILE_MB = 200  # Streamlit's own default upload limit
DEFAULT_TOTAL_MB = 500
DEFAULT_UNPACKED_MB = 2048


def _megabytes(env: str, default: float) -> float:
    raw = os.environ.get(env, "").strip()
    if not raw:
        return float(default)
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not value > 0:
        # A mistyped limit must not silently become "no limit".
        raise UploadRefused(f"Variabel lingkungan {env} harus berupa angka MB lebih dari nol, bukan {raw!r}.")
    return value


def max_file_bytes() -> int:
    return int(_megabytes(FILE_ENV, DEFAULT_FILE_MB) * MB)


def max_total_bytes() -> int:
    return int(_megabytes(TOTAL_ENV, DEFAULT_TOTAL_MB) * MB)


def max_unpacked_bytes() -> int:
    return int(_megabytes(UNPACKED_ENV, DEFAULT_UNPACKED_MB) * MB)


def size_text(n_bytes: int) -> str:
    """Bytes as the admin reads them.

    >>> size_text(1536), size_text(18_214_480)
    ('1,5 KB', '17,4 MB')
    """
    if n_bytes < MB:
        return f"{number(n_bytes / 1024, 1)} KB"
    return f"{number(n_bytes / MB, 1)} MB"


def check_sizes(files: list[tuple[str, int]]) -> None:
    """Refuse when a file, or all together, exceed the limits; ``files`` are (name, bytes)."""
    per_file, total = max_file_bytes(), max_total_bytes()
    problems = [
        f"Berkas {name} terlalu besar ({size_text(size)}; batas {size_text(per_file)} per berkas)."
        for name, size in files
        if size > per_file
    ]
    problems += [f"Berkas {name} kosong." for name, size in files if size == 0]
    together = sum(size for _, size in files)
    if together > total:
        problems.append(f"Unggahan terlalu besar ({size_text(together)}; batas {size_text(total)} per unggahan).")
    if problems:
        raise UploadRefused(problems)
