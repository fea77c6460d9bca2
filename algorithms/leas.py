"""landcarbon:leas - LEAS development probabilities with random forests
(docs/leas.md). scikit-learn is only imported when the algorithm runs."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.common.errors import LandCarbonError
from ..core.leas import TRAINING_MODES, LeasSettings, run_leas
from .base import LandCarbonAlgorithm

SKLEARN_NOTE = (
    "<p>Needs the Python package scikit-learn (Debian/Ubuntu: sudo apt install "
    "python3-sklearn; Windows: in the OSGeo4W Shell python -m pip install scikit-learn; "
    "macOS: QGIS's Python -m pip install scikit-learn).</p>")


class LeasAlgorithm(LandCarbonAlgorithm):
    LANDUSE_START = "LANDUSE_START"
    LANDUSE_END = "LANDUSE_END"
    SINGLE_MAP = "SINGLE_MAP"
    DRIVERS = "DRIVERS"
    SAMPLING_RATE = "SAMPLING_RATE"
    BALANCED = "BALANCED"
    TREES = "TREES"
    MTRY = "MTRY"
    SEED = "SEED"
    THREADS = "THREADS"
    TRAINING = "TRAINING"
    MIN_SAMPLES_LEAF = "MIN_SAMPLES_LEAF"
    CLASSES = "CLASSES"
    OUTPUT_PROBABILITY = "OUTPUT_PROBABILITY"
    OUTPUT_CONTRIBUTION = "OUTPUT_CONTRIBUTION"
    OUTPUT_CONTRIBUTION_CHART = "OUTPUT_CONTRIBUTION_CHART"
    OUTPUT_ACCURACY = "OUTPUT_ACCURACY"
    OUTPUT_MODEL = "OUTPUT_MODEL"

    GROUP_ID = "landusechange"

    def name(self):
        return "leas"

    def displayName(self):  # noqa: N802
        return self.tr("LEAS development probability")

    def description(self):
        return self.tr(
            "<p>The first half of PLUS (Liang et al. 2021, CEUS 85:101569): where does each "
            "land-use class expand, and which drivers explain it?</p>"
            "<ol><li>Expansion cells: cells whose class at the end date differs from the "
            "start date; each carries the class it became (single-map mode: every valid cell "
            "of the one map, with its class).</li>"
            "<li>ONE random sample of the expansion cells (SAMPLING_RATE, default 1 %), "
            "shared by all classes; BALANCED takes the same number for every class.</li>"
            "<li>Drivers min-max normalised to [0, 1] with each band's range; nodata -> 0.</li>"
            "<li>One binary random forest per class: 'this expansion cell became k' against "
            "'became another class' (unchanged cells are never negatives); TREES trees, "
            "MTRY drivers tried per split (0 = all), bootstrap samples.</li>"
            "<li>Probability P_k in [0, 1] of every valid cell of the end map = share of the "
            "trees voting 'becomes k'. A class that did not expand, or with fewer than 10 "
            "sampled cells that expanded into it, gets P = 0 and a warning that says what "
            "would give it a forest.</li>"
            "<li>Contribution of each driver to each class: RMSE r0 of the forest on the "
            "sample, RMSE r_j after permuting driver j, c_j = max(r_j - r0, 0) / "
            "sum_m max(r_m - r0, 0) (each row sums to 1). A driver that alone separates a "
            "class's expansion almost perfectly is warned about: it may have been made from "
            "the end map (e.g. distance to built-up of the later map).</li></ol>"
            "<p>Advanced options beyond PLUS (defaults = PLUS): TRAINING = all cells (class k "
            "learnt from every cell that could have become k, changed or not) and "
            "MIN_SAMPLES_LEAF (smoother probabilities).</p>"
            "<p>Outputs: a Float32 raster with one band per class (ascending codes, "
            "description '&lt;code&gt; &lt;name&gt;', nodata outside the valid cells of the "
            "end map) for CARS, the contributions (CSV and bar chart), the accuracy per class "
            "(samples, positives, out-of-bag accuracy, RMSE) and the model file for "
            "landcarbon:leaspredict. The same SEED gives byte-identical outputs whatever "
            "THREADS is.</p>" + SKLEARN_NOTE)

    def failure_help(self):
        return self.tr(
            "<ul><li>'needs the Python package scikit-learn': install it as the message "
            "says and restart QGIS.</li><li>'not on the same grid': build the drivers with "
            "landcarbon:preparedrivers on the end map.</li><li>'Too few samples to train a "
            "random forest for any class': raise SAMPLING_RATE to the value the message "
            "gives, or tick BALANCED (a single rare class only gets P = 0 and a "
            "warning).</li><li>'alone separates ... almost perfectly': rebuild that driver "
            "from the start map of the calibration interval.</li>"
            "<li>'infinite cell(s)': set them to nodata in that driver.</li>"
            "<li>'No cell changed class': the maps are identical; use single-map mode or "
            "other dates.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE_START, self.tr("Land-use map at the start (t0)"), optional=True),
            self.tr("Integer class codes; the earlier calibration map. Not used in "
                    "single-map mode."))
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE_END, self.tr("Land-use map at the end (t1), or the single map")),
            self.tr("The later map, on the same grid. Probabilities are computed for its "
                    "valid cells."))
        self.add(QgsProcessingParameterBoolean(
            self.SINGLE_MAP, self.tr("Single-map mode (sample the end map itself)"),
            defaultValue=False),
            self.tr("Learn from the classes of one map instead of the change between two "
                    "(recommended by the PLUS authors for very large areas): every valid cell "
                    "is a sample candidate with its class."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.DRIVERS, self.tr("Drivers (stack or rasters on the land-use grid)"),
            QgsProcessing.TypeRaster),
            self.tr("The stack of landcarbon:preparedrivers, or rasters on exactly the grid of "
                    "the maps. Every band is a driver, named by its band description (else "
                    "the file name)."))
        self.add(QgsProcessingParameterNumber(
            self.SAMPLING_RATE, self.tr("Sampling rate (share of the expansion cells)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.01, minValue=0.0,
            maxValue=1.0),
            self.tr("Share of the expansion cells in the one shared random sample "
                    "(0.01 = 1 %, the official default); in (0, 1]."))
        self.add(QgsProcessingParameterBoolean(
            self.BALANCED, self.tr("Balanced sampling"), defaultValue=False),
            self.tr("Take the same number of cells for every class that expanded "
                    "(SAMPLING_RATE x expansion cells / number of expanding classes; a class "
                    "with fewer gives all its cells). Helps rare classes."))
        self.add(QgsProcessingParameterNumber(
            self.TREES, self.tr("Number of trees"), QgsProcessingParameterNumber.Integer,
            defaultValue=20, minValue=1),
            self.tr("Trees per random forest (official default 20). More trees give "
                    "smoother probabilities and take longer."))
        self.add(QgsProcessingParameterNumber(
            self.MTRY, self.tr("Drivers tried per split (mtry, 0 = all)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0),
            self.tr("Number of drivers each split chooses from; 0 = all drivers (the "
                    "official default, no feature subsampling)."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer,
            defaultValue=1),
            self.tr("Seed of the sample, the forests and the permutations: the same seed "
                    "gives byte-identical outputs."))
        self.add(QgsProcessingParameterNumber(
            self.THREADS, self.tr("Threads (0 = all cores)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0),
            self.tr("Threads for training and prediction (no extra processes). The result "
                    "does not depend on it."), advanced=True)
        self.add(QgsProcessingParameterEnum(
            self.TRAINING, self.tr("Training cells"),
            options=[self.tr("expansion: cells that changed class (PLUS)"),
                     self.tr("all: every cell valid in both maps")], defaultValue=0),
            self.tr("expansion (default, as PLUS): the forest of class k learns 'became k' "
                    "against 'became another class' among the cells that changed. all: it "
                    "learns 'became k' against 'could have become k but did not' (neither k "
                    "at the start nor at the end, changed or not), from one sample of "
                    "SAMPLING_RATE of all cells; P_k is then the chance of conversion, small "
                    "where the land persists. See docs/leas.md."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.MIN_SAMPLES_LEAF, self.tr("Minimum samples per leaf"),
            QgsProcessingParameterNumber.Integer, defaultValue=1, minValue=1),
            self.tr("1 (default, as PLUS) grows every tree to pure leaves, so each tree "
                    "votes 0 or 1; larger values (e.g. 5) stop at leaves of that many samples "
                    "and give smoother probabilities."), advanced=True)
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names and colours (CSV code,name,color)"),
            extension="csv", optional=True),
            self.tr("Optional: class names for the band descriptions and tables."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_PROBABILITY, self.tr("Development probabilities")),
            self.tr("Float32 GeoTIFF, one band per class in ascending code order, "
                    "description '<code> <name>', values in [0, 1], nodata -3.4e38 outside "
                    "the valid cells of the end map."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_CONTRIBUTION, self.tr("Driver contributions"), "CSV files (*.csv)",
            optional=True),
            self.tr("CSV, one row per class, one column per driver: share of the permutation "
                    "RMSE increase (rows sum to 1; empty with a note for a class that did not "
                    "expand or had too few samples)."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_CONTRIBUTION_CHART, self.tr("Contribution chart"),
            "PNG files (*.png)", optional=True),
            self.tr("PNG bar chart of the contributions, one panel per class."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_ACCURACY, self.tr("Accuracy per class"), "CSV files (*.csv)",
            optional=True),
            self.tr("CSV per class: expansion cells, sample cells, positive and negative "
                    "cells, out-of-bag accuracy (share of correct votes of trees that did not "
                    "see the cell), OOB cells, OOB accuracy among the positives, RMSE of the "
                    "probabilities on the sample, and a note (e.g. why a class has no forest)."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_MODEL, self.tr("Model file (for leaspredict)"),
            "LEAS model files (*.leas)", optional=True),
            self.tr("The trained forests, driver names and ranges, class codes and library "
                    "versions, for landcarbon:leaspredict with updated drivers. Only load "
                    "model files you trust (they are Python pickles)."))

    def process(self, parameters, context, feedback, progress):
        single = self.parameterAsBool(parameters, self.SINGLE_MAP, context)
        start = self.raster_source(parameters, self.LANDUSE_START, context, required=False)
        end = self.raster_source(parameters, self.LANDUSE_END, context)
        if single and start:
            progress.warning("Single-map mode: LANDUSE_START (%s) is not used." % start[0])
            start = None
        elif not single and not start:
            raise LandCarbonError("Give LANDUSE_START (the earlier map), or tick single-map "
                                  "mode to learn from LANDUSE_END alone.")
        drivers = self.raster_sources(parameters, self.DRIVERS, context)
        outputs = {name: self.output_or_none(parameters, name, context) for name in (
            self.OUTPUT_PROBABILITY, self.OUTPUT_CONTRIBUTION, self.OUTPUT_CONTRIBUTION_CHART,
            self.OUTPUT_ACCURACY, self.OUTPUT_MODEL)}
        settings = LeasSettings(
            sampling_rate=self.parameterAsDouble(parameters, self.SAMPLING_RATE, context),
            balanced=self.parameterAsBool(parameters, self.BALANCED, context),
            trees=self.parameterAsInt(parameters, self.TREES, context),
            mtry=self.parameterAsInt(parameters, self.MTRY, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            threads=self.parameterAsInt(parameters, self.THREADS, context),
            training=TRAINING_MODES[self.parameterAsEnum(parameters, self.TRAINING, context)],
            min_samples_leaf=self.parameterAsInt(parameters, self.MIN_SAMPLES_LEAF, context))
        run_leas(
            start[1] if start else None, end[1], [path for _label, path in drivers],
            outputs[self.OUTPUT_PROBABILITY], settings=settings,
            classes=self.file_or_none(parameters, self.CLASSES, context),
            output_contributions=outputs[self.OUTPUT_CONTRIBUTION],
            output_chart=outputs[self.OUTPUT_CONTRIBUTION_CHART],
            output_accuracy=outputs[self.OUTPUT_ACCURACY], output_model=outputs[self.OUTPUT_MODEL],
            labels={"LANDUSE_START": "LANDUSE_START (%s)" % start[0] if start else None,
                    "LANDUSE_END": "LANDUSE_END (%s)" % end[0],
                    "DRIVERS": [label for label, _path in drivers]},
            progress=progress)
        return {k: v for k, v in outputs.items() if v}
