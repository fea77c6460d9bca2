"""The ``landcarbon`` Processing provider: the algorithms and bundled models."""

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .accuracy import AccuracyAlgorithm
from .base import ICON_PATH, tr
from .calibrate import CalibrateAlgorithm
from .carbonstock import CarbonStockAlgorithm
from .carbonvalue import CarbonValueAlgorithm
from .cars import CarsAlgorithm
from .climatecorrection import ClimateCorrectionAlgorithm
from .examplemodels import load_models
from .geodetector import GeodetectorAlgorithm
from .landusechange import LandUseChangeAlgorithm
from .leas import LeasAlgorithm
from .leaspredict import LeasPredictAlgorithm
from .lisa import LisaAlgorithm
from .markovdemand import MarkovDemandAlgorithm
from .optimizedemand import OptimizeDemandAlgorithm
from .preparedrivers import PrepareDriversAlgorithm
from .scenarios import ScenariosAlgorithm

# One entry per algorithm; each module holds one LandCarbonAlgorithm subclass.
ALGORITHMS = [
    LandUseChangeAlgorithm,
    PrepareDriversAlgorithm,
    LeasAlgorithm,
    LeasPredictAlgorithm,
    MarkovDemandAlgorithm,
    OptimizeDemandAlgorithm,
    CarsAlgorithm,
    CalibrateAlgorithm,
    AccuracyAlgorithm,
    CarbonStockAlgorithm,
    ClimateCorrectionAlgorithm,
    CarbonValueAlgorithm,
    LisaAlgorithm,
    GeodetectorAlgorithm,
    ScenariosAlgorithm,
]


class LandCarbonProvider(QgsProcessingProvider):
    def id(self):
        return "landcarbon"

    def name(self):
        return "LandCarbon"

    def longName(self):  # noqa: N802
        return tr("LandCarbon: land-use simulation and carbon")

    def icon(self):
        return QIcon(ICON_PATH)

    def svgIconPath(self):  # noqa: N802
        return ICON_PATH

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
        # the Graphical Modeler models of resources/models (group Examples)
        for model in load_models(self):
            self.addAlgorithm(model)

    def supportedOutputRasterLayerExtensions(self):  # noqa: N802
        # every raster is written block-wise with GDAL's GTiff driver
        return ["tif"]

    def defaultRasterFileExtension(self):  # noqa: N802
        return "tif"
