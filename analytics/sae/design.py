"""Wilkinson formulas to design matrices (formulaic), with Indonesian errors.

The model is specified once on the survey (``"y ~ x1 + C(g)"``); the same encoding
(categorical levels, column order) is then applied to the population file, chunk by chunk,
so that a level present in the population but never seen in the survey is an error rather
than a silent row of zeros.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from formulaic import Formula, model_matrix
from formulaic.errors import FormulaicError

from analytics.errors import DataError, InputError

__all__ = ["Design", "build_design", "design_matrix", "split_formula"]


@dataclass(frozen=True)
class Design:
    """A fitted model encoding: response name, right-hand side and column names.

    ``spec`` is formulaic's ``ModelSpec`` of the right-hand side; ``columns`` are the
    design column names in order (``Intercept`` first when present).
    """

    formula: str
    response: str
    spec: object
    columns: tuple[str, ...]
    variables: tuple[str, ...]


def split_formula(formula: str) -> tuple[str, str]:
    """Return ``(response, right-hand side)`` of ``"y ~ x1 + x2"``; the response must be a column name.

    >>> split_formula("welfare ~ x1 + C(g)")
    ('welfare', 'x1 + C(g)')
    """
    if not isinstance(formula, str) or formula.count("~") != 1:
        raise InputError(f"formula harus berbentuk 'y ~ x1 + x2', bukan {formula!r}")
    left, right = (part.strip() for part in formula.split("~"))
    if not left.isidentifier():
        raise InputError(
            f"sisi kiri formula harus satu nama kolom (transformasi diatur dengan --transform), bukan {left!r}"
        )
    if not right:
        raise InputError(f"sisi kanan formula kosong: {formula!r}")
    try:
        Formula(f"{left} ~ {right}")
    except FormulaicError as exc:
        raise InputError(f"formula tidak dapat dibaca: {formula!r} ({_first_line(exc)})") from None
    return left, right


def build_design(formula: str, data: pd.DataFrame, *, what: str = "survei") -> tuple[Design, np.ndarray, np.ndarray]:
    """Encode ``formula`` on ``data``: the :class:`Design`, the design matrix X and the response y."""
    response, right = split_formula(formula)
    if response not in data.columns:
        raise DataError(f"kolom {response!r} (sisi kiri formula) tidak ada pada data {what}")
    _check_numeric(data[response], response, what)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matrices = model_matrix(right, data, na_action="raise")
    except (FormulaicError, ValueError) as exc:
        raise _translate(exc, what) from None
    spec = matrices.model_spec
    columns = tuple(str(c) for c in matrices.columns)
    design = Design(
        formula=f"{response} ~ {right}",
        response=response,
        spec=spec,
        columns=columns,
        variables=tuple(sorted(str(v) for v in spec.required_variables)),
    )
    X = np.asarray(matrices, dtype=np.float64)
    y = data[response].to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(y)):
        raise DataError(f"kolom {response!r} pada data {what} berisi nilai kosong atau tak hingga")
    return design, X, y


def design_matrix(design: Design, data: pd.DataFrame, *, what: str = "populasi") -> np.ndarray:
    """Apply a survey encoding to other rows (population chunk, bootstrap sample)."""
    missing = [v for v in design.variables if v not in data.columns]
    if missing:
        raise DataError(f"kolom {', '.join(repr(m) for m in missing)} (dipakai formula) tidak ada pada data {what}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", category=_mismatch_warning())
            matrix = design.spec.get_model_matrix(data, na_action="raise", output="numpy")
    except (FormulaicError, ValueError) as exc:
        raise _translate(exc, what) from None
    except _mismatch_warning() as exc:
        found = re.search(r"\{.*\}", str(exc))
        raise DataError(
            f"data {what} berisi kategori yang tidak ada pada survei {found.group(0) if found else ''}; "
            "gabungkan kategori itu atau tambahkan sampelnya"
        ) from None
    X = np.asarray(matrix, dtype=np.float64)
    if not np.all(np.isfinite(X)):
        raise DataError(f"kovariat pada data {what} berisi nilai kosong atau tak hingga")
    return X


def _check_numeric(column: pd.Series, name: str, what: str) -> None:
    if not pd.api.types.is_numeric_dtype(column):
        raise DataError(f"kolom {name!r} pada data {what} harus berupa angka")


def _mismatch_warning():
    from formulaic.errors import DataMismatchWarning

    return DataMismatchWarning


def _translate(exc: Exception, what: str) -> Exception:
    text = _first_line(exc)
    if "null values" in text:
        name = text.split("`")[1] if "`" in text else text
        return DataError(f"kolom {name!r} pada data {what} berisi nilai kosong; isi atau buang barisnya")
    if isinstance(exc, ValueError) and not isinstance(exc, FormulaicError):
        return DataError(f"data {what} tidak dapat dipakai untuk formula: {text}")
    if "not present in the dataset" in text:
        name = text.split("`")[1] if "`" in text else text
        return DataError(f"kolom {name!r} (dipakai formula) tidak ada pada data {what}")
    if "missing" in text.lower() or "nan" in text.lower():
        return DataError(f"kovariat pada data {what} berisi nilai kosong ({text})")
    return InputError(f"formula tidak dapat dipakai pada data {what}: {text}")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
