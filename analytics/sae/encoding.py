"""A design's encoding as plain JSON data, so that a stored model encodes a population later.

formulaic's ``ModelSpec`` is not itself serialisable. What makes a population's design
matrix equal to the survey's is the right-hand side of the formula plus two pieces of
state learnt on the survey: the levels of every categorical factor (``encoder_state``;
formulaic documents ``categories`` as the state to give when specifying it by hand) and
the parameters of stateful transforms such as ``center(x)`` or ``poly(x, 2)``
(``transform_state``). Both are stored as JSON; a new ``ModelSpec`` is built from them, and
:func:`check_columns` confirms on the data that it yields the stored column names.

Values keep their type through JSON: numpy scalars become Python numbers, arrays are
tagged ``{"__array__": [...], "dtype": "float64"}``, and a mapping whose keys are not all
text is tagged ``{"__map__": [[key, value], ...]}`` (``poly`` keys its state by degree).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from formulaic import ModelSpec
from formulaic.errors import FormulaicError
from formulaic.parser.types import Factor

from analytics.errors import DataError, InputError
from analytics.sae.design import Design, split_formula

__all__ = ["check_columns", "design_from_plain", "design_to_plain", "plain", "restore"]


def design_to_plain(design: Design) -> dict:
    """The JSON-ready encoding of ``design`` (formula, columns, variables, factor and transform state)."""
    spec = design.spec
    encoder = {}
    for term, (kind, state) in spec.encoder_state.items():
        kept = {key: plain(value) for key, value in state.items() if key != "contrasts"}
        encoder[str(term)] = {"kind": kind.value, **kept}
    return {
        "formula": design.formula,
        "columns": list(design.columns),
        "variables": list(design.variables),
        "ensure_full_rank": bool(spec.ensure_full_rank),
        "encoder_state": encoder,
        "transform_state": plain(dict(spec.transform_state)),
    }


def design_from_plain(data: dict) -> Design:
    """Rebuild a :class:`Design` (with a formulaic ``ModelSpec``) from :func:`design_to_plain`'s output."""
    response, right = split_formula(data["formula"])
    encoder = {}
    for term, entry in data["encoder_state"].items():
        state = {key: restore(value) for key, value in entry.items() if key != "kind"}
        encoder[term] = (Factor.Kind(entry["kind"]), state)
    spec = ModelSpec(
        formula=right,
        ensure_full_rank=bool(data["ensure_full_rank"]),
        encoder_state=encoder,
        transform_state=restore(data["transform_state"]),
    )
    return Design(
        formula=data["formula"],
        response=response,
        spec=spec,
        columns=tuple(data["columns"]),
        variables=tuple(data["variables"]),
    )


def check_columns(design: Design, frame: pd.DataFrame, *, what: str = "populasi") -> None:
    """The rebuilt encoding must give the stored design columns on ``frame`` (one row is tried)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            columns = tuple(str(c) for c in design.spec.get_model_matrix(frame.iloc[:1], output="pandas").columns)
    except (FormulaicError, ValueError) as exc:
        raise DataError(f"penyandian formula model tersimpan tidak dapat dipakai pada data {what}: {exc}") from None
    if columns != design.columns:
        raise DataError(
            f"penyandian formula model tersimpan menghasilkan kolom {list(columns)} pada data {what}, "
            f"bukan {list(design.columns)}; simpan ulang model dengan versi formulaic yang sama"
        )


def plain(value):
    """``value`` as JSON-ready data (see the module docstring); anything else is an InputError."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, int | float):
        return value
    if isinstance(value, np.ndarray):
        return {"__array__": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: plain(v) for k, v in value.items()}
        return {"__map__": [[plain(k), plain(v)] for k, v in value.items()]}
    raise InputError(f"keadaan model bertipe {type(value).__name__} tidak dapat disimpan sebagai JSON")


def restore(value):
    """The inverse of :func:`plain`."""
    if isinstance(value, list):
        return [restore(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__array__" in value:
        return np.asarray(value["__array__"], dtype=value["dtype"])
    if "__map__" in value:
        return {_key(restore(k)): restore(v) for k, v in value["__map__"]}
    return {k: restore(v) for k, v in value.items()}


def _key(value):
    return tuple(value) if isinstance(value, list) else value
