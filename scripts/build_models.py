"""Build the example Graphical Modeler models shipped in resources/models/.

    .venv/bin/python scripts/build_models.py [folder]

Writes resources/models/calibrateandvalidate.model3 and
resources/models/scenariotocarbon.model3 (or into ``folder``; a test rebuilds
them there and compares them byte for byte with the committed files) from the
definitions below, so the
models are reproducible and reviewable as code (a .model3 drawn by hand in the
Modeler cannot be diffed meaningfully). The provider registers every
resources/models/*.model3 as landcarbon:<file name> in the group "Examples".

The model inputs keep the parameter names of the algorithms they feed
(LANDUSE_START, SEED...); the model outputs are named <CHILD>:<OUTPUT> by QGIS
(e.g. CARS:SIMULATED), so every name is upper case and can be typed after
``qgis_process.bin run ... --``. Child algorithms are looked up in the
Processing registry, so this script registers the plugin's provider first
(from this checkout, whatever its folder is called).
"""

import importlib.util
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt orders XML attributes by a per-process hash seed; a fixed seed makes
# the .model3 files byte-identical from one build to the next.
os.environ["QT_HASH_SEED"] = "0"

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QPointF, QSizeF  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tr(text):
    """Marks a text users see: pylupdate5 extracts the texts given to tr()
    for the translations; the model stores the English text and
    algorithms/examplemodels.py translates it when QGIS shows the model."""
    return text

MODELS_DIR = os.path.join(ROOT, "resources", "models")
GROUP, GROUP_ID = "Examples", "examples"
CREATOR = "LandCarbon"
HELP_URL = "https://github.com/landcarbon/landcarbon#example-models"

# Modeler canvas layout: inputs in the left column, algorithms to the right.
INPUT_X, CHILD_X, OUTPUT_DX, ROW = 120.0, 540.0, 280.0, 70.0
BOX = QSizeF(240.0, 46.0)   # room for two lines of a description


def model_input(name):
    return QgsProcessingModelChildParameterSource.fromModelParameter(name)


def child_output(child_id, output):
    return QgsProcessingModelChildParameterSource.fromChildOutput(child_id, output)


def static(value):
    return QgsProcessingModelChildParameterSource.fromStaticValue(value)


