"""The small-area model in the product: harmonised covariates, runs, publication and reading.

:mod:`analytics.sae` holds the estimators and knows nothing of the database; this package
prepares their inputs from a year of the database (the survey and the Regsosek frame, with the
same covariates computed on both sides), runs them, stores a published run in the database
and answers what the pages ask of the published run.
"""
