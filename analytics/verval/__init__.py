"""Verval in the field (issue 15): the worklist, the visit record, the store that outlives
imports, the review and what goes back to DTSEN, APBD, CSR and BAZNAS."""
