"""landcarbon:leas - LEAS development probabilities with random forests
(docs/leas.md). scikit-learn is only imported when the algorithm runs."""

from ..core.common.errors import LandCarbonError
from ..core.leas import LEAS_INPUTS, LEAS_OUTPUTS, LeasSettings, run_leas
from .base import LandCarbonAlgorithm

SKLEARN_NOTE = (
    "<p>Needs the Python package scikit-learn (Debian/Ubuntu: sudo apt install "
    "python3-sklearn; Windows: in the OSGeo4W Shell python -m pip install scikit-learn; "
    "macOS: QGIS's Python -m pip install scikit-learn).</p>")


class LeasAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/leas/settings.py)."""

    SPECS = (LEAS_INPUTS, LeasSettings, LEAS_OUTPUTS)
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
            "THREADS is.</p>" + SKLEARN_NOTE) + self.tr(
            "<p>Skill of the probabilities (optional): per class the AUC and the Total "
            "Operating Characteristic (TOC, Pontius &amp; Si 2014) of P_k against the cells "
            "that became k, among those that could have (not k at the start of the interval): "
            "against the gains from LANDUSE_END to LANDUSE_NEXT when it is given (out of "
            "sample), else against the training interval (in sample). The chart draws each "
            "class's TOC with its maximum, minimum and uniform bounds.</p>")

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
        self.add_spec(LEAS_INPUTS, skip=("CLASSES",))
        self.add_spec(LeasSettings)
        self.add_spec(LEAS_INPUTS, only=("CLASSES",))
        self.add_spec(LEAS_OUTPUTS)

    def process(self, parameters, context, feedback, progress):
        files = self.read_spec(parameters, context, LEAS_INPUTS)
        start, end, drivers = files["LANDUSE_START"], files["LANDUSE_END"], files["DRIVERS"]
        nxt = files["LANDUSE_NEXT"]
        if files["SINGLE_MAP"] and start:
            progress.warning("Single-map mode: LANDUSE_START (%s) is not used." % start[0])
            start = None
        elif not files["SINGLE_MAP"] and not start:
            raise LandCarbonError("Give LANDUSE_START (the earlier map), or tick single-map "
                                  "mode to learn from LANDUSE_END alone.")
        settings = LeasSettings(**self.read_spec(parameters, context, LeasSettings))
        outputs = self.read_spec(parameters, context, LEAS_OUTPUTS)
        run_leas(
            start[1] if start else None, end[1], [path for _label, path in drivers],
            outputs["OUTPUT_PROBABILITY"], settings=settings, classes=files["CLASSES"],
            output_contributions=outputs["OUTPUT_CONTRIBUTION"],
            output_chart=outputs["OUTPUT_CONTRIBUTION_CHART"],
            output_accuracy=outputs["OUTPUT_ACCURACY"], output_model=outputs["OUTPUT_MODEL"],
            landuse_next=nxt[1] if nxt else None, output_auc=outputs["OUTPUT_AUC"],
            output_toc=outputs["OUTPUT_TOC"], output_toc_chart=outputs["OUTPUT_TOC_CHART"],
            labels={"LANDUSE_START": "LANDUSE_START (%s)" % start[0] if start else None,
                    "LANDUSE_END": "LANDUSE_END (%s)" % end[0],
                    "LANDUSE_NEXT": "LANDUSE_NEXT (%s)" % nxt[0] if nxt else None,
                    "DRIVERS": [label for label, _path in drivers]},
            progress=progress)
        return {k: v for k, v in outputs.items() if v}
