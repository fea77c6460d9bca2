"""landcarbon:leaspredict - apply a saved LEAS model to an updated driver stack
(docs/leas.md, 'planning update')."""

from ..core.leas import (
    LEASPREDICT_INPUTS,
    LEASPREDICT_OUTPUTS,
    LeasPredictSettings,
    run_leas_predict,
)
from .base import LandCarbonAlgorithm
from .leas import SKLEARN_NOTE


class LeasPredictAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/leas/settings.py)."""

    SPECS = (LEASPREDICT_INPUTS, LeasPredictSettings, LEASPREDICT_OUTPUTS)
    GROUP_ID = "landusechange"

    def name(self):
        return "leaspredict"

    def displayName(self):  # noqa: N802
        return self.tr("LEAS probability from a saved model")

    def description(self):
        return self.tr(
            "<p>Applies the random forests of a model saved by landcarbon:leas to a driver "
            "stack, e.g. the training stack with a planned ring road added to the road layer "
            "(planning scenario), and writes the development probabilities of every class "
            "(Float32, one band per class, '&lt;code&gt; &lt;name&gt;', values in [0, 1], "
            "nodata outside the valid cells of LANDUSE).</p>"
            "<p>The stack must hold the model's drivers under the same band names (bands in "
            "another order are matched by name); values are normalised with the training "
            "ranges stored in the model, so a driver's new values are comparable with the "
            "old ones. A model written by another LandCarbon or scikit-learn version is "
            "refused: train it again with landcarbon:leas.</p>" + SKLEARN_NOTE)

    def failure_help(self):
        return self.tr(
            "<ul><li>'do not match the model': build the updated stack with "
            "landcarbon:preparedrivers from the same layers as the training stack, replacing "
            "only the updated ones.</li><li>'trained with LandCarbon ... and scikit-learn "
            "...': train the model again with landcarbon:leas in this QGIS.</li>"
            "<li>'not on the same grid': the stack must be on the grid of LANDUSE.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        for spec in self.SPECS:
            self.add_spec(spec)

    def process(self, parameters, context, feedback, progress):
        files = self.read_spec(parameters, context, LEASPREDICT_INPUTS)
        settings = LeasPredictSettings(**self.read_spec(parameters, context,
                                                        LeasPredictSettings))
        output = self.read_spec(parameters, context, LEASPREDICT_OUTPUTS)["OUTPUT_PROBABILITY"]
        drivers, landuse = files["DRIVERS"], files["LANDUSE"]
        run_leas_predict(files["MODEL"], [path for _label, path in drivers], landuse[1], output,
                         settings=settings,
                         labels={"DRIVERS": [label for label, _path in drivers],
                                 "LANDUSE": "LANDUSE (%s)" % landuse[0]},
                         progress=progress)
        return {"OUTPUT_PROBABILITY": output}
