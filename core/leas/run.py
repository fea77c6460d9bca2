"""The two LEAS steps: ``leas`` (train on two maps, predict on the later one,
write every output or none) and ``leaspredict`` (apply a saved model to an
updated driver stack). docs/leas.md.
"""

import os

from ..common import raster
from ..common.classes import ClassTable, to_hex
from ..common.errors import LandCarbonError
from ..common.landmap import open_landuse
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.styles import style_continuous
from ..common.tables import write_table
from .driver_bands import open_drivers
from .forests import require_sklearn, resolve_threads
from .model import band_descriptions, load_model, save_model
from .predict import log_prediction, predict_probabilities, write_probabilities
from .report import ACCURACY_HEADER, accuracy_rows, contribution_chart, contribution_table
from .settings import LeasPredictSettings, LeasSettings
from .toc import AUC_HEADER, TOC_HEADER, auc_rows, log_skill, probability_skill, toc_chart, toc_rows
from .train import input_labels, train_leas


def run_leas(start, end, drivers, output_probability, *, settings=None, classes=None,
             output_contributions=None, output_chart=None, output_accuracy=None,
             output_model=None, landuse_next=None, output_auc=None, output_toc=None,
             output_toc_chart=None, labels=None, progress=None, cluster=None):
    """The leas step: train (:func:`core.leas.train.train_leas`) on the
    maps ``start`` -> ``end`` (``start`` None: single-map mode), predict on
    ``end``, write every output or none.

    Outputs: ``output_probability`` (Float32 GeoTIFF, see
    :func:`core.leas.predict.predict_probabilities`), ``output_contributions``
    (CSV class x driver shares), ``output_chart`` (PNG), ``output_accuracy``
    (CSV per class: samples, positives, OOB accuracy, RMSE), ``output_model``
    (.leas file, :func:`core.leas.model.save_model`), and the skill of the
    probabilities (core/leas/toc.py): ``output_auc`` (CSV per class),
    ``output_toc`` (CSV of the curves), ``output_toc_chart`` (PNG), against
    the gains from ``end`` to ``landuse_next`` (out of sample) or, without
    it, from ``start`` to ``end`` (in sample). ``settings``: a
    LeasSettings; ``classes``: CSV of class names; ``labels``: names of the
    inputs in messages (LANDUSE_START, LANDUSE_END, LANDUSE_NEXT, DRIVERS).
    ``cluster`` (core.common.cluster.Cluster): sample, train and predict on
    its workers, with the same outputs as on this machine (docs/leas.md,
    "On a Dask cluster"). Returns (LeasModel, PredictionSummary)."""
    settings = (settings or LeasSettings()).check()
    progress = progress or Progress()
    table = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    require_sklearn()
    lab = input_labels(start, end, drivers, labels)
    skill_maps = _skill_maps(start, end, landuse_next, lab, (output_auc, output_toc,
                                                              output_toc_chart), progress)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp_prob = out.path(output_probability)
        tmp = {name: out.path(path) if path else None for name, path in (
            ("contribution", output_contributions), ("chart", output_chart),
            ("accuracy", output_accuracy), ("model", output_model), ("auc", output_auc),
            ("toc", output_toc), ("toc_chart", output_toc_chart))}
        model = train_leas(start, end, drivers, settings=settings, classes=table, labels=lab,
                           progress=progress.span(0.0, 0.5), cluster=cluster)
        bands = open_drivers(drivers, lab["DRIVERS"])
        end_info = open_landuse(end, lab["LANDUSE_END"])
        summary = write_probabilities(model, bands, end_info, tmp_prob,
                                      progress.span(0.5, 0.95 if skill_maps else 1.0),
                                      resolve_threads(settings.threads), cluster)
        model.timings["prediction"] = summary.seconds
        table.complete(model.codes)
        if classes:
            table.check_against(model.codes, progress)
        style_continuous(tmp_prob, 0.0, 1.0, unit="probability")
        write_model_outputs(model, tmp["contribution"], tmp["chart"], tmp["accuracy"],
                            tmp["model"])
        if skill_maps:
            skill = probability_skill(
                raster.open_band(tmp_prob, "probabilities"), *skill_maps, model.codes,
                model.names, out_of_sample=landuse_next is not None,
                progress=progress.span(0.95, 1.0), cluster=cluster)
            write_skill_outputs(skill, tmp["auc"], tmp["toc"], tmp["toc_chart"], table)
            log_skill(skill, progress)
    log_prediction(model, bands, summary, progress)
    progress.info("Seconds: sampling %.1f, training %.1f, contributions %.1f, prediction %.1f."
                  % tuple(model.timings[s] for s in ("sampling", "training", "contributions",
                                                     "prediction")))
    return model, summary


