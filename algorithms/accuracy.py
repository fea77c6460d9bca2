"""landcarbon:accuracy - accuracy of a simulated land-use map (docs/accuracy.md)."""

from qgis.core import QgsProcessingOutputNumber

from ..core.landuse import ACCURACY_INPUTS, ACCURACY_OUTPUTS, AccuracySettings, run_accuracy
from .base import LandCarbonAlgorithm


class AccuracyAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/landuse/settings.py)."""

    SPECS = (ACCURACY_INPUTS, AccuracySettings, ACCURACY_OUTPUTS)

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
            "change better than the baseline).</p>") + self.tr(
            "<p>Beyond cell-by-cell agreement: Kappa Simulation (KSim, van Vliet et al. 2011: "
            "agreement beyond a random allocation of each class's simulated transitions, split "
            "into KTransition and KTransloc), the skill per from -&gt; to transition (cells "
            "observed, simulated, hit, missed, false alarms and FoM, largest first), and with "
            "MULTIRESOLUTION the difference at aggregation factors 1, 2, 4, ... split into "
            "quantity, exchange and shift (Pontius et al. 2008), next to the persistence map "
            "(INITIAL): the null resolution is the finest factor at which the simulation "
            "beats it.</p>")

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
        self.add_spec(ACCURACY_INPUTS, skip=("CLASSES",))
        self.add_spec(AccuracySettings)
        self.add_spec(ACCURACY_INPUTS, only=("CLASSES",))
        self.add_spec(ACCURACY_OUTPUTS)
        self.addOutput(QgsProcessingOutputNumber("KAPPA", self.tr("Kappa")))
        self.addOutput(QgsProcessingOutputNumber("OVERALL_ACCURACY",
                                                 self.tr("Overall accuracy")))
        self.addOutput(QgsProcessingOutputNumber("FOM", self.tr("Figure of merit")))
        self.addOutput(QgsProcessingOutputNumber(
            "FOM_BASELINE_RANDOM", self.tr("Figure of merit of the random baseline")))
        self.addOutput(QgsProcessingOutputNumber(
            "FOM_BASELINE_NEAREST", self.tr("Figure of merit of the nearest-patch baseline")))
        self.addOutput(QgsProcessingOutputNumber("KSIM", self.tr("Kappa Simulation (KSim)")))
        self.addOutput(QgsProcessingOutputNumber(
            "NULL_RESOLUTION_FACTOR",
            self.tr("Null resolution (aggregation factor, cells per side)")))

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, ACCURACY_INPUTS)
        maps = ("INITIAL", "OBSERVED", "SIMULATED")
        outputs = self.read_spec(parameters, context, ACCURACY_OUTPUTS)
        result = run_accuracy(
            *[inputs[name][1] for name in maps],
            settings=AccuracySettings(**self.read_spec(parameters, context, AccuracySettings)),
            classes=inputs["CLASSES"], output_report=outputs["OUTPUT_REPORT"],
            output_map=outputs["OUTPUT_MAP"],
            output_transitions=outputs["OUTPUT_TRANSITION_SKILL"],
            output_multiresolution=outputs["OUTPUT_MULTIRESOLUTION"],
            output_multiresolution_chart=outputs["OUTPUT_MULTIRESOLUTION_CHART"],
            labels={name: "%s (%s)" % (name, inputs[name][0]) for name in maps},
            progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        null = result.multiresolution.null_resolution if result.multiresolution else None
        results.update({"KAPPA": result.kappa, "OVERALL_ACCURACY": result.overall_accuracy,
                        "FOM": result.fom, "KSIM": result.ksim.ksim,
                        "NULL_RESOLUTION_FACTOR": null.factor if null else None})
        for name, output in (("random", "FOM_BASELINE_RANDOM"),
                             ("nearest", "FOM_BASELINE_NEAREST")):
            score = result.baselines.get(name)
            results[output] = score.fom if score else None
        return results
