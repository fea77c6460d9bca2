"""The validation of the study (docs/study.md, step 3): CARS simulates the
last known map from the one before, with the observed class totals as the
demand, and the simulated map is scored against the observed one next to the
random and nearest-patch baselines (docs/accuracy.md), with KSim, the skill
per conversion and the budget at multiple resolutions; the validation's
probabilities are scored against the gains of the simulated interval (AUC
and TOC per class, docs/leas.md). With three or more maps its LEAS learns
from the interval before (out of sample); with two it reuses the one
interval there is (in sample, and the report says so).
"""

import os
import shutil

import numpy as np

from ..cars import expansion_weights
from ..common import raster
from ..common.demand_tables import write_demand
from ..common.landmap import cross_tabulate
from ..common.outputs import Outputs
from ..common.tables import write_table
from ..common.units import M2_PER_KM2
from ..landuse import AccuracySettings, assess_accuracy, run_accuracy
from ..leas import probability_skill, write_skill_outputs
from .probabilities import train
from .results import Allocation, Validation
from .simulation import cars, observed_transitions, simulate


def observed_demand(infos, codes, progress):
    """Demand of the validation run: the observed class totals of the last map
    over the cells valid in the map before it (cells valid only in the earlier
    map keep their class)."""
    counts = cross_tabulate(infos[-2], infos[-1], codes, progress)
    demand = counts.matrix.sum(axis=0) + (counts.start_cells - counts.matrix.sum(axis=1))
    return {int(c): int(n) for c, n in zip(codes, demand)}


def write_weights(path, start_info, end_info, codes, progress, mode="expansion"):
    """The neighbourhood weights w_k of CARS as a WEIGHTS table: each class's
    share of the expansion between two maps (``mode`` expansion; 1 when
    nothing changed), or 1 for every class (``mode`` equal)."""
    weights = None
    if mode == "expansion":
        weights, _gained = expansion_weights(start_info, end_info, codes, progress)
    if weights is None:
        weights = np.ones(len(codes))
    write_table(path, ["code", "weight"], [[c, float(w)] for c, w in zip(codes, weights)])
    return path


def validate(s, result, infos, future_probability, layout, progress):
    """Step 3: simulate the last map from the one before and score it.
    ``future_probability``: the scenarios' probabilities on the map before
    the last (reused, in sample, when there are only two maps). Returns a
    :class:`Validation`."""
    n = len(s.maps)
    out_of_sample = n >= 3
    observed = s.years[-1]
    probability = _probability(s, result, out_of_sample, future_probability, layout,
                               progress.span(0.0, 0.1 if out_of_sample else 0.01))
    skill = score_probability(s, result, infos, probability, out_of_sample, layout,
                              progress.span(0.1, 0.12))
    step = progress.span(0.12, 1.0)
    demand_csv = layout.path("validation_demand", year=observed)
    demand = observed_demand(infos, result.codes, step.span(0.0, 0.1))
    cell_km2 = None if infos[0].grid.is_geographic else \
        raster.CellAreas(infos[0].grid).constant_m2 / M2_PER_KM2
    with Outputs() as out:
        write_demand(out.path(demand_csv), {observed: demand}, cell_km2)
    weights = write_weights(layout.path("validation_weights"),
                            infos[-3] if out_of_sample else infos[0], infos[-2], result.codes,
                            step.span(0.1, 0.2), s.weights)

    a, b = (n - 3, n - 2) if out_of_sample else (n - 2, n - 1)
    matrix = observed_transitions(s, result.landuse_stats, a, b,
                                  layout.path("observed_transitions", run="validation"))

    def run_one(seed, folder, span):
        return cars(s, s.maps[-2], probability, demand_csv,
                    os.path.join(folder, "simulated_%d.tif" % observed),
                    os.path.join(folder, "cars_log.csv"), os.path.join(folder, "allocation.csv"),
                    span, matrix=matrix, weights=weights, seed=seed)

    median, runs, results = simulate(
        s, layout, "validation", [observed], s.maps[-2], run_one,
        ("validation_map", "validation_frequency", "validation_mode"), {}, result.classes,
        step.span(0.2, 0.85))
    if runs is not None:
        _score_runs(s, runs, results, step.span(0.85, 0.9))
    simulated = layout.path("validation_map", year=observed)
    accuracy = run_accuracy(
        s.maps[-2], s.maps[-1], simulated, output_report=layout.path("validation_accuracy"),
        output_map=layout.path("validation_accuracy_map"),
        output_transitions=layout.path("validation_transitions"),
        output_multiresolution=layout.path("validation_multiresolution"),
        output_multiresolution_chart=layout.path("validation_multiresolution_chart"),
        classes=s.classes_path, progress=step.span(0.9, 1.0), cluster=s.cluster)
    return Validation(s.years[-2], observed, simulated, layout.path("validation_accuracy_map"),
                      out_of_sample, (s.years[-3], s.years[-2]) if out_of_sample
                      else (s.years[-2], s.years[-1]),
                      Allocation.from_year(median.codes, median.years[0]), accuracy, runs,
                      probability_skill=skill)