class ModelBuilder:
    """A QgsProcessingModelAlgorithm assembled input by input and step by
    step, with the help text of every input and output kept for the help
    panel (QgsProcessingModelAlgorithm.setHelpContent)."""

    def __init__(self, title, description, failure_help, short_description):
        self.model = QgsProcessingModelAlgorithm(title, GROUP, GROUP_ID)
        self.help = {
            "ALG_DESC": "%s<h3>When it fails</h3>%s" % (description, failure_help),
            "SHORT_DESCRIPTION": short_description,
            "ALG_CREATOR": CREATOR,
            "ALG_HELP_CREATOR": CREATOR,
            "HELP_URL": HELP_URL,
        }
        self._inputs = []
        self._next_y = 60.0

    def add_input(self, parameter, help_text):
        """A model input; its help shows as tooltip and in the help panel."""
        parameter.setHelp(help_text)
        component = QgsProcessingModelParameter(parameter.name())
        component.setDescription(parameter.description())
        component.setPosition(QPointF(INPUT_X, 60.0 + ROW * len(self._inputs)))
        component.setSize(BOX)
        self._inputs.append(parameter.name())
        self.model.addModelParameter(parameter, component)
        self.help[parameter.name()] = help_text

    def add_step(self, child_id, algorithm_id, description, sources, outputs=()):
        """One child algorithm. ``sources``: {parameter: source};
        ``outputs``: (name, child output, description, help) of the model
        outputs it gives (parameter name of the model: CHILD_ID:name)."""
        child = QgsProcessingModelChildAlgorithm(algorithm_id)
        if child.algorithm() is None:
            raise RuntimeError("%s is not registered; is the provider loaded?" % algorithm_id)
        child.setChildId(child_id)
        child.setDescription(description)
        y = self._next_y   # below the previous step and its outputs
        self._next_y += max(2.2 * ROW, 40.0 * len(outputs) + 60.0)
        child.setPosition(QPointF(CHILD_X, y))
        child.setSize(BOX)
        for name, source in sources.items():
            if child.algorithm().parameterDefinition(name) is None:
                raise RuntimeError("%s has no parameter %s" % (algorithm_id, name))
            child.addParameterSources(name, [source])
        # the other settings keep the algorithm's defaults, stored as the
        # Modeler stores them, so they show (and can be edited) in the step
        for definition in child.algorithm().parameterDefinitions():
            if (definition.isDestination() or definition.name() in sources
                    or definition.defaultValue() is None):
                continue
            child.addParameterSources(definition.name(), [static(definition.defaultValue())])
        model_outputs = {}
        for index, (name, child_name, out_description, help_text) in enumerate(outputs):
            output = QgsProcessingModelOutput(name, out_description)
            output.setChildId(child_id)
            output.setChildOutputName(child_name)
            output.setPosition(QPointF(CHILD_X + OUTPUT_DX, y + 40.0 * index))
            model_outputs[name] = output
            self.help["%s:%s" % (child_id, name)] = help_text
        child.setModelOutputs(model_outputs)
        self.model.addChildAlgorithm(child)

    def _require_consumed_outputs(self):
        """A model output that a later step reads is made mandatory: QGIS
        3.22 writes a skipped optional model output nowhere, so the step
        reading it would get no file."""
        consumed = set()
        for child in self.model.childAlgorithms().values():
            for sources in child.parameterSources().values():
                consumed.update((s.outputChildId(), s.outputName()) for s in sources
                                if s.source() == QgsProcessingModelChildParameterSource.ChildOutput)
        for child in self.model.childAlgorithms().values():
            outputs = child.modelOutputs()
            for output in outputs.values():
                if (child.childId(), output.childOutputName()) in consumed:
                    output.setMandatory(True)
            child.setModelOutputs(outputs)
            self.model.setChildAlgorithm(child)

    def save(self, folder, file_name):
        self._require_consumed_outputs()
        self.model.setHelpContent(self.help)
        # the dialog lists the inputs in the order they were added (QGIS
        # lists the outputs after them, by name)
        self.model.setParameterOrder(self._inputs)
        self.model.updateDestinationParameters()
        ok, problems = self.model.validate()
        if not ok:
            raise RuntimeError("%s is not valid: %s" % (file_name, "; ".join(problems)))
        path = os.path.join(folder, file_name)
        if not self.model.toFile(path):
            raise RuntimeError("Could not write %s" % path)
        return path


# -- shared inputs ------------------------------------------------------------

def classes_input(builder):
    builder.add_input(QgsProcessingParameterFile(
        "CLASSES", tr("Class names and colours (CSV code,name,color)"), extension="csv",
        optional=True),
        tr("Optional CSV code,name,color: names and colours of the maps and tables of every "
           "step."))


def year_input(builder, name, description, default, help_text):
    builder.add_input(QgsProcessingParameterNumber(
        name, description, QgsProcessingParameterNumber.Integer, defaultValue=default),
        help_text)


def spec_input(builder, package, settings, attr, description, help_text):
    """A number input declared by a core spec (core/<package>/settings.py):
    its name, kind, default and range are the spec's, the description and
    help the model's."""
    from landcarbon.core.common.spec import param_of
    p = param_of(getattr(importlib.import_module("landcarbon.core." + package), settings), attr)
    bounds = {k: v for k, v in (("minValue", p.minimum), ("maxValue", p.maximum))
              if v is not None}
    builder.add_input(QgsProcessingParameterNumber(
        p.name, description, QgsProcessingParameterNumber.Integer if p.kind == "int"
        else QgsProcessingParameterNumber.Double, defaultValue=p.default, **bounds), help_text)


