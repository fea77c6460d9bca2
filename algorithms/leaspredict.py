"""landcarbon:leaspredict - apply a saved LEAS model to an updated driver stack
(docs/leas.md, 'planning update')."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.leas import run_leas_predict
from .base import LandCarbonAlgorithm
from .leas import SKLEARN_NOTE


class LeasPredictAlgorithm(LandCarbonAlgorithm):
    MODEL = "MODEL"
    DRIVERS = "DRIVERS"
    LANDUSE = "LANDUSE"
    THREADS = "THREADS"
    OUTPUT_PROBABILITY = "OUTPUT_PROBABILITY"

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
        self.add(QgsProcessingParameterFile(
            self.MODEL, self.tr("LEAS model file"),
            fileFilter="LEAS model files (*.leas);;All files (*.*)"),
            self.tr("OUTPUT_MODEL of landcarbon:leas. Only load model files you trust (they "
                    "are Python pickles)."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.DRIVERS, self.tr("Drivers (same names as for training)"),
            QgsProcessing.TypeRaster),
            self.tr("Driver stack (or rasters) on the grid of LANDUSE with the model's band "
                    "names; updated values where the plan changes a driver."))
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE, self.tr("Land-use map (valid area and grid)")),
            self.tr("The map whose valid cells get probabilities, usually the base map of the "
                    "simulation."))
        self.add(QgsProcessingParameterNumber(
            self.THREADS, self.tr("Threads (0 = all cores)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0),
            self.tr("Threads for the prediction; the result does not depend on it."),
            advanced=True)
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_PROBABILITY, self.tr("Development probabilities")),
            self.tr("Float32 GeoTIFF, one band per class of the model, values in [0, 1], "
                    "nodata -3.4e38 outside the valid cells of LANDUSE."))

    def process(self, parameters, context, feedback, progress):
        drivers = self.raster_sources(parameters, self.DRIVERS, context)
        landuse = self.raster_source(parameters, self.LANDUSE, context)
        model = self.parameterAsFile(parameters, self.MODEL, context)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT_PROBABILITY, context)
        run_leas_predict(model, [path for _label, path in drivers], landuse[1], output,
                         threads=self.parameterAsInt(parameters, self.THREADS, context),
                         labels={"DRIVERS": [label for label, _path in drivers],
                                 "LANDUSE": "LANDUSE (%s)" % landuse[0]},
                         progress=progress)
        return {self.OUTPUT_PROBABILITY: output}