def score_probability(s, result, infos, probability, out_of_sample, layout, progress):
    """AUC and TOC of the validation's probabilities (predicted on the map
    before the last) against the gains from that map to the last: out of
    sample with three or more maps. Writes the AUC and TOC tables and the
    chart; returns the ProbabilitySkill."""
    skill = probability_skill(
        raster.open_band(probability, os.path.basename(probability)), infos[-2], infos[-1],
        out_of_sample=out_of_sample, progress=progress, cluster=s.cluster)
    with Outputs() as out:
        write_skill_outputs(skill, out.path(layout.path("validation_auc")),
                            out.path(layout.path("validation_toc")),
                            out.path(layout.path("validation_toc_chart")), result.classes)
    progress.info("Validation: AUC of the probabilities against the gains %d -> %d (%s): %s."
                  % (s.years[-2], s.years[-1], skill.evaluation, ", ".join(
                      "%d: %s" % (c.code, "undefined" if c.auc is None else "%.3f" % c.auc)
                      for c in skill.classes)))
    return skill


def _probability(s, result, out_of_sample, future_probability, layout, progress):
    """The validation's probabilities on the map before the last: its own
    LEAS on the interval before that (out of sample), or a copy of the
    scenarios' (in sample)."""
    if out_of_sample:
        progress.info("Step 3: validation, %d simulated from %d with the observed class "
                      "totals; LEAS trained on %d -> %d (out of sample)."
                      % (s.years[-1], s.years[-2], s.years[-3], s.years[-2]))
        n = len(s.maps)
        _model, probability = train(s, result.landuse_stats, result.classes, n - 3, n - 2,
                                    os.path.join("validation", "leas"), layout, progress)
        return probability
    progress.warning("Only two maps: the validation simulates %d from %d with LEAS trained "
                     "on that same interval (in sample), so it shows how well the model "
                     "reproduces its own training period, not how well it predicts. Give "
                     "three or more maps for an out-of-sample validation."
                     % (s.years[-1], s.years[-2]))
    probability = layout.path("probability", leas="validation", tag=s.years[-2])
    with Outputs() as out:
        shutil.copyfile(future_probability, out.path(probability))
    return probability


def _score_runs(s, runs, results, progress):
    """FoM and Kappa of every run of the ensemble (the spread of the skill)."""
    quick = AccuracySettings(baselines=False, multiresolution=False)
    scores = [assess_accuracy(s.maps[-2], s.maps[-1], r.years[0].path, settings=quick,
                              progress=progress.span(i / len(results), (i + 1) / len(results)))
              for i, r in enumerate(results)]
    runs.fom = [float(r.fom) if r.fom is not None else float("nan") for r in scores]
    runs.kappa = [float(r.kappa) if r.kappa is not None else float("nan") for r in scores]
