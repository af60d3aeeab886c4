"""What a model run should say about its population frame: which register it came from (a
DTSEN extract's version and date), how its DTSEN values were written, and how its families
per kelurahan changed against the year before (a frame that lost a kelurahan's families would
shift that kelurahan's estimate without any change in poverty)."""

from __future__ import annotations

from analytics import sql

#: A kelurahan whose frame families changed by more than this share is named with the run.
CHANGE_SHARE = 0.2
#: The DTSEN dwelling columns the model's covariates read (not ownership or power).
MODEL_COLUMNS = ("floor", "wall", "roof", "water_source", "lighting", "cooking_fuel", "sanitation")


def frame_check(con, year: int) -> dict:
    """Source, version, value forms and the kelurahan whose families changed most."""
    sources = sql.frame(con, "quality/frame_sources", {"year": year})
    now = sources[sources["year"] == year]
    row = now.iloc[0] if len(now) else None
    forms = sql.frame(con, "quality/value_forms", {"year": year})
    forms = forms[forms["column_name"].isin(MODEL_COLUMNS)]
    by_form = forms.groupby("form")["rows"].sum()
    change = sql.frame(con, "quality/frame_change", {"year": year})
    moved = change[change["families_before"] > 0].copy()
    moved["share"] = (moved["families"] - moved["families_before"]) / moved["families_before"]
    large = moved[moved["share"].abs() > CHANGE_SHARE]
    return {
        "source": None if row is None else row["frame_source"],
        "file": None if row is None else row["file"],
        "version": None if row is None else row["version"],
        "data_date": None if row is None else row["data_date"],
        "coarse": int(by_form.get("label kasar (P3KE)", 0)),
        "blank_or_unknown": int(by_form.get("kosong", 0) + by_form.get("tidak dikenal", 0)),
        "compared": bool(len(moved)),
        "largest_change": float(moved["share"].abs().max()) if len(moved) else None,
        "changed": [
            {"kelurahan": r.kelurahan, "now": int(r.families), "before": int(r.families_before)}
            for r in large.itertuples()
        ],
    }
