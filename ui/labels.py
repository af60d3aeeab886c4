"""The vocabulary for pages (labels of codes in Bahasa Indonesia), from :mod:`analytics.labels`."""

from analytics.labels import ELIGIBILITY, PROGRAMS, SEGMENTS, TRANSFER_RULES

__all__ = ["ELIGIBILITY", "PROGRAMS", "SEGMENTS", "TRANSFER_RULES"]
