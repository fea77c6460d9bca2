"""landcarbon:cars - CARS land-use simulation (docs/cars.md)."""

from qgis.core import QgsProcessingOutputMultipleLayers

from ..core.cars import CARS_INPUTS, CARS_OUTPUTS, CarsSettings, run_cars
from .base import LandCarbonAlgorithm


class CarsAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/cars/settings.py)."""

    OUTPUT_MAPS = "OUTPUT_MAPS"
    SPECS = (CARS_INPUTS, CarsSettings, CARS_OUTPUTS)

    GROUP_ID = "landusechange"

    def name(self):
        return "cars"

    def displayName(self):  # noqa: N802
        return self.tr("CARS land-use simulation")

    def description(self):
        return self.tr(
            "<p>Allocates a future land demand cell by cell: the CARS cellular automaton of "
            "PLUS (Liang et al. 2021), with patches that grow from existing ones and random "
            "seeds that start new ones. Inputs: the initial land-use map, the development "
            "probability of every class (landcarbon:leas) and the demand in cells per class "
            "and target year (landcarbon:markovdemand or your own CSV).</p>"
            "<p>In each iteration every cell that may change gets, for every class k, the "
            "overall probability OP_k = P_k x Omega_k x D_k, where Omega_k is the share of "
            "class k in the n x n window of the previous iteration's map (centre excluded) "
            "times the class weight w_k, and D_k the adaptive demand coefficient (it rises "
            "for a class whose deficit grows); where no class-k cell is near and a random "
            "r < P_k, OP_k = P_k x r x mu x D_k (a new seed). A roulette over OP picks the "
            "class; the cell converts if the transition matrix allows it, P of the class "
            "exceeds the threshold delta^d x r1 (r1 ~ Normal(1, 1/3) clipped to [0, 2]; the "
            "decay step d grows whenever an iteration closes less than DECAY_SHARE of the "
            "year's gap) and the demand gates allow it: a class gains only while below its "
            "demand (or, within GAIN_TOLERANCE, from another class above its demand) and no "
            "class ends beyond its demand; when proposals exceed a class's room, the most "
            "suitable win.</p>"
            "<p>Several target years run in sequence, each from the previous result. "
            "OUTPUT holds the last target year; earlier years are written beside it as "
            "&lt;name&gt;_&lt;year&gt;.tif. Every map has the grid and class codes of the "
            "initial map, a colour table and class names. The log CSV has one row per "
            "iteration: decay step, threshold scale, converted and seed cells, and per class "
            "the allocated cells, the gap (demand - allocated, cells) and D_k.</p>"
            "<p>A demand that cannot be fully met is allocated as far as it goes: a warning "
            "names every class that ends more than max(10 cells, 0.1 % of its demand) off and "
            "says why (restricted cells, forbidden transitions, probability 0, iterations), "
            "and OUTPUT_ALLOCATION lists the shortfall per class (STRICT_DEMAND refuses such "
            "a demand instead). The same RANDOM_SEED gives the same output byte for byte.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'the demand sums to ... valid cells': the demand must share out exactly "
            "the valid cells of LANDUSE; compute it with landcarbon:markovdemand from the "
            "same map.</li><li>'cannot be fully met' (a warning; an error with STRICT_DEMAND): "
            "a class must gain (or lose) more cells than the restriction raster, the "
            "transition matrix and probabilities of 0 allow; the message lists the counts. "
            "Relax one of them or change the demand.</li>"
            "<li>'no probability band for class': run landcarbon:leas with maps that contain "
            "every class of LANDUSE.</li><li>'not on the same grid': align the rasters first "
            "(Raster > Align Rasters, nearest neighbour for maps).</li><li>A warning 'missed "
            "its demand': read its reason; raise MAX_ITERATIONS or SEED_PERCENTAGE, or lower "
            "PATCH_THRESHOLD, if cells were 'not reached'.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        for spec in self.SPECS:
            self.add_spec(spec)
        self.addOutput(QgsProcessingOutputMultipleLayers(
            self.OUTPUT_MAPS, self.tr("Simulated maps of every target year")))

    def process(self, parameters, context, feedback, progress):
        files = self.read_spec(parameters, context, CARS_INPUTS)
        settings = CarsSettings(**self.read_spec(parameters, context, CarsSettings))
        outputs = self.read_spec(parameters, context, CARS_OUTPUTS)
        rasters = ("LANDUSE", "PROBABILITY", "RESTRICTION", "LANDUSE_START")
        labels = {name: "%s (%s)" % (name, files[name][0]) for name in rasters if files[name]}
        path = {name: files[name][1] if name in rasters and files[name] else files[name]
                for name in files}
        result = run_cars(
            path["LANDUSE"], path["PROBABILITY"], path["DEMAND"], outputs["OUTPUT"],
            settings=settings, transition_matrix=path["TRANSITION_MATRIX"],
            restriction=path["RESTRICTION"], weights=path["WEIGHTS"],
            landuse_start=path["LANDUSE_START"], classes=path["CLASSES"],
            output_log=outputs["OUTPUT_LOG"], output_allocation=outputs["OUTPUT_ALLOCATION"],
            output_frequency=outputs["OUTPUT_FREQUENCY"], output_mode=outputs["OUTPUT_MODE"],
            output_ensemble=outputs["OUTPUT_ENSEMBLE"], labels=labels, progress=progress)
        ensemble_only = ("OUTPUT_FREQUENCY", "OUTPUT_MODE", "OUTPUT_ENSEMBLE")
        written = {name: value for name, value in outputs.items()
                   if value and (settings.runs > 1 or name not in ensemble_only)}
        written[self.OUTPUT_MAPS] = result.paths
        return written
