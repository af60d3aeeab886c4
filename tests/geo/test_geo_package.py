import doctest
import subprocess
import sys

import pytest

import geo.matching
import geo.sampling
import geo.schematic
from analytics.paths import PROJECT_ROOT


@pytest.mark.parametrize("module", [geo.matching, geo.sampling, geo.schematic])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_geo_never_imports_streamlit():
    code = "import sys, geo; print('streamlit' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "False"
