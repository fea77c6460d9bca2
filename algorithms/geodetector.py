"""landcarbon:geodetector - the geographical detector with OPGD
discretisation (docs/geodetector.md)."""

from ..core.geodetector import (
    GEODETECTOR_INPUTS,
    GEODETECTOR_OUTPUTS,
    GeodetectorSettings,
    run_geodetector,
)
from .base import LandCarbonAlgorithm


class GeodetectorAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/geodetector/settings.py)."""

    SPECS = (GEODETECTOR_INPUTS, GeodetectorSettings, GEODETECTOR_OUTPUTS)
    GROUP_ID = "spatialstatistics"

    def name(self):
        return "geodetector"

    def displayName(self):  # noqa: N802
        return self.tr("Geographical detector (why carbon is where it is)")

    def description(self):
        return self.tr(
            "<p>How much of the spatial pattern of Y (e.g. carbon stock or its change) each "
            "factor explains: the power of determinant q = 1 - sum_h N_h sigma_h^2 / "
            "(N sigma^2) of the strata h of the factor (Wang et al. 2010), with its "
            "noncentral F test; the interaction detector (q of two factors overlaid: "
            "weakening, enhancement or independence), the risk detector (mean Y per stratum, "
            "Welch's t-test between strata) and the ecological detector (F test of two "
            "factors' within-strata variances).</p>"
            "<p>Continuous factors are discretised by OPGD (Song et al. 2020): equal, natural "
            "breaks, quantile, geometric and standard-deviation classes with 3 to MAX_CLASSES "
            "classes, the one of largest q kept and reported. Categorical factors (e.g. the "
            "land-use map) are used as they are. The rasters are sampled on a regular grid "
            "(SAMPLE_SHARE) and read in strips.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'Only N sampled cells': raise SAMPLE_SHARE or check that Y and the factors "
            "overlap.</li><li>'not on the same grid': align the rasters first "
            "(landcarbon:preparedrivers, Raster > Align Rasters).</li><li>'integer codes': "
            "give a continuous raster as FACTORS, not CATEGORICAL.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_spec(GEODETECTOR_INPUTS)
        self.add_spec(GeodetectorSettings)
        self.add_spec(GEODETECTOR_OUTPUTS)

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, GEODETECTOR_INPUTS)
        outputs = self.read_spec(parameters, context, GEODETECTOR_OUTPUTS)
        run_geodetector(
            inputs["Y"][1], [p for _l, p in inputs["FACTORS"] or []],
            [p for _l, p in inputs["CATEGORICAL"] or []],
            settings=GeodetectorSettings(**self.read_spec(parameters, context,
                                                          GeodetectorSettings)),
            output_factors=outputs["OUTPUT_FACTORS"],
            output_interactions=outputs["OUTPUT_INTERACTIONS"], output_risk=outputs["OUTPUT_RISK"],
            output_ecological=outputs["OUTPUT_ECOLOGICAL"], output_chart=outputs["OUTPUT_CHART"],
            output_heatmap=outputs["OUTPUT_HEATMAP"], progress=progress)
        return {k: v for k, v in outputs.items() if v}
