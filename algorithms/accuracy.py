"""landcarbon:accuracy - accuracy of a simulated land-use map (docs/accuracy.md)."""

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.landuse import run_accuracy
from .base import LandCarbonAlgorithm


class AccuracyAlgorithm(LandCarbonAlgorithm):
    INITIAL = "INITIAL"
    OBSERVED = "OBSERVED"
    SIMULATED = "SIMULATED"
    SAMPLING_RATE = "SAMPLING_RATE"
    RANDOM_SEED = "RANDOM_SEED"
    BASELINES = "BASELINES"
    CLASSES = "CLASSES"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_MAP = "OUTPUT_MAP"
    KAPPA = "KAPPA"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    FOM = "FOM"
    FOM_BASELINE_RANDOM = "FOM_BASELINE_RANDOM"
    FOM_BASELINE_NEAREST = "FOM_BASELINE_NEAREST"

    GROUP_ID = "landusechange"

    def name(self):
        return "accuracy"

    def displayName(self):  # noqa: N802
        return self.tr("Simulation accuracy")

    def description(self):
        return self.tr(
            "<p>How good a simulation is: compares a simulated map with the observed map of "
            "the same year, knowing the initial map the simulation started from. Only cells "
            "valid in all three maps count.</p>"
            "<p>Confusion matrix (rows = simulated, columns = observed, cells), overall "
            "accuracy, Cohen's Kappa, producer's accuracy (diagonal / observed total) and "
            "user's accuracy (diagonal / simulated total) per class, quantity and allocation "
            "disagreement (Pontius &amp; Millones 2011; they add up to 1 - overall accuracy), "
            "Kappa location and Kappa histogram (Hagen 2002; Kappa = their product).</p>"
            "<p>Figure of merit (Pontius) over the cells where change was observed or "
            "simulated: A misses (observed change simulated as persistence), B hits, C wrong "
            "hits (change to the wrong class), D false alarms (observed persistence simulated "
            "as change); FoM = B / (A + B + C + D), producer's = B / (A + B + C), user's = "
            "B / (B + C + D). The map shows 0 persistence, 1 A, 2 B, 3 C, 4 D.</p>"
            "<p>All fractions are 0..1. An optional sampling rate computes the statistics on "
            "a random share of the cells (seeded), like the official PLUS tool's sampled "
            "Kappa; the map always covers every cell.</p>") + self.tr(
            "<p>Baselines (on by default): the simulation's changes (its from -> to cell "
            "counts) allocated at random, and to the cells nearest to the existing patches of "
            "each target class, scored on the same cells; the log and the report give the "
            "model's FoM as a multiple of each baseline's FoM (above 1: the model places "
            "change better than the baseline).</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'not on the same grid': the simulated map must be on the grid of the "
            "observed and initial maps (Raster > Align Rasters, nearest neighbour).</li>"
            "<li>'No cell holds a class in all three maps': the maps do not overlap; check "
            "their extents and nodata values.</li><li>FoM 'undefined' (warning): nothing "
            "changed between INITIAL and OBSERVED; INITIAL must be the map the simulation "
            "started from.</li><li>'SAMPLING_RATE': give a share in (0, 1] or leave it "
            "empty.</li></ul>") + self.tr(
            "<ul><li>Baselines too slow, or out of disk space, on a very large map: they "
            "write temporary files beside the report; switch BASELINES off.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add(QgsProcessingParameterRasterLayer(
            self.INITIAL, self.tr("Initial land-use map (start of the simulation)")),
            self.tr("The map the simulation started from (t0); integer class codes."))
        self.add(QgsProcessingParameterRasterLayer(
            self.OBSERVED, self.tr("Observed land-use map (target year)")),
            self.tr("The real map of the simulated year (t1), same grid."))
        self.add(QgsProcessingParameterRasterLayer(
            self.SIMULATED, self.tr("Simulated land-use map (target year)")),
            self.tr("The simulation of t1 from the initial map, same grid and class codes."))
        self.add(QgsProcessingParameterNumber(
            self.SAMPLING_RATE, self.tr("Sampling rate (empty = full map)"),
            QgsProcessingParameterNumber.Double, optional=True),
            self.tr("Optional share of the valid cells (0 < rate <= 1, e.g. 0.01) drawn at "
                    "random for the statistics, as the official PLUS tool does for Kappa. "
                    "Empty = every cell (recommended)."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.RANDOM_SEED, self.tr("Random seed (sampling and baselines)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0),
            self.tr("Seed of the random sample (with a sampling rate) and of the baselines' "
                    "random allocation and ties; the same seed gives the same numbers."),
            advanced=True)
        self.add(QgsProcessingParameterBoolean(
            self.BASELINES, self.tr("Score the random and nearest-patch baselines"),
            defaultValue=True),
            self.tr("Also score two baselines with the simulation's from -> to cell counts on "
                    "the same cells: random allocation, and the cells nearest to the existing "
                    "patches of each target class (targets in ascending class code). The "
                    "report gets fom_baseline_random / _nearest, kappa_..., "
                    "overall_accuracy_... and fom_multiple_of_baseline_... rows. Costs a few "
                    "passes over the maps per target class; off = the model only."),
            advanced=True)
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names and colours (CSV code,name,color)"),
            extension="csv", optional=True),
            self.tr("Optional: class names used in the report."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Accuracy report"), "CSV files (*.csv)"),
            self.tr("CSV with columns statistic, code, name, value, unit, observed_<code>: "
                    "OA, Kappa, Kappa location/histogram, quantity and allocation "
                    "disagreement, FoM and its producer's/user's accuracy, A/B/C/D cells, "
                    "per-class producer's and user's accuracy, then the confusion matrix "
                    "(statistic confusion_cells, code = simulated class, observed_<code> = "
                    "cells per observed class). Empty value = undefined."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_MAP, self.tr("Hits / misses / false alarms map"), optional=True,
            createByDefault=True),
            self.tr("Byte raster: 0 persistence, 1 A miss, 2 B hit, 3 C wrong hit, 4 D false "
                    "alarm, 255 nodata; colour table, names and .qml."))
        self.addOutput(QgsProcessingOutputNumber(self.KAPPA, self.tr("Kappa")))
        self.addOutput(QgsProcessingOutputNumber(self.OVERALL_ACCURACY,
                                                 self.tr("Overall accuracy")))
        self.addOutput(QgsProcessingOutputNumber(self.FOM, self.tr("Figure of merit")))
        self.addOutput(QgsProcessingOutputNumber(
            self.FOM_BASELINE_RANDOM, self.tr("Figure of merit of the random baseline")))
        self.addOutput(QgsProcessingOutputNumber(
            self.FOM_BASELINE_NEAREST, self.tr("Figure of merit of the nearest-patch baseline")))

    def process(self, parameters, context, feedback, progress):
        sources = [self.raster_source(parameters, name, context)
                   for name in (self.INITIAL, self.OBSERVED, self.SIMULATED)]
        rate = parameters.get(self.SAMPLING_RATE)
        rate = None if rate is None or rate == "" else self.parameterAsDouble(
            parameters, self.SAMPLING_RATE, context)
        outputs = {name: self.output_or_none(parameters, name, context)
                   for name in (self.OUTPUT_REPORT, self.OUTPUT_MAP)}
        result = run_accuracy(
            *[path for _label, path in sources], sampling_rate=rate,
            seed=self.parameterAsInt(parameters, self.RANDOM_SEED, context),
            baselines=self.parameterAsBoolean(parameters, self.BASELINES, context),
            classes=self.file_or_none(parameters, self.CLASSES, context),
            output_report=outputs[self.OUTPUT_REPORT], output_map=outputs[self.OUTPUT_MAP],
            labels={name: "%s (%s)" % (name, label) for name, (label, _p)
                    in zip((self.INITIAL, self.OBSERVED, self.SIMULATED), sources)},
            progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        results.update({self.KAPPA: result.kappa,
                        self.OVERALL_ACCURACY: result.overall_accuracy,
                        self.FOM: result.fom})
        for name, output in (("random", self.FOM_BASELINE_RANDOM),
                             ("nearest", self.FOM_BASELINE_NEAREST)):
            score = result.baselines.get(name)
            results[output] = score.fom if score else None
        return results
