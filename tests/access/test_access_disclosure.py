"""Small-count suppression with complementary suppression (Hypothesis properties)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.disclosure import HIDDEN, suppress_small

SMALL = "<10"


def hidden(value) -> bool:
    return value in (SMALL, HIDDEN)


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 8))
    ncols = draw(st.integers(1, 3))
    count = st.one_of(st.integers(0, 12), st.integers(0, 200))
    data = {f"c{j}": draw(st.lists(count, min_size=rows, max_size=rows)) for j in range(ncols)}
    table = pd.DataFrame({"kode": [f"k{i}" for i in range(rows)], **data})
    with_total = draw(st.booleans())
    if with_total:
        total = pd.DataFrame({"kode": ["kota"], **{c: [sum(v)] for c, v in data.items()}})
        table = pd.concat([total, table], ignore_index=True)
    return table, list(data), with_total


@settings(max_examples=300, deadline=None)
@given(tables())
def test_small_counts_hidden_and_not_recoverable(case):
    table, columns, with_total = case
    out = suppress_small(table, columns, total_row="kota" if with_total else None, group_column="kode")
    assert list(out.columns) == list(table.columns)
    assert out["kode"].tolist() == table["kode"].tolist()
    for column in columns:
        for original, shown in zip(table[column], out[column]):
            if 1 <= original <= 9:
                assert shown == SMALL  # every small count hidden
            elif hidden(shown):
                assert shown == HIDDEN and original >= 10  # complements only, never a zero
            else:
                assert shown == original  # everything else unchanged
        cells = out[column][out["kode"] != "kota"]
        if with_total:
            total_shown = not hidden(out[column].iloc[0])
        else:  # the city figure elsewhere, suppressed there when small
            total_shown = not 1 <= table[column].sum() <= 9
        if total_shown:  # a total known (in the table, or the city figure elsewhere)
            assert sum(hidden(v) for v in cells) != 1


def test_example_with_city_row():
    table = pd.DataFrame(
        {"kode": ["64.74", "a", "b", "c", "d"], "miskin": [55, 3, 0, 12, 40], "ekstrem": [20, 0, 0, 20, 0]}
    )
    out = suppress_small(table, ["miskin", "ekstrem"], total_row="64.74", group_column="kode")
    assert out["miskin"].tolist() == [55, SMALL, 0, HIDDEN, 40]
    assert out["ekstrem"].tolist() == [20, 0, 0, 20, 0]


def test_small_total_is_hidden_and_needs_no_complement():
    table = pd.DataFrame({"kode": ["kota", "a", "b", "c"], "n": [7, 7, 0, 0]})
    out = suppress_small(table, ["n"], total_row="kota", group_column="kode")
    assert out["n"].tolist() == [SMALL, SMALL, 0, 0]


def test_threshold_and_missing_values():
    table = pd.DataFrame({"n": [4.0, None, 5.0, 30.0]})
    out = suppress_small(table, ["n"], threshold=5)
    assert out["n"].tolist()[0] == "<5" and pd.isna(out["n"].tolist()[1])
    assert out["n"].tolist()[2:] == [HIDDEN, 30]


def test_input_checks():
    table = pd.DataFrame({"kode": ["a"], "n": [-1]})
    with pytest.raises(ValueError, match="negatif"):
        suppress_small(table, ["n"])
    with pytest.raises(ValueError, match="tidak ada"):
        suppress_small(table, ["m"])
    with pytest.raises(ValueError, match="group_column"):
        suppress_small(table, ["n"], total_row="kota")
    with pytest.raises(ValueError, match="tepat satu"):
        suppress_small(table.assign(n=1), ["n"], total_row="kota", group_column="kode")
