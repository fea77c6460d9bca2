"""landcarbon:scenarios - the whole study in one run (core.scenarios)."""

import shlex

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputHtml,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.carbon import normalise_unit
from ..core.cars import CarsSettings
from ..core.common.cluster import connect
from ..core.common.errors import LandCarbonError
from ..core.common.tables import parse_number_list
from ..core.demand import PRESETS
from ..core.study import ScenarioSpec, StudySettings, run_study
from .base import LandCarbonAlgorithm, tr
from .layer_groups import load_in_groups

PRICE_UNITS = ["t C", "t CO2"]


class ScenariosAlgorithm(LandCarbonAlgorithm):
    INPUTS = "INPUTS"
    YEARS = "YEARS"
    DRIVERS = "DRIVERS"
    TARGET_YEARS = "TARGET_YEARS"
    SCENARIOS = "SCENARIOS"
    SCENARIO_TABLES = "SCENARIO_TABLES"
    CLASSES = "CLASSES"
    POOLS = "POOLS"
    PATHWAYS = "PATHWAYS"
    P_REF = "P_REF"
    T_REF = "T_REF"
    PRICES = "PRICES"
    PRICE_UNIT = "PRICE_UNIT"
    DISCOUNT_RATE = "DISCOUNT_RATE"
    PRICE_CHANGE = "PRICE_CHANGE"
    LISA_CELL_SIZE = "LISA_CELL_SIZE"
    PERMUTATIONS = "PERMUTATIONS"
    ALPHA = "ALPHA"
    SEED = "SEED"
    SAMPLING_RATE = "SAMPLING_RATE"
    TREES = "TREES"
    NEIGHBORHOOD = "NEIGHBORHOOD"
    PATCH_THRESHOLD = "PATCH_THRESHOLD"
    EXPANSION_COEFFICIENT = "EXPANSION_COEFFICIENT"
    SEED_PERCENTAGE = "SEED_PERCENTAGE"
    MAX_ITERATIONS = "MAX_ITERATIONS"
    DECAY_SHARE = "DECAY_SHARE"
    GAIN_TOLERANCE = "GAIN_TOLERANCE"
    STRICT_DEMAND = "STRICT_DEMAND"
    DISTANCE_TO_CLASSES = "DISTANCE_TO_CLASSES"
    RUNS = "RUNS"
    THREADS = "THREADS"
    SCHEDULER = "SCHEDULER"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    RUN_FOLDER = "RUN_FOLDER"

    GROUP_ID = "landusechange"

    def name(self):
        return "scenarios"

    def displayName(self):  # noqa: N802
        return self.tr("Land-use and carbon scenarios (whole study)")

    def description(self):
        return self.tr(
            "<p>The whole study in one run. From land-use maps of two or more past dates "
            "(oldest first) and a driver stack: land-use change statistics; LEAS development "
            "probabilities trained on the last two maps; a validation run (CARS simulates "
            "the last known map from the one before with the observed class totals; Kappa, "
            "FoM next to two baselines; out of sample with three or more maps); then for every scenario the Markov demand of the target years from the last "
            "two maps, CARS simulations year after year, and for every climate pathway and "
            "year the carbon stock (Mg C/ha), its change against the last known map, its "
            "value (currency) and LISA hot spots of the stock.</p>"
            "<p>Results go to the output folder (a new subfolder if it already holds files): "
            "every map (styled) and table of every step, summary.csv (scenario x pathway x "
            "year: area per class in km2, carbon and its change in Tg C by pool, value per "
            "price, Moran's I), report.html (charts, small maps, accuracy, drivers and every "
            "parameter, with the command to repeat the run) and parameters.json. A scenario "
            "that fails is reported and the others go on.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'not on the same grid': align maps and drivers first "
            "(landcarbon:preparedrivers, Raster > Align Rasters).</li>"
            "<li>'written for the six-class scheme': your maps use codes that are not "
            "CNLUCC's; give the CLASSES table a role column (cropland, forest, grassland, "
            "water, built-up, unused, other); the message shows one, ready to edit, for your "
            "codes.</li>"
            "<li>A warning 'demand was not fully met': the scenario's demand asks for more "
            "than the transition matrix and the probabilities allow; the shortfall per class "
            "is in summary.csv and the report.</li>"
            "<li>'No module named sklearn': install scikit-learn in QGIS's Python.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add(QgsProcessingParameterMultipleLayers(
            self.INPUTS, self.tr("Land-use maps (chronological order)"), QgsProcessing.TypeRaster),
            self.tr("Two or more land-use rasters on one grid, oldest first. The scenarios "
                    "start from the last map, with LEAS trained on the last two. The validation "
                    "simulates the last map from the one before; with three or more maps its "
                    "LEAS learns from the interval before that (out of sample)."))
        self.add(QgsProcessingParameterString(
            self.YEARS, self.tr("Years of the maps"), defaultValue="2000,2010,2020"),
            self.tr("One year per map, increasing (e.g. 2000,2010,2020)."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.DRIVERS, self.tr("Drivers (stack or rasters on the land-use grid)"),
            QgsProcessing.TypeRaster),
            self.tr("The stack of landcarbon:preparedrivers or single-band rasters on the "
                    "land-use grid; every band is a driver."))
        self.add(QgsProcessingParameterString(
            self.DISTANCE_TO_CLASSES, self.tr("Distance-to-class drivers (class codes)"),
            optional=True),
            self.tr("Optional class codes (e.g. 5,1): the distance in metres to the nearest "
                    "cell of each class becomes a driver, recomputed from the start map of "
                    "every run (LEAS training from the first map of its interval, the "
                    "validation from its start map, the future from the last known map and "
                    "then from each simulated year). Needs a projected CRS."))
        self.add(QgsProcessingParameterString(
            self.TARGET_YEARS, self.tr("Target years"), defaultValue="2030,2040"),
            self.tr("Years to simulate, after the last map's year (e.g. 2030,2040); each is "
                    "simulated from the previous one."))
        self.add(QgsProcessingParameterEnum(
            self.SCENARIOS, self.tr("Preset scenarios"), options=list(PRESETS),
            allowMultiple=True, defaultValue=[0], optional=True),
            self.tr("NE natural evolution (any class scheme); UD urban development, CP cropland "
                    "protection, EP ecological protection, applied by class role: the role "
                    "column of CLASSES, or without one the CNLUCC codes (1 cropland ... 6 "
                    "unused, or subclasses 11-67)."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.SCENARIO_TABLES, self.tr("Custom scenario tables (CSV from,to,factor,allowed)"),
            QgsProcessing.TypeFile, optional=True),
            self.tr("Scenario tables for your classes; each file is one scenario named after "
                    "the file. Format: resources/scenarios/README.md."))
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names and colours (CSV code,name,color)"),
            extension="csv", optional=True),
            self.tr("Optional names and colours of the classes, used in every map and chart."))
        self.add(QgsProcessingParameterFile(
            self.POOLS, self.tr("Carbon pools (CSV lucode,c_above,c_below,c_soil,c_dead)"),
            extension="csv"),
            self.tr("Carbon density of each class in Mg C/ha (InVEST format); today's "
                    "densities (the reference climate's)."))
        self.add(QgsProcessingParameterFile(
            self.PATHWAYS, self.tr("Climate pathways (CSV name,P,T)"), extension="csv",
            optional=True),
            self.tr("Optional: mean annual precipitation (mm) and temperature (deg C) per "
                    "pathway (e.g. SSP1-2.6, SSP2-4.5, SSP5-8.5); future maps then use "
                    "climate-corrected densities, one result per pathway."))
        self.add(QgsProcessingParameterNumber(
            self.P_REF, self.tr("Reference precipitation (mm)"),
            QgsProcessingParameterNumber.Double, optional=True, minValue=0),
            self.tr("Mean annual precipitation where the pool densities hold (with PATHWAYS)."))
        self.add(QgsProcessingParameterNumber(
            self.T_REF, self.tr("Reference temperature (deg C)"),
            QgsProcessingParameterNumber.Double, optional=True),
            self.tr("Mean annual temperature where the pool densities hold (with PATHWAYS)."))
        self.add(QgsProcessingParameterString(
            self.PRICES, self.tr("Carbon prices"), defaultValue="100"),
            self.tr("One or more prices per ton, separated by commas (e.g. "
                    "100,449.4,814.74,1716,4182.22); one value per price."))
        self.add(QgsProcessingParameterEnum(
            self.PRICE_UNIT, self.tr("Price unit"), options=PRICE_UNITS, defaultValue=0),
            self.tr("Prices per metric ton of carbon (t C) or of CO2 (t CO2, converted with "
                    "44/12)."))
        self.add(QgsProcessingParameterNumber(
            self.DISCOUNT_RATE, self.tr("Discount rate (%/yr)"),
            QgsProcessingParameterNumber.Double, defaultValue=7.0),
            self.tr("Annual market discount rate in percent (negative allowed)."))
        self.add(QgsProcessingParameterNumber(
            self.PRICE_CHANGE, self.tr("Annual price change (%/yr)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0),
            self.tr("Annual rate of change of the carbon price in percent (negative allowed)."))
        self.add(QgsProcessingParameterNumber(
            self.LISA_CELL_SIZE, self.tr("LISA analysis cell size (map units, 0 = automatic)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0),
            self.tr("Size of the analysis cells the carbon stock is averaged to for Moran's "
                    "I and LISA (e.g. 1000 m). 0: at least 10 x 10 pixels and at most about "
                    "20,000 analysis cells."))
        self.add(QgsProcessingParameterNumber(
            self.PERMUTATIONS, self.tr("LISA permutations"),
            QgsProcessingParameterNumber.Integer, defaultValue=999, minValue=0),
            self.tr("Conditional permutations for the pseudo p-values (0 = analytic only)."),
            advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.ALPHA, self.tr("LISA significance level"),
            QgsProcessingParameterNumber.Double, defaultValue=0.05, minValue=0.0, maxValue=1.0),
            self.tr("A cluster is significant when its pseudo p < alpha (strict, as esda)."),
            advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer,
            defaultValue=1, minValue=0),
            self.tr("Seed of every random step (sampling, forests, CARS, permutations): the "
                    "same seed gives the same results."))
        self.add(QgsProcessingParameterNumber(
            self.RUNS, self.tr("Runs (seed ensemble)"), QgsProcessingParameterNumber.Integer,
            defaultValue=1, minValue=1),
            self.tr("CARS runs with the seeds SEED, SEED + 1, ... (1 = one simulation). With "
                    "more, every scenario year gets a change-frequency map and a most-frequent-"
                    "class map, its maps are the median (most typical) run's, summary.csv gives "
                    "the mean, standard deviation and 5-95 % range of every area and carbon "
                    "figure, the report draws them as error bars, and the validation gives FoM "
                    "and Kappa as mean +- standard deviation."))
        self.add(QgsProcessingParameterNumber(
            self.SAMPLING_RATE, self.tr("LEAS sampling rate (0 = automatic)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0, maxValue=1.0),
            self.tr("Share of the expansion cells sampled for LEAS. 0: about 50 samples for "
                    "the class that expanded least, at least 0.01, at most 200,000 samples."),
            advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.TREES, self.tr("LEAS trees"), QgsProcessingParameterNumber.Integer,
            defaultValue=20, minValue=1),
            self.tr("Trees of each random forest (PLUS default 20)."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.NEIGHBORHOOD, self.tr("CARS neighbourhood size (cells, odd)"),
            QgsProcessingParameterNumber.Integer, defaultValue=3, minValue=3, maxValue=31),
            self.tr("Side of the square window of the neighbourhood effect (3 = 3 x 3)."),
            advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.PATCH_THRESHOLD, self.tr("CARS patch generation threshold (delta)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0),
            self.tr("Threshold decay base delta in [0, 1] (0.5-0.9 in the PLUS examples)."),
            advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.EXPANSION_COEFFICIENT, self.tr("CARS expansion coefficient (mu)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.1, minValue=0.0, maxValue=1.0),
            self.tr("Weight of new seed patches (0.1 in every PLUS example)."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.SEED_PERCENTAGE, self.tr("CARS percentage of seeds"),
            QgsProcessingParameterNumber.Double, defaultValue=0.01, minValue=0.0, maxValue=1.0),
            self.tr("Budget of new seed cells per class and target year, as a share of the "
                    "class's gap."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.DECAY_SHARE, self.tr("CARS decay share of the threshold"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0),
            self.tr("The threshold decays after every iteration that closes less than this "
                    "share of the year's gap (default 0.5)."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.GAIN_TOLERANCE, self.tr("CARS gain tolerance of classes above their demand"),
            QgsProcessingParameterNumber.Double, defaultValue=0.05, minValue=0.0, maxValue=1.0),
            self.tr("FLUS tolerance for two-way flows between classes above their demand "
                    "(default 0.05; 0 = none)."), advanced=True)
        self.add(QgsProcessingParameterBoolean(
            self.STRICT_DEMAND, self.tr("Refuse a demand that cannot be fully met"),
            defaultValue=False),
            self.tr("Off (default): such a demand is allocated as far as it can be, with "
                    "warnings, and the shortfall per class is in summary.csv and the report. "
                    "On: the scenario fails with the reason."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.MAX_ITERATIONS, self.tr("CARS maximum iterations"),
            QgsProcessingParameterNumber.Integer, defaultValue=1000, minValue=1),
            self.tr("Upper bound of CARS iterations per target year."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            self.THREADS, self.tr("Threads (0 = all cores)"), QgsProcessingParameterNumber.Integer,
            defaultValue=0, minValue=0),
            self.tr("Threads for the random forests."), advanced=True)
        self.add(QgsProcessingParameterString(
            self.SCHEDULER, self.tr("Dask scheduler address (empty = this machine)"),
            defaultValue="", optional=True),
            self.tr("Address of a running Dask scheduler (tcp://host:8786) to run the raster "
                    "steps on a cluster, with the same results as on this machine. QGIS is only "
                    "the client: start the scheduler and workers outside QGIS (dask scheduler; "
                    "dask worker tcp://host:8786); the workers must read the input files at the "
                    "same paths. Needs the Python packages dask and distributed. See "
                    "docs/cluster.md."), advanced=True)
        self.add(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Output folder")),
            self.tr("Folder for every result. If it already holds files, a new subfolder "
                    "run_<date>_<time> is made: earlier runs are never overwritten."))
        self.addOutput(QgsProcessingOutputHtml(self.OUTPUT_REPORT, self.tr("Study report")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_SUMMARY, self.tr("Summary table")))
        self.addOutput(QgsProcessingOutputFolder(self.RUN_FOLDER, self.tr("Folder of this run")))

    # -- running -------------------------------------------------------------

    def _settings(self, parameters, context):
        maps = self.raster_sources(parameters, self.INPUTS, context)
        drivers = self.raster_sources(parameters, self.DRIVERS, context)
        presets = [PRESETS[i] for i in self.parameterAsEnums(parameters, self.SCENARIOS, context)]
        tables = [t for t in self.parameterAsFileList(parameters, self.SCENARIO_TABLES, context)
                  if t]
        number = self.parameterAsDouble
        integer = self.parameterAsInt
        optional = {name: (number(parameters, name, context)
                           if parameters.get(name) not in (None, "") else None)
                    for name in (self.P_REF, self.T_REF)}
        cars = CarsSettings(
            neighborhood=integer(parameters, self.NEIGHBORHOOD, context),
            patch_threshold=number(parameters, self.PATCH_THRESHOLD, context),
            expansion_coefficient=number(parameters, self.EXPANSION_COEFFICIENT, context),
            seed_percentage=number(parameters, self.SEED_PERCENTAGE, context),
            max_iterations=integer(parameters, self.MAX_ITERATIONS, context),
            decay_share=number(parameters, self.DECAY_SHARE, context),
            gain_tolerance=number(parameters, self.GAIN_TOLERANCE, context),
            strict_demand=self.parameterAsBool(parameters, self.STRICT_DEMAND, context))
        distance_text = self.parameterAsString(parameters, self.DISTANCE_TO_CLASSES, context)
        distance_classes = parse_number_list(distance_text, "DISTANCE_TO_CLASSES",
                                             integer=True) if distance_text.strip() else []
        return StudySettings(
            maps=[p for _l, p in maps], map_labels=[l for l, _p in maps],
            years=parse_number_list(self.parameterAsString(parameters, self.YEARS, context),
                                    "YEARS", integer=True),
            driver_paths=[p for _l, p in drivers], driver_labels=[l for l, _p in drivers],
            target_years=parse_number_list(
                self.parameterAsString(parameters, self.TARGET_YEARS, context),
                "TARGET_YEARS", integer=True),
            scenarios=[ScenarioSpec.from_preset(p) for p in presets]
            + [ScenarioSpec.from_table(t) for t in tables],
            pools_path=self.parameterAsFile(parameters, self.POOLS, context),
            output_folder=self.parameterAsString(parameters, self.OUTPUT_FOLDER, context),
            classes_path=self.file_or_none(parameters, self.CLASSES, context),
            pathways_path=self.file_or_none(parameters, self.PATHWAYS, context),
            p_ref=optional[self.P_REF], t_ref=optional[self.T_REF],
            prices=parse_number_list(self.parameterAsString(parameters, self.PRICES, context),
                                     "PRICES"),
            price_unit=normalise_unit(PRICE_UNITS[self.parameterAsEnum(parameters,
                                                                       self.PRICE_UNIT, context)]),
            discount_rate=number(parameters, self.DISCOUNT_RATE, context),
            price_change=number(parameters, self.PRICE_CHANGE, context),
            lisa_cell_size=number(parameters, self.LISA_CELL_SIZE, context),
            permutations=integer(parameters, self.PERMUTATIONS, context),
            alpha=number(parameters, self.ALPHA, context),
            seed=integer(parameters, self.SEED, context),
            sampling_rate=number(parameters, self.SAMPLING_RATE, context),
            trees=integer(parameters, self.TREES, context),
            threads=integer(parameters, self.THREADS, context),
            distance_classes=distance_classes, runs=integer(parameters, self.RUNS, context),
            cars=cars)

    def process(self, parameters, context, feedback, progress):
        settings = self._settings(parameters, context)
        if settings.output_folder in ("", None):
            raise LandCarbonError("Give an OUTPUT_FOLDER.")
        settings.command = repeat_command(settings)
        address = (self.parameterAsString(parameters, self.SCHEDULER, context) or "").strip()
        if address:
            settings.cluster = connect(scheduler=address, in_qgis=True)
            progress.info(settings.cluster.describe())
        try:
            result = run_study(settings, translate=tr, progress=progress)
        finally:
            if settings.cluster is not None:
                settings.cluster.close()
        progress.info("Report: %s" % result.report_path)
        # in the QGIS window the key maps open in a group per scenario (headless: nothing)
        load_in_groups(context, result.key_layers(tr))
        return {self.OUTPUT_REPORT: result.report_path, self.OUTPUT_SUMMARY: result.summary_path,
                self.RUN_FOLDER: result.folder, self.OUTPUT_FOLDER: result.folder}


def repeat_command(s):
    """The qgis_process.bin command line that repeats a run."""
    args = ["INPUTS=%s" % p for p in s.maps]
    args += ["YEARS=%s" % ",".join(map(str, s.years))]
    args += ["DRIVERS=%s" % p for p in s.driver_paths]
    args += ["TARGET_YEARS=%s" % ",".join(map(str, s.target_years))]
    presets = [str(PRESETS.index(sc.preset)) for sc in s.scenarios if sc.preset]
    if presets:
        args += ["SCENARIOS=%s" % ",".join(presets)]
    args += ["SCENARIO_TABLES=%s" % sc.table_path for sc in s.scenarios if sc.table_path]
    for name, value in (("CLASSES", s.classes_path), ("POOLS", s.pools_path),
                        ("PATHWAYS", s.pathways_path), ("P_REF", s.p_ref), ("T_REF", s.t_ref)):
        if value not in (None, ""):
            args.append("%s=%s" % (name, value))
    args += ["PRICES=%s" % ",".join("%g" % p for p in s.prices),
             "PRICE_UNIT=%d" % (0 if s.price_unit == "t C" else 1),
             "DISCOUNT_RATE=%g" % s.discount_rate, "PRICE_CHANGE=%g" % s.price_change,
             "LISA_CELL_SIZE=%g" % s.lisa_cell_size, "PERMUTATIONS=%d" % s.permutations,
             "ALPHA=%g" % s.alpha, "SEED=%d" % s.seed, "SAMPLING_RATE=%g" % s.sampling_rate,
             "TREES=%d" % s.trees, "NEIGHBORHOOD=%d" % s.cars.neighborhood,
             "PATCH_THRESHOLD=%g" % s.cars.patch_threshold,
             "EXPANSION_COEFFICIENT=%g" % s.cars.expansion_coefficient,
             "SEED_PERCENTAGE=%g" % s.cars.seed_percentage,
             "MAX_ITERATIONS=%d" % s.cars.max_iterations,
             "DECAY_SHARE=%g" % s.cars.decay_share, "GAIN_TOLERANCE=%g" % s.cars.gain_tolerance,
             "STRICT_DEMAND=%s" % ("true" if s.cars.strict_demand else "false"),
             "RUNS=%d" % s.runs, "THREADS=%d" % s.threads,
             "OUTPUT_FOLDER=%s" % s.output_folder]
    if s.distance_classes:
        args.insert(-1, "DISTANCE_TO_CLASSES=%s" % ",".join(map(str, s.distance_classes)))
    return "qgis_process.bin run landcarbon:scenarios -- " + " ".join(shlex.quote(a) for a in args)