def _skill_maps(start, end, landuse_next, lab, outputs, progress):
    """The two maps (RasterInfo) whose gains the probabilities are scored
    against, checked before any work; None when no skill output is asked."""
    if not any(outputs):
        return None
    if landuse_next is None and start is None:
        raise LandCarbonError("OUTPUT_AUC, OUTPUT_TOC and OUTPUT_TOC_CHART measure the "
                              "probabilities against the gains of an interval: give "
                              "LANDUSE_NEXT (a later map), or leave them empty in single-map "
                              "mode.")
    if landuse_next is None:
        progress.warning("No LANDUSE_NEXT: the AUC and TOC are measured against the gains of "
                         "the training interval %s -> %s (in sample), which flatters the "
                         "model. Give a later map for an out-of-sample measure."
                         % (lab["LANDUSE_START"], lab["LANDUSE_END"]))
        pair = [(start, lab["LANDUSE_START"]), (end, lab["LANDUSE_END"])]
    else:
        pair = [(end, lab["LANDUSE_END"]),
                (landuse_next, lab.get("LANDUSE_NEXT") or os.path.basename(str(landuse_next)))]
    infos = [open_landuse(path, label, progress) for path, label in pair]
    raster.check_same_grid([(i.label, i.grid) for i in infos])
    return infos


def write_skill_outputs(skill, auc=None, toc=None, chart=None, classes=None):
    """The skill of the probabilities, each file when its path is given:
    AUC per class (CSV), TOC curves (CSV), TOC chart (PNG)."""
    if auc:
        write_table(auc, AUC_HEADER, auc_rows(skill))
    if toc:
        write_table(toc, TOC_HEADER, toc_rows(skill))
    if chart:
        colours = {c.code: to_hex(classes.color(c.code)) for c in skill.classes} \
            if classes is not None else None
        toc_chart(skill, chart, colours)


def write_model_outputs(model, contributions=None, chart=None, accuracy=None, model_file=None):
    """The outputs of a trained model that are not rasters, each when its
    path is given (the caller's temporary paths): driver contributions (CSV)
    and their chart (PNG), accuracy per class (CSV), the .leas file."""
    if contributions:
        write_table(contributions, *contribution_table(model))
    if chart:
        contribution_chart(model, chart)
    if accuracy:
        write_table(accuracy, ACCURACY_HEADER, accuracy_rows(model))
    if model_file:
        save_model(model, model_file)


def run_leas_predict(model, drivers, landuse, output_probability, *, settings=None,
                     threads=None, labels=None, progress=None, cluster=None):
    """The leaspredict step: load the saved ``model`` file, check the
    ``drivers`` against it, write the probability raster of ``landuse``'s
    valid cells (all or nothing). ``settings``: a LeasPredictSettings
    (``threads``: its THREADS, given alone). ``labels``: MODEL, DRIVERS,
    LANDUSE. ``cluster``: predict on its workers (the same probabilities).
    Returns (LeasModel, PredictionSummary)."""
    s = checked(LeasPredictSettings, settings, threads=threads)
    progress = progress or Progress()
    require_sklearn()
    lab = labels or {}
    loaded = load_model(model, lab.get("MODEL"))
    trained = loaded.settings
    progress.info("Model: %d classes (%s), %d drivers, trained on %s (TRAINING %s, "
                  "MIN_SAMPLES_LEAF %s) with LandCarbon %s, scikit-learn %s." % (
                      len(loaded.codes), ", ".join(band_descriptions(loaded)),
                      len(loaded.driver_names),
                      trained.get("end") if trained.get("single_map") else
                      "%s -> %s" % (trained.get("start"), trained.get("end")),
                      # models written before these options were PLUS-faithful
                      trained.get("training", "expansion"), trained.get("min_samples_leaf", 1),
                      loaded.versions.get("landcarbon"), loaded.versions.get("scikit-learn")))
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp = out.path(output_probability)
        summary = predict_probabilities(loaded, drivers, landuse, tmp, threads=s.threads,
                                        labels=lab, progress=progress, cluster=cluster)
        style_continuous(tmp, 0.0, 1.0, unit="probability")
    return loaded, summary
