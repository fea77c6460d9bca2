"""Why carbon is where it is (docs/study.md, step 7; docs/geodetector.md):
the geographical detector on the carbon stock of the last known map and on
each finished scenario's carbon change in the last target year (first
pathway). Factors: the study's drivers (continuous, discretised by OPGD)
and the land-use map of the same date (categorical).
"""

from dataclasses import dataclass

from ..common.outputs import Outputs
from ..common.tables import write_table
from ..geodetector import (
    GeodetectorSettings,
    ecological_rows,
    factor_rows,
    interaction_rows,
    risk_rows,
    run_geodetector,
)


@dataclass
class Explanation:
    """One analysis: ``what`` (scenario name or 'observed'), the ``year``,
    ``y`` ('stock' or 'change') and the GeodetectorResult."""

    what: str
    year: int
    y: str
    result: object


def explain(s, result, layout, progress):
    """[Explanation] of the observed stock and every scenario's change."""
    jobs = []
    if result.base_row is not None and result.base_row.files.get("stock"):
        jobs.append(("observed", s.years[-1], "stock", result.base_row.files["stock"],
                     s.maps[-1]))
    last = s.target_years[-1]
    first_pathway = result.pathways[0][0] if result.pathways else None
    for outcome in result.scenarios:
        row = next((r for r in outcome.rows if r.year == last and r.pathway == first_pathway
                    and r.files.get("change")), None)
        if outcome.status == "finished" and row is not None:
            jobs.append((outcome.spec.name, last, "change", row.files["change"],
                         outcome.maps[last]))
    out = []
    settings = GeodetectorSettings()
    for n, (what, year, kind, y_path, landuse) in enumerate(jobs):
        step = progress.span(n / len(jobs), (n + 1) / len(jobs))
        step.info("Step 7: geographical detector of the carbon %s of %s, %d." % (kind, what, year))
        res = run_geodetector(y_path, list(s.driver_paths), [landuse], settings=settings,
                              progress=step)
        tag = "%s_%s_%d" % (what, kind, year)
        with Outputs() as files:
            for key, rows in (("geodetector_factors", factor_rows), ("geodetector_interactions",
                                                                     interaction_rows),
                              ("geodetector_risk", risk_rows),
                              ("geodetector_ecological", ecological_rows)):
                write_table(files.path(layout.path(key, tag=tag)), *rows(res))
        out.append(Explanation(what, year, kind, res))
    return out
