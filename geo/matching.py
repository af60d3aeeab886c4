"""Match the features of a boundary file to gazetteer kelurahan by code or by name."""

import math
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pandas as pd

from analytics.reference import (
    UNIT,
    UNIT_TITLE,
    kelurahan_name_index,
    load_kelurahan,
    normalize_name,
    normalize_region_code,
)

MatchMethod = Literal["kode", "nama"]

# GIS offices often prefix the name with the unit type ("KELURAHAN LOKTUAN", "Kel. Kanaan").
_NAME_PREFIXES = ("KELURAHAN", "KEL", "DESA")


@dataclass(frozen=True)
class FeatureMatch:
    """One feature of the file and the kelurahan it was matched to."""

    feature: int  # 0-based position of the feature in the file
    kode: str
    method: MatchMethod
    attribute: str  # the attribute whose value matched
    value: object


@dataclass(frozen=True)
class UnmatchedFeature:
    """A feature whose attributes name no known kelurahan."""

    feature: int
    attributes: dict[str, object]


@dataclass(frozen=True)
class NameConflict:
    """A feature matched by code whose name attribute points to another kelurahan."""

    feature: int
    kode: str  # from the code attribute, which wins
    kode_by_name: str
    attribute: str
    value: object


@dataclass(frozen=True)
class MatchReport:
    """How the features of one boundary file were matched to the gazetteer."""

    source: str
    matches: tuple[FeatureMatch, ...]
    unmatched: tuple[UnmatchedFeature, ...]
    missing: tuple[str, ...]  # gazetteer kode with no feature (or only empty geometry)
    conflicts: tuple[NameConflict, ...] = ()

    @property
    def method_by_feature(self) -> dict[int, MatchMethod]:
        """Feature position -> 'kode' or 'nama'."""
        return {match.feature: match.method for match in self.matches}

    @property
    def complete(self) -> bool:
        """Every feature matched and every kelurahan has a polygon."""
        return not self.unmatched and not self.missing

    def summary(self) -> str:
        """One paragraph in Bahasa Indonesia for the dashboard or the CLI."""
        by_code = sum(match.method == "kode" for match in self.matches)
        by_name = len(self.matches) - by_code
        lines = [f"{len(self.matches)} fitur dicocokkan ({by_code} lewat kode, {by_name} lewat nama)."]
        if self.unmatched:
            lines.append(f"{len(self.unmatched)} fitur tidak dikenali dan diabaikan.")
        if self.missing:
            names = load_kelurahan().set_index("kode")["nama"]
            missing = ", ".join(names[kode] for kode in self.missing)
            lines.append(f"{UNIT_TITLE} tanpa poligon: {missing}.")
        if self.conflicts:
            lines.append(
                f"{len(self.conflicts)} fitur memiliki kode dan nama yang menunjuk {UNIT} berbeda; kode yang dipakai."
            )
        return " ".join(lines)


def match_features(attributes: pd.DataFrame, source: str = "") -> MatchReport:
    """Match each row of a boundary file's attribute table to a gazetteer kelurahan.

    A row is matched by code when any attribute holds a gazetteer Kemendagri code in any
    spelling (``64.74.01.1001``, ``6474011001``, a number), otherwise by name when any text
    attribute holds an official name or a known variant. Attributes that match more rows are
    tried first, so a stray column cannot outvote the real key column.

    Parameters
    ----------
    attributes : pandas.DataFrame
        One row per feature, without the geometry column.
    source : str
        Name of the file, kept in the report.

    Returns
    -------
    MatchReport

    Examples
    --------
    >>> table = pd.DataFrame({"KODE": ["6474011001", None], "NAMOBJ": ["x", "LOKTUAN"]})
    >>> [(m.kode, m.method) for m in match_features(table).matches]
    [('64.74.01.1001', 'kode'), ('64.74.01.1003', 'nama')]
    """
    code_hits = _ranked_hits(attributes, _as_kelurahan_code)
    name_hits = _ranked_hits(attributes, _as_kelurahan_by_name)

    matches: list[FeatureMatch] = []
    unmatched: list[UnmatchedFeature] = []
    conflicts: list[NameConflict] = []
    for position in range(len(attributes)):
        match = _first_hit(code_hits, attributes, position, "kode") or _first_hit(
            name_hits, attributes, position, "nama"
        )
        if match is None:
            unmatched.append(UnmatchedFeature(position, _plain_row(attributes, position)))
            continue
        matches.append(match)
        if match.method == "kode":
            conflicts.extend(_name_conflicts(name_hits, attributes, match))

    found = {match.kode for match in matches}
    missing = tuple(kode for kode in load_kelurahan()["kode"] if kode not in found)
    return MatchReport(source, tuple(matches), tuple(unmatched), missing, tuple(conflicts))


def _ranked_hits(attributes: pd.DataFrame, to_kode) -> list[tuple[str, pd.Series]]:
    """Per attribute, the kode each value points to; attributes with no hit are dropped."""
    hits = []
    for column in attributes.columns:
        kode = attributes[column].map(to_kode)
        count = int(kode.notna().sum())
        if count:
            hits.append((count, str(column), kode))
    # sorted() is stable, so equally good attributes keep the file's column order.
    hits = sorted(hits, key=lambda hit: -hit[0])
    return [(column, kode) for _, column, kode in hits]


def _first_hit(
    hits: list[tuple[str, pd.Series]],
    attributes: pd.DataFrame,
    position: int,
    method: MatchMethod,
) -> FeatureMatch | None:
    for column, kode in hits:
        value = kode.iloc[position]
        if isinstance(value, str):
            raw = _plain(attributes[column].iloc[position])
            return FeatureMatch(position, value, method, column, raw)
    return None


def _name_conflicts(
    name_hits: list[tuple[str, pd.Series]], attributes: pd.DataFrame, match: FeatureMatch
) -> list[NameConflict]:
    conflicts = []
    for column, kode in name_hits:
        by_name = kode.iloc[match.feature]
        if isinstance(by_name, str) and by_name != match.kode:
            raw = _plain(attributes[column].iloc[match.feature])
            conflicts.append(NameConflict(match.feature, match.kode, by_name, column, raw))
    return conflicts


def _as_kelurahan_code(value) -> str | None:
    """The gazetteer kode a cell spells, in any accepted form, else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        # Shapefile and spreadsheet tools store long codes as floats (6474011001.0).
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    kode = normalize_region_code(value)
    return kode if kode in _gazetteer_codes() else None


def _as_kelurahan_by_name(value) -> str | None:
    """The gazetteer kode a text cell names (official name or a known variant), else None."""
    if not isinstance(value, str):
        return None
    index = kelurahan_name_index()
    key = normalize_name(value)
    if key in index:
        return index[key]
    for prefix in _NAME_PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in index:
            return index[key[len(prefix) :]]
    return None


@cache
def _gazetteer_codes() -> frozenset[str]:
    return frozenset(load_kelurahan()["kode"])


def _plain_row(attributes: pd.DataFrame, position: int) -> dict[str, object]:
    row = attributes.iloc[position]
    return {str(column): _plain(value) for column, value in row.items()}


def _plain(value) -> object:
    """NumPy scalars and NaN as plain Python values, so reports print and compare simply."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
