"""What every LandCarbon Processing algorithm shares.

An algorithm module subclasses :class:`LandCarbonAlgorithm`, declares its
parameters with :meth:`LandCarbonAlgorithm.add` (which records the help text
of each parameter) and implements ``process(parameters, context, feedback,
progress)`` as: read parameters -> one core call -> return outputs. This base
class turns core errors into QgsProcessingException (message unchanged),
bridges progress / cancel / log to the feedback object, and builds the help
panel from the algorithm's description and its parameters' help.
"""

import os
import traceback

from qgis.core import (
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.common.errors import Cancelled, LandCarbonError
from ..core.common.progress import Progress

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icon.svg")
REPOSITORY_URL = "https://github.com/landcarbon/landcarbon"
TRANSLATION_CONTEXT = "LandCarbon"


def tr(text):
    """Translate a user-facing string (context 'LandCarbon')."""
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)


# groupId -> English group name (translated at display time; the markers let
# pylupdate5 extract the names)
GROUPS = {
    "landusechange": QT_TRANSLATE_NOOP("LandCarbon", "Land-use change"),
    "carbon": QT_TRANSLATE_NOOP("LandCarbon", "Carbon"),
    "spatialstatistics": QT_TRANSLATE_NOOP("LandCarbon", "Spatial statistics"),
    "examples": QT_TRANSLATE_NOOP("LandCarbon", "Examples"),
}


def progress_from_feedback(feedback):
    """A core Progress that reports to a QgsProcessingFeedback."""
    if feedback is None:
        return Progress()

    def report(fraction, message):
        feedback.setProgress(100.0 * fraction)
        if message:
            feedback.setProgressText(message)

    return Progress(report=report, cancelled=feedback.isCanceled, info=feedback.pushInfo,
                    warning=feedback.pushWarning)