def seed_input(builder, help_text):
    spec_input(builder, "leas", "LeasSettings", "seed", tr("Random seed"), help_text)


# -- model 1: calibrate and validate ------------------------------------------

def calibrate_and_validate(folder):
    builder = ModelBuilder(
        tr("Calibrate and validate"),
        tr("<p>Calibrates PLUS on two past maps and checks it against a third, observed "
           "one: the usual first step of a land-use study. Chain: "
           "<b>landcarbon:leas</b> learns the development probability of every class from "
           "the change t0 -> t1 and the drivers; <b>landcarbon:markovdemand</b> projects "
           "the cells per class from t0 -> t1 to the year of t2 (NE scenario, the observed "
           "trend); <b>landcarbon:cars</b> simulates the map of t2's year from t1 with those "
           "probabilities, that demand and transition matrix; <b>landcarbon:accuracy</b> "
           "compares the simulation with the observed t2 (initial map t1): overall accuracy, "
           "Kappa, figure of merit and a map of hits, misses and false alarms.</p>"
           "<p>The three maps must be on one grid with the same class codes; the drivers on "
           "that grid too (landcarbon:preparedrivers builds them). Outputs: the simulated "
           "map, the accuracy report (CSV) and map, the development probabilities (input of "
           "CARS for future scenarios, e.g. in the model 'Scenario to carbon'), the driver "
           "contributions and the land demand. Open the model file "
           "(resources/models/calibrateandvalidate.model3) in the Graphical Modeler to change "
           "the settings of a step.</p>"),
        tr("<ul><li>The message names the step (leas, markovdemand, cars, accuracy) and says "
           "what is wrong; that algorithm's help explains it.</li><li>'Too few samples': "
           "raise the sampling rate (small maps need 0.1-0.3).</li><li>'not on the same "
           "grid': align the maps and drivers first (landcarbon:preparedrivers, Raster > "
           "Align Rasters with nearest neighbour for maps).</li><li>The years must increase: "
           "t0 &lt; t1 &lt; t2.</li></ul>"),
        tr("LEAS (t0 -> t1) -> Markov demand (to t2) -> CARS (t1 -> t2) -> accuracy against "
           "the observed t2."))
    builder.add_input(QgsProcessingParameterRasterLayer(
        "LANDUSE_T0", tr("Land-use map t0 (earliest)")),
        tr("Integer class codes; start of the calibration pair t0 -> t1."))
    year_input(builder, "YEAR_T0", tr("Year of t0"), 2000, tr("Calendar year of the map t0."))
    builder.add_input(QgsProcessingParameterRasterLayer(
        "LANDUSE_T1", tr("Land-use map t1")),
        tr("End of the calibration pair and the map the validation simulation starts from; "
           "same grid and codes as t0."))
    year_input(builder, "YEAR_T1", tr("Year of t1"), 2010, tr("Calendar year of t1, after t0."))
    builder.add_input(QgsProcessingParameterRasterLayer(
        "LANDUSE_T2", tr("Land-use map t2 (observed, for validation)")),
        tr("The real map of the year the model simulates; only used to score the "
           "simulation."))
    year_input(builder, "YEAR_T2", tr("Year of t2"), 2020,
               tr("Calendar year of t2, after t1: the year simulated from t1."))
    builder.add_input(QgsProcessingParameterMultipleLayers(
        "DRIVERS", tr("Drivers (stack or rasters on the land-use grid)"),
        QgsProcessing.TypeRaster),
        tr("Driver rasters on exactly the grid of the maps (e.g. the stack of "
           "landcarbon:preparedrivers); every band is a driver."))
    classes_input(builder)
    spec_input(
        builder, "leas", "LeasSettings", "sampling_rate",
        tr("LEAS sampling rate (share of the changed cells)"),
        tr("Share of the cells that changed between t0 and t1 used to train the random "
           "forests (0.01 = 1 %, the PLUS default; small maps need more, e.g. 0.2)."))
    seed_input(builder, tr("Seed of the LEAS sample and forests and of the CARS draws: the "
                           "same seed gives the same outputs byte for byte."))

    builder.add_step("LEAS", "landcarbon:leas", tr("LEAS: probabilities from t0 -> t1"), {
        "LANDUSE_START": model_input("LANDUSE_T0"),
        "LANDUSE_END": model_input("LANDUSE_T1"),
        "DRIVERS": model_input("DRIVERS"),
        "SAMPLING_RATE": model_input("SAMPLING_RATE"),
        "SEED": model_input("SEED"),
        "CLASSES": model_input("CLASSES"),
    }, [("PROBABILITY", "OUTPUT_PROBABILITY", tr("Development probabilities"),
         tr("Float32 raster, one band per class (values 0-1): the PROBABILITY input of "
            "landcarbon:cars for future scenarios.")),
        ("CONTRIBUTION", "OUTPUT_CONTRIBUTION", tr("Driver contributions"),
         tr("CSV, one row per class: share of each driver in explaining its expansion."))])
    builder.add_step("MARKOV", "landcarbon:markovdemand",
                     tr("Markov demand: t0 -> t1 trend at t2"), {
                         "LANDUSE_START": model_input("LANDUSE_T0"),
                         "LANDUSE_END": model_input("LANDUSE_T1"),
                         "YEAR_START": model_input("YEAR_T0"),
                         "YEAR_END": model_input("YEAR_T1"),
                         "YEARS_TARGET": model_input("YEAR_T2"),
                         "SCENARIO": static(0),
                         "CLASSES": model_input("CLASSES"),
                     }, [("DEMAND", "OUTPUT_DEMAND", tr("Land demand"),
                          tr("CSV year,code,cells,km2: the cells per class the simulation "
                             "allocates in the year of t2."))])
    builder.add_step("CARS", "landcarbon:cars", tr("CARS: simulate t2 from t1"), {
        "LANDUSE": model_input("LANDUSE_T1"),
        "PROBABILITY": child_output("LEAS", "OUTPUT_PROBABILITY"),
        "DEMAND": child_output("MARKOV", "OUTPUT_DEMAND"),
        "TRANSITION_MATRIX": child_output("MARKOV", "OUTPUT_TRANSITION_MATRIX"),
        "LANDUSE_START": model_input("LANDUSE_T0"),
        "RANDOM_SEED": model_input("SEED"),
        "CLASSES": model_input("CLASSES"),
    }, [("SIMULATED", "OUTPUT", tr("Simulated land use (year of t2)"),
         tr("The simulated map of t2's year: grid and codes of t1, colour table and names."))])
    builder.add_step("ACCURACY", "landcarbon:accuracy", tr("Accuracy: simulated vs observed t2"), {
        "INITIAL": model_input("LANDUSE_T1"),
        "OBSERVED": model_input("LANDUSE_T2"),
        "SIMULATED": child_output("CARS", "OUTPUT"),
        "CLASSES": model_input("CLASSES"),
    }, [("REPORT", "OUTPUT_REPORT", tr("Accuracy report"),
         tr("CSV: overall accuracy, Kappa, disagreement, figure of merit, per-class "
            "accuracies and the confusion matrix (cells).")),
        ("MAP", "OUTPUT_MAP", tr("Hits / misses / false alarms map"),
         tr("Byte raster: 0 persistence, 1 miss, 2 hit, 3 wrong hit, 4 false alarm."))])
    return builder.save(folder, "calibrateandvalidate.model3")


