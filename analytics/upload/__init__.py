"""Importing one year's register exports uploaded by an admin: check, stage, then commit or cancel.

1. :func:`stage_upload` — sizes checked before parsing (:mod:`~analytics.upload.limits`),
   the format decided by content (:mod:`~analytics.upload.sniffing`), the register by the
   header row (:mod:`~analytics.upload.source_detection`); then the year, with the archive's
   other years, is imported into a candidate database beside the live one
   (:mod:`~analytics.upload.staging`, :mod:`~analytics.upload.year_files`,
   :mod:`~analytics.upload.workspace`).
2. :func:`validation_report` — rows read, loaded, merged and quarantined, the quarantined rows
   with their original values, and what would change (:mod:`~analytics.upload.report`).
3. :func:`commit_import` (atomic swap, year's files into the archive) or
   :func:`cancel_import`.

Nothing here imports Streamlit; the page ``pages/page_impor.py`` only calls these functions.
"""

from analytics.errors import UploadRefused
from analytics.upload.limits import max_file_bytes, max_total_bytes, max_unpacked_bytes, size_text
from analytics.upload.report import ValidationReport, validation_report
from analytics.upload.source_detection import SOURCE_LABELS, source_label
from analytics.upload.staging import cancel_import, commit_import, pending_import, stage_upload
from analytics.upload.workspace import PendingImport, StagedFile
from analytics.upload.year_files import IncomingFile

__all__ = [
    "SOURCE_LABELS",
    "IncomingFile",
    "PendingImport",
    "StagedFile",
    "UploadRefused",
    "ValidationReport",
    "cancel_import",
    "commit_import",
    "max_file_bytes",
    "max_total_bytes",
    "max_unpacked_bytes",
    "pending_import",
    "size_text",
    "source_label",
    "stage_upload",
    "validation_report",
]
