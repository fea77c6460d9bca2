"""landcarbon:carbonvalue - economic value of a carbon change, InVEST
valuation (docs/carbon-value.md)."""

from qgis.core import QgsProcessingOutputNumber

from ..core.carbon import CARBONVALUE_INPUTS, CARBONVALUE_OUTPUTS, Valuation, run_carbon_value
from .base import LandCarbonAlgorithm
from .zoneparams import ZoneParameters


class CarbonValueAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/carbon/settings.py and the
    Valuation of core/carbon/value.py), but for the zones."""

    TOTAL_VALUE = "TOTAL_VALUE"
    SPECS = (CARBONVALUE_INPUTS, Valuation, CARBONVALUE_OUTPUTS)

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
        self.add_spec(CARBONVALUE_INPUTS)
        self.add_spec(Valuation)
        ZoneParameters(self).add_parameters()
        self.add_spec(CARBONVALUE_OUTPUTS)
        self.addOutput(QgsProcessingOutputNumber(
            self.TOTAL_VALUE, self.tr("Total value of the change, first price (currency)")))

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, CARBONVALUE_INPUTS)
        valuation = Valuation(**self.read_spec(parameters, context, Valuation))
        if valuation.price_path:
            valuation.prices = None       # not used with a price path
        zones = ZoneParameters(self).resolve(parameters, context, feedback)
        outputs = self.read_spec(parameters, context, CARBONVALUE_OUTPUTS)
        change = inputs["CHANGE"]
        result = run_carbon_value(
            change[1], inputs["YEAR_BASE"], inputs["YEAR_ALT"], valuation=valuation,
            zones=zones, output_value=outputs["OUTPUT_VALUE"],
            output_summary=outputs["OUTPUT_SUMMARY"], labels={"CHANGE": change[0]},
            progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        results[self.TOTAL_VALUE] = result.total_values[0]
        return results