# -- model 2: scenario to carbon ----------------------------------------------

SCENARIO_LABELS = [tr("NE - natural evolution"), tr("UD - urban development"),
                   tr("CP - cropland protection"), tr("EP - ecological protection"),
                   tr("Custom (scenario table)")]


def scenario_to_carbon(folder):
    builder = ModelBuilder(
        tr("Scenario to carbon"),
        tr("<p>From a calibration pair of maps to the carbon, its value and its hot spots "
           "in a target year under one scenario. Chain: <b>landcarbon:markovdemand</b> "
           "projects the cells per class from the change start -> end to the target year "
           "under the scenario; <b>landcarbon:cars</b> simulates the target year's map from "
           "the end map with the development probabilities (from landcarbon:leas, e.g. the "
           "model 'Calibrate and validate'); <b>landcarbon:carbonstock</b> computes the carbon "
           "density of the end map (base) and of the simulation (alternate) and their change "
           "(Mg C/ha); <b>landcarbon:carbonvalue</b> values the change between the end year "
           "and the target year (InVEST: price, discount rate, price change); "
           "<b>landcarbon:lisa</b> finds hot and cold spots of the simulated carbon density "
           "(global Moran's I and LISA clusters on square analysis cells).</p>"
           "<p>Scenario presets UD, CP, EP are written on class roles (column role of the "
           "CLASSES table; without it the CNLUCC codes 1-6 / 11-67 are recognised), so they "
           "work for any classification; NE needs no roles. Custom reads your own scenario "
           "table (CSV from,to,factor,allowed). Outputs: the simulated map, the carbon densities, "
           "change and value rasters, the carbon and value summary tables, the change by "
           "conversion, the LISA clusters and the global Moran's I table. Open the model "
           "file (resources/models/scenariotocarbon.model3) in the Graphical Modeler to "
           "change the settings of a step (e.g. the neighbourhood of CARS or the "
           "permutations of LISA).</p>"),
        tr("<ul><li>The message names the step (markovdemand, cars, carbonstock, carbonvalue, "
           "lisa) and says what is wrong; that algorithm's help explains it.</li>"
           "<li>'written for the six-class scheme': add a role column to CLASSES.</li>"
           "<li>'no probability band for class': the probabilities "
           "must come from landcarbon:leas on maps with the same classes.</li><li>The target "
           "year must come after the end year; the pools table must list every class.</li>"
           "<li>'Only ... analysis cell(s)' (LISA): give a smaller analysis cell size.</li></ul>"),
        tr("Markov demand -> CARS -> carbon stock (end map vs simulation) -> carbon value -> "
           "LISA hot spots."))
    builder.add_input(QgsProcessingParameterRasterLayer(
        "LANDUSE_START", tr("Land-use map at the start of the calibration pair")),
        tr("Integer class codes; the earlier map of the pair whose change the Markov chain "
           "extrapolates."))
    year_input(builder, "YEAR_START", tr("Year of the start map"), 2010,
               tr("Calendar year of the start map."))
    builder.add_input(QgsProcessingParameterRasterLayer(
        "LANDUSE_END", tr("Land-use map at the end of the calibration pair")),
        tr("The later map, same grid and codes: the simulation starts from it and it is the "
           "base of the carbon change."))
    year_input(builder, "YEAR_END", tr("Year of the end map"), 2020,
               tr("Calendar year of the end map, after the start year; the base year of the "
                  "valuation."))
    year_input(builder, "YEAR_TARGET", tr("Target year"), 2030,
               tr("Year to simulate, after the end year; the year of the alternate map in the "
                  "valuation."))
    builder.add_input(QgsProcessingParameterEnum(
        "SCENARIO", tr("Scenario"), options=SCENARIO_LABELS, defaultValue=0),
        tr("NE keeps the observed trend (any class scheme). UD, CP, EP adjust it by class "
           "role (see landcarbon:markovdemand). Custom reads SCENARIO_TABLE."))
    builder.add_input(QgsProcessingParameterFile(
        "SCENARIO_TABLE", tr("Scenario table (CSV from,to,factor,allowed)"), extension="csv",
        optional=True),
        tr("Only with Custom: one row per adjusted conversion (from and to codes, factor, "
           "allowed 1/0). Examples in resources/scenarios."))
    builder.add_input(QgsProcessingParameterRasterLayer(
        "PROBABILITY", tr("Development probabilities (from leas)")),
        tr("Float32 raster with one band per class from landcarbon:leas (or the model "
           "'Calibrate and validate'), on the grid of the maps."))
    classes_input(builder)
    builder.add_input(QgsProcessingParameterFile(
        "POOLS", tr("Carbon pools table (CSV)"), extension="csv"),
        tr("InVEST-format CSV lucode, c_above, c_below, c_soil, c_dead (Mg C/ha) for every "
           "class of the maps; used for both maps unless POOLS_ALT is given."))
    builder.add_input(QgsProcessingParameterFile(
        "POOLS_ALT", tr("Pools table of the simulated map (CSV)"), extension="csv",
        optional=True),
        tr("Optional table for the simulated map (e.g. densities corrected for a climate "
           "pathway with landcarbon:climatecorrection)."))
    builder.add_input(QgsProcessingParameterString(
        "PRICES", tr("Carbon prices"), defaultValue="100"),
        tr("One or more prices separated by commas (currency per t C, or per t CO2 with "
           "PRICE_UNIT); the value raster uses the first."))
    builder.add_input(QgsProcessingParameterEnum(
        "PRICE_UNIT", tr("Prices are per"), options=["t C", "t CO2"], defaultValue=0),
        tr("t C: per metric ton of carbon (InVEST); t CO2: per ton of CO2 (converted with "
           "44/12)."))
    spec_input(builder, "carbon", "Valuation", "discount_rate", tr("Discount rate (% per year)"),
               tr("Annual market discount rate r in % (InVEST)."))
    spec_input(builder, "carbon", "Valuation", "price_change",
               tr("Annual rate of change in the carbon price (%)"),
               tr("InVEST's c in %: acts as an additional discount."))
    spec_input(
        builder, "hotspots", "LisaSettings", "cell_size", tr("LISA analysis cell size (map units)"),
        tr("Side of the square analysis cells of the hot-spot analysis in the maps' units "
           "(e.g. 1000 m), at least the pixel size."))
    seed_input(builder, tr("Seed of the CARS draws and of the LISA permutations: the same "
                           "seed gives the same outputs byte for byte."))

    builder.add_step("MARKOV", "landcarbon:markovdemand",
                     tr("Markov demand under the scenario"), {
                         "LANDUSE_START": model_input("LANDUSE_START"),
                         "LANDUSE_END": model_input("LANDUSE_END"),
                         "YEAR_START": model_input("YEAR_START"),
                         "YEAR_END": model_input("YEAR_END"),
                         "YEARS_TARGET": model_input("YEAR_TARGET"),
                         "SCENARIO": model_input("SCENARIO"),
                         "SCENARIO_TABLE": model_input("SCENARIO_TABLE"),
                         "CLASSES": model_input("CLASSES"),
                     }, [("DEMAND", "OUTPUT_DEMAND", tr("Land demand"),
                          tr("CSV year,code,cells,km2 of the target year under the "
                             "scenario."))])
    builder.add_step("CARS", "landcarbon:cars", tr("CARS: simulate the target year"), {
        "LANDUSE": model_input("LANDUSE_END"),
        "PROBABILITY": model_input("PROBABILITY"),
        "DEMAND": child_output("MARKOV", "OUTPUT_DEMAND"),
        "TRANSITION_MATRIX": child_output("MARKOV", "OUTPUT_TRANSITION_MATRIX"),
        "LANDUSE_START": model_input("LANDUSE_START"),
        "RANDOM_SEED": model_input("SEED"),
        "CLASSES": model_input("CLASSES"),
    }, [("SIMULATED", "OUTPUT", tr("Simulated land use (target year)"),
         tr("The simulated map of the target year: grid and codes of the end map, colour "
            "table and names."))])
    builder.add_step("CARBON", "landcarbon:carbonstock", tr("Carbon: end map vs simulation"), {
        "LANDUSE": model_input("LANDUSE_END"),
        "POOLS": model_input("POOLS"),
        "LANDUSE_ALT": child_output("CARS", "OUTPUT"),
        "POOLS_ALT": model_input("POOLS_ALT"),
    }, [("STOCK_BASE", "OUTPUT_STOCK", tr("Carbon density, end year (Mg C/ha)"),
         tr("Float32 raster: total carbon density of the end map (Mg C/ha).")),
        ("STOCK_ALT", "OUTPUT_STOCK_ALT", tr("Carbon density, target year (Mg C/ha)"),
         tr("Float32 raster: total carbon density of the simulated map (Mg C/ha).")),
        ("CHANGE", "OUTPUT_CHANGE", tr("Carbon change (Mg C/ha)"),
         tr("Float32 raster: target year - end year density (Mg C/ha).")),
        ("SUMMARY", "OUTPUT_SUMMARY", tr("Carbon summary (CSV)"),
         tr("CSV per map and class: cells, area (ha), density (Mg C/ha), carbon (Mg, Tg).")),
        ("ATTRIBUTION", "OUTPUT_ATTRIBUTION", tr("Carbon change by conversion (CSV)"),
         tr("CSV per from -> to class pair: cells and carbon change (Mg)."))])
    builder.add_step("VALUE", "landcarbon:carbonvalue", tr("Value of the carbon change"), {
        "CHANGE": child_output("CARBON", "OUTPUT_CHANGE"),
        "YEAR_BASE": model_input("YEAR_END"),
        "YEAR_ALT": model_input("YEAR_TARGET"),
        "PRICES": model_input("PRICES"),
        "PRICE_UNIT": model_input("PRICE_UNIT"),
        "DISCOUNT_RATE": model_input("DISCOUNT_RATE"),
        "PRICE_CHANGE": model_input("PRICE_CHANGE"),
    }, [("VALUE", "OUTPUT_VALUE", tr("Value of the change (currency/ha)"),
         tr("Float32 raster: carbon change (Mg C/ha) x the valuation constant of the first "
            "price.")),
        ("SUMMARY", "OUTPUT_SUMMARY", tr("Value summary (CSV)"),
         tr("CSV per price: valuation constant and total value of the change (currency)."))])
    builder.add_step("LISA", "landcarbon:lisa", tr("Hot spots of the simulated carbon"), {
        "INPUT": child_output("CARBON", "OUTPUT_STOCK_ALT"),
        "CELL_SIZE": model_input("CELL_SIZE"),
        "SEED": model_input("SEED"),
    }, [("CLUSTERS", "OUTPUT_CLUSTERS", tr("LISA clusters of the simulated carbon"),
         tr("Byte raster on the analysis grid: 0 not significant, 1 High-High, 2 Low-High, "
            "3 Low-Low, 4 High-Low, 5 no neighbours.")),
        ("GLOBAL", "OUTPUT_GLOBAL", tr("Global Moran's I (CSV)"),
         tr("CSV statistic,value,description: Moran's I of the simulated carbon density, "
            "its expectation, z and p values."))])
    return builder.save(folder, "scenariotocarbon.model3")


# -- set-up -------------------------------------------------------------------

def register_provider():
    """Import this checkout as package 'landcarbon' and register its
    provider, so the child algorithms resolve."""
    if "landcarbon" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "landcarbon", os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT])
        module = importlib.util.module_from_spec(spec)
        sys.modules["landcarbon"] = module
        spec.loader.exec_module(module)
    from landcarbon.algorithms.provider import LandCarbonProvider
    provider = LandCarbonProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return provider


def main(folder=MODELS_DIR):
    app = QgsApplication([], False)
    app.initQgis()
    provider = register_provider()   # the child algorithms are looked up in it
    os.makedirs(folder, exist_ok=True)
    for build in (calibrate_and_validate, scenario_to_carbon):
        print("wrote", build(folder))
    QgsApplication.processingRegistry().removeProvider(provider)
    app.exitQgis()


if __name__ == "__main__":
    main(*sys.argv[1:2])
