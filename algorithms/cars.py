"""landcarbon:cars - CARS land-use simulation (docs/cars.md)."""

from qgis.core import (
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.cars import CarsSettings, run_cars
from .base import LandCarbonAlgorithm


class CarsAlgorithm(LandCarbonAlgorithm):
    LANDUSE = "LANDUSE"
    PROBABILITY = "PROBABILITY"
    DEMAND = "DEMAND"
    TRANSITION_MATRIX = "TRANSITION_MATRIX"
    RESTRICTION = "RESTRICTION"
    DEVELOPMENT_CLASS = "DEVELOPMENT_CLASS"
    DEVELOPMENT_WEIGHT = "DEVELOPMENT_WEIGHT"
    NEIGHBORHOOD = "NEIGHBORHOOD"
    WEIGHTS = "WEIGHTS"
    LANDUSE_START = "LANDUSE_START"
    PATCH_THRESHOLD = "PATCH_THRESHOLD"
    EXPANSION_COEFFICIENT = "EXPANSION_COEFFICIENT"
    SEED_PERCENTAGE = "SEED_PERCENTAGE"
    RANDOM_SEED = "RANDOM_SEED"
    MAX_ITERATIONS = "MAX_ITERATIONS"
    DECAY_SHARE = "DECAY_SHARE"
    GAIN_TOLERANCE = "GAIN_TOLERANCE"
    STRICT_DEMAND = "STRICT_DEMAND"
    RUNS = "RUNS"
    CLASSES = "CLASSES"
    OUTPUT = "OUTPUT"
    OUTPUT_LOG = "OUTPUT_LOG"
    OUTPUT_ALLOCATION = "OUTPUT_ALLOCATION"
    OUTPUT_FREQUENCY = "OUTPUT_FREQUENCY"
    OUTPUT_MODE = "OUTPUT_MODE"
    OUTPUT_ENSEMBLE = "OUTPUT_ENSEMBLE"
    OUTPUT_MAPS = "OUTPUT_MAPS"

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
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE, self.tr("Initial land-use map")),
            self.tr("Integer class codes; the simulation starts from this map and keeps its "
                    "grid, codes and nodata."))
        self.add(QgsProcessingParameterRasterLayer(
            self.PROBABILITY, self.tr("Development probabilities (from leas)")),
            self.tr("One Float32 band per class with values in [0, 1], as written by "
                    "landcarbon:leas (band descriptions '<code> <name>'; without descriptions "
                    "the bands are taken in ascending class-code order). Same grid."))
        self.add(QgsProcessingParameterFile(
            self.DEMAND, self.tr("Land demand (CSV year,code,cells)"), extension="csv"),
            self.tr("Cells per class and target year (landcarbon:markovdemand writes it); each "
                    "year must list every class of the map and sum to its valid cell count. "
                    "Several years are simulated in sequence."))
        self.add(QgsProcessingParameterFile(
            self.TRANSITION_MATRIX, self.tr("Transition matrix (CSV, 1 = allowed)"),
            extension="csv", optional=True),
            self.tr("Square CSV, header row and first column = class codes, rows = from, "
                    "columns = to, 1 = allowed, 0 = forbidden. Empty: every conversion is "
                    "allowed."))
        self.add(QgsProcessingParameterRasterLayer(
            self.RESTRICTION, self.tr("Restriction raster (0 no change, 1 free, 2 development "
                                      "zone)"), optional=True),
            self.tr("Optional, same grid: 0 = the cell may not change, 1 = free, 2 = "
                    "development zone (see DEVELOPMENT_CLASS). Nodata counts as free."))
        self.add(QgsProcessingParameterNumber(
            self.DEVELOPMENT_CLASS, self.tr("Development class (code) of the zones"),
            QgsProcessingParameterNumber.Integer, optional=True),
            self.tr("Optional class code favoured in development zones (RESTRICTION = 2): "
                    "there its OP becomes min(r + OP, 1) x DEVELOPMENT_WEIGHT. Without it, "
                    "zones count as free cells."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.DEVELOPMENT_WEIGHT, self.tr("Weight of the development class in zones"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0),
            self.tr("Factor in min(r + OP, 1) x weight inside development zones (default 0.5)."),
            advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.NEIGHBORHOOD, self.tr("Neighbourhood size (odd, cells)"),
            QgsProcessingParameterNumber.Integer, defaultValue=3, minValue=3, maxValue=31),
            self.tr("Side n of the n x n window of the neighbourhood effect, odd (3 = the 8 "
                    "adjacent cells, 5 = 24 cells)."))
        self.add(QgsProcessingParameterFile(
            self.WEIGHTS, self.tr("Neighbourhood weights (CSV code,weight)"), extension="csv",
            optional=True),
            self.tr("Optional w_k in [0, 1] per class. Empty: each class's share of expansion "
                    "between LANDUSE_START and LANDUSE, or 1 for every class without "
                    "LANDUSE_START."))
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE_START, self.tr("Calibration start map (for default weights)"),
            optional=True),
            self.tr("Optional earlier map of the calibration pair (LANDUSE being the later "
                    "one); the default weights are each class's share of the cells that "
                    "changed class between the two."))
        self.add(QgsProcessingParameterNumber(
            self.PATCH_THRESHOLD, self.tr("Patch generation threshold (delta)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0),
            self.tr("delta in the threshold tau = delta^d x r1 a cell's probability must pass; "
                    "a larger delta lowers the threshold more slowly (examples: 0.5-0.9)."))
        self.add(QgsProcessingParameterNumber(
            self.EXPANSION_COEFFICIENT, self.tr("Expansion coefficient (mu)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.1, minValue=0.0, maxValue=1.0),
            self.tr("mu: weight of new seed patches, OP = P x r x mu x D (0.1 in every official "
                    "example)."))
        self.add(QgsProcessingParameterNumber(
            self.SEED_PERCENTAGE, self.tr("Percentage of seeds (share)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.01, minValue=0.0,
            maxValue=1.0),
            self.tr("Budget of new seed patches: in a target year at most ceil(share x initial "
                    "gap) cells of a class may start new patches, opened again only after an "
                    "iteration that closed no gap (0 = growth from existing patches only)."))
        self.add(QgsProcessingParameterNumber(
            self.RANDOM_SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer,
            defaultValue=1, minValue=0),
            self.tr("Seed of the random draws; the same seed and inputs give the same maps "
                    "byte for byte."))
        self.add(QgsProcessingParameterNumber(
            self.MAX_ITERATIONS, self.tr("Maximum iterations per target year"),
            QgsProcessingParameterNumber.Integer, defaultValue=1000, minValue=1),
            self.tr("The simulation of a year stops earlier when the demand is met or nothing "
                    "can change any more."))
        self.add(QgsProcessingParameterNumber(
            self.DECAY_SHARE, self.tr("Decay share of the threshold"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0),
            self.tr("The decay step d grows after every iteration that closes less than this "
                    "share of the year's gap (default 0.5: in practice every iteration, so the "
                    "neighbourhood drives most of the allocation, as in PLUS)."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.GAIN_TOLERANCE, self.tr("Gain tolerance of classes above their demand"),
            QgsProcessingParameterNumber.Double, defaultValue=0.05, minValue=0.0, maxValue=1.0),
            self.tr("FLUS tolerance: a class above its demand may still gain cells from another "
                    "class above its demand while its surplus stays within its best so far + "
                    "this share of its initial surplus (two-way flows such as cropland <-> "
                    "water); 0 = never."), advanced=True)
        self.add(QgsProcessingParameterBoolean(
            self.STRICT_DEMAND, self.tr("Refuse a demand that cannot be fully met"),
            defaultValue=False),
            self.tr("Off (default): a demand that the transition matrix, the restrictions or "
                    "probabilities of 0 make impossible is allocated as far as it can be, with "
                    "warnings and the shortfall per class in the log and OUTPUT_ALLOCATION. On: "
                    "such a demand is refused before anything is written."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.RUNS, self.tr("Runs (seed ensemble)"), QgsProcessingParameterNumber.Integer,
            defaultValue=1, minValue=1),
            self.tr("Number of simulations with the seeds RANDOM_SEED, RANDOM_SEED + 1, ... "
                    "(1 = one simulation). With more, OUTPUT is the median (most typical) "
                    "run's map and OUTPUT_FREQUENCY / OUTPUT_MODE say how often each cell "
                    "changed and its most frequent class: how certain the map is."))
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names and colours (CSV code,name,color)"),
            extension="csv", optional=True),
            self.tr("Optional: names and colours of the output maps and the log."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Simulated land use (last target year)")),
            self.tr("Map of the last target year (earlier years: <name>_<year>.tif beside it); "
                    "grid, codes and nodata of the initial map, colour table and names."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_LOG, self.tr("Iteration log"), "CSV files (*.csv)", optional=True,
            createByDefault=True),
            self.tr("CSV, one row per target year and iteration (iteration 0 = start): decay "
                    "step d, threshold scale delta^d, converted_cells, seed_cells, and per "
                    "class allocated_cells, gap_cells (demand - allocated) and "
                    "demand_coefficient D_k."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_ALLOCATION, self.tr("Demand, allocated and shortfall per class"),
            "CSV files (*.csv)", optional=True, createByDefault=False),
            self.tr("CSV, one row per target year and class: demand_cells, allocated_cells, "
                    "shortfall_cells (demand - allocated), met (within max(10 cells, 0.1 %)), "
                    "iterations and why the simulation stopped."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_FREQUENCY, self.tr("Change frequency over the runs"), optional=True,
            createByDefault=False),
            self.tr("With RUNS > 1: per cell, in how many runs it holds another class than in "
                    "LANDUSE (0 .. RUNS) by the last target year (earlier years: "
                    "<name>_<year>.tif)."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_MODE, self.tr("Most frequent class over the runs"), optional=True,
            createByDefault=False),
            self.tr("With RUNS > 1: per cell its most frequent class over the runs (ties: the "
                    "initial class if among them, else the lowest code)."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_ENSEMBLE, self.tr("Runs of the ensemble"), "CSV files (*.csv)",
            optional=True, createByDefault=False),
            self.tr("With RUNS > 1: one row per run and year: seed, median run, agreement with "
                    "the most frequent classes (cells), iterations, allocated cells per "
                    "class."))
        self.addOutput(QgsProcessingOutputMultipleLayers(
            self.OUTPUT_MAPS, self.tr("Simulated maps of every target year")))

    def process(self, parameters, context, feedback, progress):
        landuse = self.raster_source(parameters, self.LANDUSE, context)
        probability = self.raster_source(parameters, self.PROBABILITY, context)
        restriction = self.raster_source(parameters, self.RESTRICTION, context, required=False)
        start = self.raster_source(parameters, self.LANDUSE_START, context, required=False)
        development = parameters.get(self.DEVELOPMENT_CLASS)
        if development is not None and development != "":
            development = self.parameterAsInt(parameters, self.DEVELOPMENT_CLASS, context)
        else:
            development = None
        settings = CarsSettings(
            neighborhood=self.parameterAsInt(parameters, self.NEIGHBORHOOD, context),
            patch_threshold=self.parameterAsDouble(parameters, self.PATCH_THRESHOLD, context),
            expansion_coefficient=self.parameterAsDouble(parameters, self.EXPANSION_COEFFICIENT,
                                                         context),
            seed_percentage=self.parameterAsDouble(parameters, self.SEED_PERCENTAGE, context),
            random_seed=self.parameterAsInt(parameters, self.RANDOM_SEED, context),
            max_iterations=self.parameterAsInt(parameters, self.MAX_ITERATIONS, context),
            development_class=development,
            development_weight=self.parameterAsDouble(parameters, self.DEVELOPMENT_WEIGHT,
                                                      context),
            decay_share=self.parameterAsDouble(parameters, self.DECAY_SHARE, context),
            gain_tolerance=self.parameterAsDouble(parameters, self.GAIN_TOLERANCE, context),
            strict_demand=self.parameterAsBool(parameters, self.STRICT_DEMAND, context),
            runs=self.parameterAsInt(parameters, self.RUNS, context))
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        log = self.output_or_none(parameters, self.OUTPUT_LOG, context)
        allocation = self.output_or_none(parameters, self.OUTPUT_ALLOCATION, context)
        ensemble = {name: self.output_or_none(parameters, name, context)
                    for name in (self.OUTPUT_FREQUENCY, self.OUTPUT_MODE, self.OUTPUT_ENSEMBLE)}
        labels = {"LANDUSE": "LANDUSE (%s)" % landuse[0],
                  "PROBABILITY": "PROBABILITY (%s)" % probability[0]}
        if restriction:
            labels["RESTRICTION"] = "RESTRICTION (%s)" % restriction[0]
        if start:
            labels["LANDUSE_START"] = "LANDUSE_START (%s)" % start[0]
        result = run_cars(
            landuse[1], probability[1], self.file_or_none(parameters, self.DEMAND, context),
            output, settings=settings,
            transition_matrix=self.file_or_none(parameters, self.TRANSITION_MATRIX, context),
            restriction=restriction[1] if restriction else None,
            weights=self.file_or_none(parameters, self.WEIGHTS, context),
            landuse_start=start[1] if start else None,
            classes=self.file_or_none(parameters, self.CLASSES, context),
            output_log=log, output_allocation=allocation,
            output_frequency=ensemble[self.OUTPUT_FREQUENCY],
            output_mode=ensemble[self.OUTPUT_MODE],
            output_ensemble=ensemble[self.OUTPUT_ENSEMBLE], labels=labels, progress=progress)
        outputs = {self.OUTPUT: output, self.OUTPUT_MAPS: result.paths}
        if log:
            outputs[self.OUTPUT_LOG] = log
        if allocation:
            outputs[self.OUTPUT_ALLOCATION] = allocation
        if settings.runs > 1:
            outputs.update({k: v for k, v in ensemble.items() if v})
        return outputs
