"""landcarbon:climatecorrection - carbon densities corrected for climate, one
pools table per emission pathway (docs/climate.md)."""

from ..core.carbon import (
    CLIMATECORRECTION_INPUTS,
    CLIMATECORRECTION_OUTPUTS,
    ClimateSettings,
    Coefficients,
    run_climate_correction,
)
from .base import LandCarbonAlgorithm


class ClimateCorrectionAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/carbon/settings.py)."""

    SPECS = (CLIMATECORRECTION_INPUTS, ClimateSettings, Coefficients,
             CLIMATECORRECTION_OUTPUTS)
    GROUP_ID = "carbon"

    def name(self):
        return "climatecorrection"

    def displayName(self):  # noqa: N802
        return self.tr("Climate-corrected carbon densities")

    def description(self):
        return self.tr(
            "<p>Scales a carbon pools table measured under a reference climate (P_REF mm, "
            "T_REF deg C, mean annual) to the climate of the study area or of each emission "
            "pathway (e.g. SSP1-2.6 / SSP2-4.5 / SSP5-8.5), so that future land-use maps get "
            "densities for their future climate:</p>"
            "<p>K_BP = C_BP(P) / C_BP(P_REF) with C_BP = 6.798 exp(0.0054 P); K_BT = C_BT(T) / "
            "C_BT(T_REF) with C_BT = 28 T + 398; K_B = K_BP x K_BT; K_S = C_SP(P) / C_SP(P_REF) "
            "with C_SP = 3.3968 P + 3996.1 (Alam et al. 2013, Chen et al. 2007; the "
            "coefficients are parameters). c_above and c_below are multiplied by K_B, c_soil "
            "by K_S, c_dead is unchanged unless DEAD_WITH_BIOMASS.</p>"
            "<p>Outputs: one corrected pools table per pathway (same columns as POOLS, so "
            "it feeds landcarbon:carbonstock as POOLS_ALT) and a table of the factors. A "
            "factor outside [0.5, 2] gives a warning.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'must give a positive density': the temperature is at or below "
            "-b_BT / a_BT (-14.21 deg C with the defaults), or a coefficient makes a density "
            "negative; check units (deg C, mm) and coefficients.</li><li>'is negative': P is "
            "mean annual precipitation in mm, >= 0.</li><li>Give either P and T or a "
            "PATHWAYS table (name,P,T).</li><li>Warnings about factors beyond [0.5, 2]: the "
            "reference and study climates are very different; check them.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_spec(CLIMATECORRECTION_INPUTS, only=("POOLS",))
        self.add_spec(ClimateSettings, skip=("dead_with_biomass",))
        self.add_spec(CLIMATECORRECTION_INPUTS, skip=("POOLS",))
        self.add_spec(ClimateSettings, only=("dead_with_biomass",))
        self.add_spec(Coefficients)
        self.add_spec(CLIMATECORRECTION_OUTPUTS)

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, CLIMATECORRECTION_INPUTS)
        outputs = self.read_spec(parameters, context, CLIMATECORRECTION_OUTPUTS)
        run_climate_correction(
            inputs["POOLS"], pathways=inputs["PATHWAYS"],
            settings=ClimateSettings(**self.read_spec(parameters, context, ClimateSettings)),
            coefficients=Coefficients(**self.read_spec(parameters, context, Coefficients)),
            output_folder=outputs["OUTPUT_FOLDER"], output_pools=outputs["OUTPUT_POOLS"],
            output_factors=outputs["OUTPUT_FACTORS"], progress=progress)
        return {k: v for k, v in outputs.items() if v}
