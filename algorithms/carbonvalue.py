"""landcarbon:carbonvalue - economic value of a carbon change, InVEST
valuation (docs/carbon-value.md)."""

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..core.carbon import Valuation, run_carbon_value
from ..core.common.tables import parse_number_list
from .base import LandCarbonAlgorithm
from .zoneparams import ZoneParameters

PRICE_UNITS = ["t C", "t CO2"]


class CarbonValueAlgorithm(LandCarbonAlgorithm):
    CHANGE = "CHANGE"
    YEAR_BASE = "YEAR_BASE"
    YEAR_ALT = "YEAR_ALT"
    PRICES = "PRICES"
    PRICE_UNIT = "PRICE_UNIT"
    DISCOUNT_RATE = "DISCOUNT_RATE"
    PRICE_CHANGE = "PRICE_CHANGE"
    PRICE_PATH = "PRICE_PATH"
    OUTPUT_VALUE = "OUTPUT_VALUE"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    TOTAL_VALUE = "TOTAL_VALUE"

    GROUP_ID = "carbon"

    def name(self):
        return "carbonvalue"

    def displayName(self):  # noqa: N802
        return self.tr("Carbon sink value")

    def description(self):
        return self.tr(
            "<p>Money value of a carbon change (the change raster of landcarbon:carbonstock, "
            "Mg C/ha) with the valuation of InVEST 3.20 Carbon: the change is spread evenly "
            "over the N = YEAR_ALT - YEAR_BASE years and each year's share is discounted: "
            "value = change x K, K = V / N x (1 - q^N) / (1 - q), q = 1 / ((1 + r/100)(1 + "
            "c/100)) (K = V when q = 1), with V the price per t of carbon, r the discount rate "
            "and c InVEST's annual rate of change in the price (it acts as a further "
            "discount: a positive c lowers the value). Prices per t CO2 are converted with "
            "x 44/12.</p>"
            "<p>Several prices give one valuation each (e.g. 100,449.4,814.74,1716,4182.22); "
            "the value raster (currency/ha) uses the first. Beyond InVEST: a PRICE_PATH table "
            "(year,price; more price columns = more scenarios) replaces V and c: K = 1/N x "
            "sum over t = 0..N-1 of P(YEAR_BASE + t) / (1 + r/100)^t, prices interpolated "
            "linearly between the years given. A constant path equals InVEST with c = 0. "
            "ZONES give the value per region.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'must be after YEAR_BASE': the alternate year must be later.</li><li>"
            "'is not a number': write PRICES as numbers separated by commas, with a dot as "
            "decimal separator.</li><li>Price path: it must cover YEAR_BASE to YEAR_ALT - 1."
            "</li><li>Zones: a polygon layer with features, or an integer zone raster on the "
            "grid of the change raster.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add(QgsProcessingParameterRasterLayer(
            self.CHANGE, self.tr("Carbon change (Mg C/ha)")),
            self.tr("Raster of the carbon change in Mg C/ha (OUTPUT_CHANGE of "
                    "landcarbon:carbonstock); its nodata cells are skipped."))
        self.add(QgsProcessingParameterNumber(
            self.YEAR_BASE, self.tr("Year of the base map"), QgsProcessingParameterNumber.Integer,
            defaultValue=2000),
            self.tr("Calendar year of the base land-use map."))
        self.add(QgsProcessingParameterNumber(
            self.YEAR_ALT, self.tr("Year of the alternate map"),
            QgsProcessingParameterNumber.Integer, defaultValue=2020),
            self.tr("Calendar year of the alternate map; must be after YEAR_BASE."))
        self.add(QgsProcessingParameterString(
            self.PRICES, self.tr("Carbon prices"), defaultValue="100"),
            self.tr("One or more prices separated by commas (currency per t C or per t CO2, see "
                    "PRICE_UNIT), e.g. 100,449.4,814.74,1716,4182.22; one valuation each. Not "
                    "used with PRICE_PATH."))
        self.add(QgsProcessingParameterEnum(
            self.PRICE_UNIT, self.tr("Prices are per"), options=PRICE_UNITS, defaultValue=0),
            self.tr("t C: per metric ton of carbon (InVEST); t CO2: per ton of CO2, converted to "
                    "per t C with x 44/12."))
        self.add(QgsProcessingParameterNumber(
            self.DISCOUNT_RATE, self.tr("Discount rate (% per year)"),
            QgsProcessingParameterNumber.Double, defaultValue=7.0),
            self.tr("Annual market discount rate r in % (e.g. 7); negative values are allowed, "
                    "must be above -100."))
        self.add(QgsProcessingParameterNumber(
            self.PRICE_CHANGE, self.tr("Annual rate of change in the carbon price (%)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0),
            self.tr("InVEST's c in %: acts as an additional discount (positive c lowers the "
                    "value); 0 with a social cost of carbon. Negative allowed. Not used with "
                    "PRICE_PATH."))
        self.add(QgsProcessingParameterFile(
            self.PRICE_PATH, self.tr("Price path (CSV year,price)"), extension="csv",
            optional=True),
            self.tr("Optional CSV year,price (price per PRICE_UNIT in each calendar year; more "
                    "price columns = more scenarios, named by their header). Must cover "
                    "YEAR_BASE to YEAR_ALT - 1; missing years are interpolated linearly. "
                    "Replaces PRICES and PRICE_CHANGE."))
        ZoneParameters(self).add_parameters()
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_VALUE, self.tr("Value of the change (currency/ha)"), optional=True),
            self.tr("Float32 raster: change (Mg C/ha) x K of the first price = currency per ha "
                    "(x cell area in ha = currency per cell); diverging ramp."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_SUMMARY, self.tr("Value summary (CSV)"), "CSV files (*.csv)", optional=True,
            createByDefault=True),
            self.tr("CSV per price: price as given, unit, price per t C, valuation constant "
                    "(currency per Mg C of change), change_Mg and value_currency for all cells "
                    "and per zone."))
        self.addOutput(QgsProcessingOutputNumber(
            self.TOTAL_VALUE, self.tr("Total value of the change, first price (currency)")))

    def process(self, parameters, context, feedback, progress):
        change = self.raster_source(parameters, self.CHANGE, context)
        price_path = self.file_or_none(parameters, self.PRICE_PATH, context)
        prices = None
        if not price_path:
            prices = parse_number_list(self.parameterAsString(parameters, self.PRICES, context),
                                       "PRICES")
        zones = ZoneParameters(self).resolve(parameters, context, feedback)
        outputs = {name: self.output_or_none(parameters, name, context)
                   for name in (self.OUTPUT_VALUE, self.OUTPUT_SUMMARY)}
        valuation = Valuation(
            prices=prices,
            price_unit=PRICE_UNITS[self.parameterAsEnum(parameters, self.PRICE_UNIT, context)],
            discount_rate=self.parameterAsDouble(parameters, self.DISCOUNT_RATE, context),
            price_change=self.parameterAsDouble(parameters, self.PRICE_CHANGE, context),
            price_path=price_path)
        result = run_carbon_value(
            change[1], self.parameterAsInt(parameters, self.YEAR_BASE, context),
            self.parameterAsInt(parameters, self.YEAR_ALT, context), valuation=valuation,
            zones=zones, output_value=outputs[self.OUTPUT_VALUE],
            output_summary=outputs[self.OUTPUT_SUMMARY], labels={"CHANGE": change[0]},
            progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        results[self.TOTAL_VALUE] = result.total_values[0]
        return results
