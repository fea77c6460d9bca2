"""landcarbon:climatecorrection - carbon densities corrected for climate, one
pools table per emission pathway (docs/climate.md)."""

from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.carbon import Coefficients, run_climate_correction
from .base import LandCarbonAlgorithm

DEFAULTS = Coefficients()


class ClimateCorrectionAlgorithm(LandCarbonAlgorithm):
    POOLS = "POOLS"
    P_REF = "P_REF"
    T_REF = "T_REF"
    P = "P"
    T = "T"
    PATHWAYS = "PATHWAYS"
    DEAD_WITH_BIOMASS = "DEAD_WITH_BIOMASS"
    SOIL_P_SLOPE = "SOIL_P_SLOPE"
    SOIL_P_INTERCEPT = "SOIL_P_INTERCEPT"
    BIOMASS_P_COEF = "BIOMASS_P_COEF"
    BIOMASS_P_EXP = "BIOMASS_P_EXP"
    BIOMASS_T_SLOPE = "BIOMASS_T_SLOPE"
    BIOMASS_T_INTERCEPT = "BIOMASS_T_INTERCEPT"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT_POOLS = "OUTPUT_POOLS"
    OUTPUT_FACTORS = "OUTPUT_FACTORS"

    GROUP_ID = "carbon"

    # (parameter, attribute of Coefficients, label, help); the markers let
    # pylupdate5 extract the texts, translated when the parameters are made
    COEFFICIENTS = (
        (SOIL_P_SLOPE, "soil_p_slope",
         QT_TRANSLATE_NOOP("LandCarbon", "Soil vs P: slope a_SP (per mm)"),
         QT_TRANSLATE_NOOP("LandCarbon", "C_SP = a_SP x P + b_SP (Alam et al. 2013).")),
        (SOIL_P_INTERCEPT, "soil_p_intercept",
         QT_TRANSLATE_NOOP("LandCarbon", "Soil vs P: intercept b_SP"),
         QT_TRANSLATE_NOOP("LandCarbon", "C_SP = a_SP x P + b_SP (Alam et al. 2013).")),
        (BIOMASS_P_COEF, "biomass_p_coef",
         QT_TRANSLATE_NOOP("LandCarbon", "Biomass vs P: factor a_BP"),
         QT_TRANSLATE_NOOP("LandCarbon", "C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); "
                                         "cancels in the ratio K_BP.")),
        (BIOMASS_P_EXP, "biomass_p_exp",
         QT_TRANSLATE_NOOP("LandCarbon", "Biomass vs P: exponent b_BP (per mm)"),
         QT_TRANSLATE_NOOP("LandCarbon", "C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); "
                                         "K_BP = exp(b_BP x (P - P_ref)), very sensitive.")),
        (BIOMASS_T_SLOPE, "biomass_t_slope",
         QT_TRANSLATE_NOOP("LandCarbon", "Biomass vs T: slope a_BT (per deg C)"),
         QT_TRANSLATE_NOOP("LandCarbon", "C_BT = a_BT x T + b_BT (Chen et al. 2007).")),
        (BIOMASS_T_INTERCEPT, "biomass_t_intercept",
         QT_TRANSLATE_NOOP("LandCarbon", "Biomass vs T: intercept b_BT"),
         QT_TRANSLATE_NOOP("LandCarbon", "C_BT = a_BT x T + b_BT (Chen et al. 2007).")),
    )

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
        self.add(QgsProcessingParameterFile(
            self.POOLS, self.tr("Carbon pools table (CSV, reference climate)"), extension="csv"),
            self.tr("InVEST-format CSV: lucode, c_above, c_below, c_soil, c_dead (Mg C/ha), "
                    "measured under the reference climate."))
        self.add(QgsProcessingParameterNumber(
            self.P_REF, self.tr("Reference precipitation P_REF (mm/yr)"),
            QgsProcessingParameterNumber.Double),
            self.tr("Mean annual precipitation (mm) where the densities were measured."))
        self.add(QgsProcessingParameterNumber(
            self.T_REF, self.tr("Reference temperature T_REF (deg C)"),
            QgsProcessingParameterNumber.Double),
            self.tr("Mean annual temperature (deg C) where the densities were measured."))
        self.add(QgsProcessingParameterNumber(
            self.P, self.tr("Study precipitation P (mm/yr)"), QgsProcessingParameterNumber.Double,
            optional=True),
            self.tr("Mean annual precipitation (mm) of the study area (or of one pathway). "
                    "Leave empty when using PATHWAYS."))
        self.add(QgsProcessingParameterNumber(
            self.T, self.tr("Study temperature T (deg C)"), QgsProcessingParameterNumber.Double,
            optional=True),
            self.tr("Mean annual temperature (deg C) of the study area. Leave empty when using "
                    "PATHWAYS."))
        self.add(QgsProcessingParameterFile(
            self.PATHWAYS, self.tr("Or: pathways table (CSV name,P,T)"), extension="csv",
            optional=True),
            self.tr("Optional CSV with one row per emission pathway: name (e.g. SSP2-4.5), P "
                    "(mm/yr), T (deg C). One corrected table per row. Replaces P and T."))
        self.add(QgsProcessingParameterBoolean(
            self.DEAD_WITH_BIOMASS, self.tr("Correct the dead pool with K_B too"),
            defaultValue=False),
            self.tr("Off (default): c_dead is unchanged. On: c_dead x K_B, like the living "
                    "biomass."))
        for name, attribute, label, text in self.COEFFICIENTS:
            self.add(QgsProcessingParameterNumber(
                name, self.tr(label), QgsProcessingParameterNumber.Double,
                defaultValue=getattr(DEFAULTS, attribute)),
                self.tr(text) + " " + self.tr("Default %g.") % getattr(DEFAULTS, attribute),
                advanced=True)
        self.add(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Folder for the corrected tables"), optional=True),
            self.tr("One CSV per pathway, pools_<pathway>.csv (pools_study.csv for P and T), "
                    "same columns as POOLS."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_POOLS, self.tr("Corrected pools table (first pathway)"),
            "CSV files (*.csv)", optional=True),
            self.tr("The corrected table of P and T (or of the first pathway), to chain into "
                    "landcarbon:carbonstock (POOLS_ALT) in a model."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_FACTORS, self.tr("Correction factors (CSV)"), "CSV files (*.csv)",
            optional=True, createByDefault=True),
            self.tr("CSV per pathway: P_mm, T_degC, reference climate, K_BP, K_BT, K_B, K_S, "
                    "dead_factor and the name of its pools file."))

    def _optional_number(self, parameters, name, context):
        if parameters.get(name) in (None, ""):
            return None
        return self.parameterAsDouble(parameters, name, context)

    def process(self, parameters, context, feedback, progress):
        coef = Coefficients(**{
            attribute: self.parameterAsDouble(parameters, name, context)
            for name, attribute, _label, _text in self.COEFFICIENTS})
        folder = None
        if parameters.get(self.OUTPUT_FOLDER) not in (None, ""):
            folder = self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context) or None
        outputs = {name: self.output_or_none(parameters, name, context)
                   for name in (self.OUTPUT_POOLS, self.OUTPUT_FACTORS)}
        run_climate_correction(
            self.file_or_none(parameters, self.POOLS, context),
            self.parameterAsDouble(parameters, self.P_REF, context),
            self.parameterAsDouble(parameters, self.T_REF, context),
            p=self._optional_number(parameters, self.P, context),
            t=self._optional_number(parameters, self.T, context),
            pathways=self.file_or_none(parameters, self.PATHWAYS, context), coefficients=coef,
            dead_with_biomass=self.parameterAsBool(parameters, self.DEAD_WITH_BIOMASS, context),
            output_folder=folder, output_pools=outputs[self.OUTPUT_POOLS],
            output_factors=outputs[self.OUTPUT_FACTORS], progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        if folder:
            results[self.OUTPUT_FOLDER] = folder
        return results