class LandCarbonAlgorithm(QgsProcessingAlgorithm):
    """Base of every algorithm of the ``landcarbon`` provider.

    Subclasses set ``GROUP_ID`` (a key of GROUPS), implement ``name()``,
    ``displayName()``, ``description()`` (the first part of the help),
    ``initAlgorithm()`` with :meth:`add`, and ``process()``. ``failure_help()``
    may add what to do when the algorithm fails.
    """

    GROUP_ID = "landusechange"

    def __init__(self):
        super().__init__()
        self._param_help = []

    def tr(self, text):
        return tr(text)

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def group(self):
        return self.tr(GROUPS[self.GROUP_ID])

    def groupId(self):  # noqa: N802 (QGIS API name)
        return self.GROUP_ID

    def icon(self):
        return QIcon(ICON_PATH)

    def helpUrl(self):  # noqa: N802 (QGIS API name)
        return "%s#%s" % (REPOSITORY_URL, self.name())

    def description(self):
        """What the algorithm does, its inputs' units (translated)."""
        return ""

    def failure_help(self):
        """What to do when it fails (translated)."""
        return ""

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        parts = [self.description()]
        if self._param_help:
            items = "".join("<li><b>%s</b>: %s</li>" % (label, text)
                            for label, text in self._param_help)
            parts.append("<h3>%s</h3><ul>%s</ul>" % (self.tr("Parameters"), items))
        tips = self.failure_help()
        if tips:
            parts.append("<h3>%s</h3>%s" % (self.tr("When it fails"), tips))
        return "\n".join(p for p in parts if p)

    def add(self, parameter, help_text="", advanced=False):
        """addParameter with its help text (shown in the help panel and as
        the parameter's tooltip); ``advanced`` hides it under Advanced."""
        if help_text:
            parameter.setHelp(help_text)
            self._param_help.append((parameter.description(), help_text))
        if advanced:
            parameter.setFlags(parameter.flags()
                               | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(parameter)
        return parameter

    # -- checks before running ------------------------------------------------

    def validateInputCrs(self, parameters, context):  # noqa: N802
        """The core's grid check covers CRS (and much more) with a message
        that lists every difference; QGIS's generic check would load every
        input as a layer first."""
        return True

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """QGIS's checks, except that raster inputs are only checked for
        presence: the core opens them and says precisely what is wrong (not a
        raster, which file, how to fix), and loading them as layers here
        would make QGIS write statistics files beside the user's data."""
        for definition in self.parameterDefinitions():
            if definition.isDestination():
                continue
            value = parameters.get(definition.name())
            if definition.type() in ("raster", "multilayer"):
                empty = value is None or value == "" or value == []
                optional = definition.flags() & QgsProcessingParameterDefinition.FlagOptional
                if empty and not optional:
                    return False, self.tr("{0} is required.").format(definition.description())
                continue
            if not definition.checkValueIsAcceptable(value, context):
                return False, self.tr("Incorrect parameter value for {0}").format(
                    definition.name())
        return True, ""

    # -- running -------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        progress = progress_from_feedback(feedback)
        try:
            return self.process(parameters, context, feedback, progress)
        except Cancelled as exc:
            raise QgsProcessingException(str(exc)) from None
        except LandCarbonError as exc:
            raise QgsProcessingException(str(exc)) from None
        except QgsProcessingException:
            raise
        except MemoryError:
            raise QgsProcessingException(self.tr(
                "Out of memory. Close other programs, or process a smaller area; please "
                "report this with the size of your rasters, LandCarbon should not need "
                "that much memory.")) from None
        except Exception as exc:  # a bug: keep the details in the log, say what to do
            if feedback is not None:
                feedback.pushDebugInfo(traceback.format_exc())
            raise QgsProcessingException(self.tr(
                "Unexpected error in {0}: {1}: {2}. This is a bug in LandCarbon; please "
                "report it at {3}/issues with the log (it holds the details).").format(
                    self.name(), type(exc).__name__, exc, REPOSITORY_URL)) from None

    def process(self, parameters, context, feedback, progress):
        raise NotImplementedError

    # -- parameter helpers ---------------------------------------------------

    @staticmethod
    def _label(name, path):
        """'file.tif', or 'Layer name (file.tif)' when the layer was renamed."""
        base = os.path.basename(path.split("|")[0])
        stem = os.path.splitext(base)[0]
        return base if not name or name in (base, stem) else "%s (%s)" % (name, base)

    def _resolve_raster(self, value, context):
        """(label, path) of one raster value: a layer, a layer id/name in the
        project, or a path. Paths are not loaded as layers (that would make
        QGIS write statistics beside the user's file)."""
        if isinstance(value, QgsMapLayer):
            return self._label(value.name(), value.source()), value.source()
        text = str(value)
        if os.path.exists(text):
            return self._label(None, text), text
        layer = QgsProcessingUtils.mapLayerFromString(text, context)
        if layer is not None and layer.type() == QgsMapLayer.RasterLayer:
            return self._label(layer.name(), layer.source()), layer.source()
        return os.path.basename(text), text

    def raster_source(self, parameters, name, context, required=True):
        """(label, path) of a raster parameter, or None when it is optional
        and empty. The file is opened by the core, which gives the clear
        messages (not a raster, missing...)."""
        value = parameters.get(name)
        if value is None or value == "":
            if required:
                raise QgsProcessingException(self.tr("{0} is required.").format(name))
            return None
        return self._resolve_raster(value, context)

    def raster_sources(self, parameters, name, context):
        """(label, path) of each layer of a multiple-raster parameter, in the
        order given."""
        values = parameters.get(name) or []
        if not isinstance(values, (list, tuple)):
            values = [v for v in str(values).split(";") if v]
        return [self._resolve_raster(v, context) for v in values]

    def file_or_none(self, parameters, name, context):
        path = self.parameterAsFile(parameters, name, context)
        return path or None

    def output_or_none(self, parameters, name, context):
        """Path of an optional output, None when the user skipped it."""
        value = parameters.get(name)
        if value is None or value == "":
            return None
        definition = self.parameterDefinition(name)
        if definition.type() == "fileDestination":
            path = self.parameterAsFileOutput(parameters, name, context)
        else:
            path = self.parameterAsOutputLayer(parameters, name, context)
        return path or None


OUTPUT_TEMP = QgsProcessing.TEMPORARY_OUTPUT
