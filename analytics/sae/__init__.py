"""Small-area estimation (SAE) of poverty: unit-level EBP and area-level Fay-Herriot.

Modules, each holding one thing:

* :mod:`.design` — Wilkinson formulas (formulaic) to design matrices;
* :mod:`.nested_error` — nested-error regression by REML/ML from per-area sufficient statistics;
* :mod:`.survey_weights` — the Guadarrama, Molina & Rao (2018) pseudo-EB under survey weights;
* :mod:`.transforms` — Box-Cox, log, log(y + c), log-shift, none, and the REML choice of lambda;
* :mod:`.indicators` — P0, P1, P2, Watts and mean as unit functions, and their exact expectations;
* :mod:`.population`, :mod:`.prediction` — the census population, Monte Carlo and exact EB;
* :mod:`.bootstrap` — parametric bootstrap MSE; :mod:`.quality` — CV, intervals, BPS flags;
* :mod:`.benchmarking` — ratio benchmarking to a published aggregate;
* :mod:`.ebp` — :func:`ebp`, :func:`ebp_lines` (several poverty lines in one run) and
  :func:`poverty_probability` (census EB of Molina & Rao 2010);
* :mod:`.stored`, :mod:`.encoding` — :class:`StoredModel`, a fitted EB model as JSON, reused
  without the survey (probabilities, expected poor, welfare draws);
* :mod:`.transfer` — :class:`TransferSimulation`, city poverty before and after a transfer;
* :mod:`.fay_herriot` — :func:`fay_herriot` (as R ``sae``'s eblupFH/mseFH);
* :mod:`.direct` — Hájek direct estimates with linearised variances;
* :mod:`.diagnostics`, :mod:`.selection` — model diagnostics and covariate selection help;
* :mod:`.simulation` — design-based simulation of EBP against the direct estimator;
* :mod:`.io` — reading csv/xlsx/parquet files for the command line.

User mistakes raise :class:`analytics.errors.InputError` or :class:`analytics.errors.DataError`
with an Indonesian message. Results are frozen dataclasses holding a table and named fields.
"""

from analytics.sae.direct import DirectResult, direct
from analytics.sae.ebp import EbpResult, ebp, ebp_lines
from analytics.sae.fay_herriot import FhResult, fay_herriot
from analytics.sae.probability import poverty_probability
from analytics.sae.stored import StoredModel
from analytics.sae.transfer import TransferSimulation

__all__ = [
    "DirectResult",
    "EbpResult",
    "FhResult",
    "StoredModel",
    "TransferSimulation",
    "direct",
    "ebp",
    "ebp_lines",
    "fay_herriot",
    "poverty_probability",
]
