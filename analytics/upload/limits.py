"""Size limits of an upload, checked before any byte is parsed.

The limits are settings (``KEMISKINAN_UPLOAD_MAX_MB``, ``KEMISKINAN_UPLOAD_TOTAL_MAX_MB``,
``KEMISKINAN_UPLOAD_XLSX_UNPACKED_MAX_MB``; :mod:`analytics.settings`), in megabytes (MiB,
decimals allowed). A real export is far below these: a year of
Regsosek for Kota Bontang is about 18 MB of CSV, and an xlsx unpacks to about 11 times its size.
"""

from analytics.errors import UploadRefused
from analytics.formats import number
from analytics.settings import settings

MB = 1024 * 1024


def max_file_bytes() -> int:
    return int(settings().upload_file_mb * MB)


def max_total_bytes() -> int:
    return int(settings().upload_total_mb * MB)


def max_unpacked_bytes() -> int:
    return int(settings().upload_unpacked_mb * MB)


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
