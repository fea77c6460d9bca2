"""The two LEAS steps: ``leas`` (train on two maps, predict on the later one,
write every output or none) and ``leaspredict`` (apply a saved model to an
updated driver stack). docs/leas.md.
"""

from ..common import raster
from ..common.classes import ClassTable
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
from .train import input_labels, train_leas


def run_leas(start, end, drivers, output_probability, *, settings=None, classes=None,
             output_contributions=None, output_chart=None, output_accuracy=None,
             output_model=None, labels=None, progress=None, cluster=None):
    """The leas step: train (:func:`core.leas.train.train_leas`) on the
    maps ``start`` -> ``end`` (``start`` None: single-map mode), predict on
    ``end``, write every output or none.

    Outputs: ``output_probability`` (Float32 GeoTIFF, see
    :func:`core.leas.predict.predict_probabilities`), ``output_contributions``
    (CSV class x driver shares), ``output_chart`` (PNG), ``output_accuracy``
    (CSV per class: samples, positives, OOB accuracy, RMSE), ``output_model``
    (.leas file, :func:`core.leas.model.save_model`). ``settings``: a
    LeasSettings; ``classes``: CSV of class names; ``labels``: names of the
    inputs in messages (LANDUSE_START, LANDUSE_END, DRIVERS). ``cluster``
    (core.common.cluster.Cluster): sample, train and predict on its workers,
    with the same outputs as on this machine (docs/leas.md, "On a Dask
    cluster"). Returns (LeasModel, PredictionSummary)."""
    settings = (settings or LeasSettings()).check()
    progress = progress or Progress()
    table = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    require_sklearn()
    lab = input_labels(start, end, drivers, labels)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp_prob = out.path(output_probability)
        tmp = {name: out.path(path) if path else None for name, path in (
            ("contribution", output_contributions), ("chart", output_chart),
            ("accuracy", output_accuracy), ("model", output_model))}
        model = train_leas(start, end, drivers, settings=settings, classes=table, labels=lab,
                           progress=progress.span(0.0, 0.5), cluster=cluster)
        bands = open_drivers(drivers, lab["DRIVERS"])
        end_info = open_landuse(end, lab["LANDUSE_END"])
        summary = write_probabilities(model, bands, end_info, tmp_prob, progress.span(0.5, 1.0),
                                      resolve_threads(settings.threads), cluster)
        model.timings["prediction"] = summary.seconds
        if classes:
            table.check_against(model.codes, progress)
        style_continuous(tmp_prob, 0.0, 1.0, unit="probability")
        write_model_outputs(model, tmp["contribution"], tmp["chart"], tmp["accuracy"],
                            tmp["model"])
    log_prediction(model, bands, summary, progress)
    progress.info("Seconds: sampling %.1f, training %.1f, contributions %.1f, prediction %.1f."
                  % tuple(model.timings[s] for s in ("sampling", "training", "contributions",
                                                     "prediction")))
    return model, summary


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
