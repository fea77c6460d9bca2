"""What every LandCarbon Processing algorithm shares.

An algorithm module subclasses :class:`LandCarbonAlgorithm`, declares its
parameters from the core's spec with :meth:`LandCarbonAlgorithm.add_spec`
(core/common/spec.py: one declaration per parameter, defaults and ranges
from the core; adapter-only parameters with :meth:`LandCarbonAlgorithm.add`,
which records the help text of each parameter) and implements
``process(parameters, context, feedback, progress)`` as: read parameters ->
one core call -> return outputs. This base class turns core errors into
QgsProcessingException (message unchanged), bridges progress / cancel / log
to the feedback object, and builds the help panel from the algorithm's
description and its parameters' help.
"""

import os
import traceback

from qgis.core import (
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.common import spec
from ..core.common.errors import Cancelled, LandCarbonError
from ..core.common.progress import Progress
from ..core.common.tables import parse_number_list

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
    # the core specs (settings dataclasses, tuples of Params) this tool's
    # parameters are made from (tests check the tool against them)
    SPECS = ()

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

    # -- parameters from the core's spec ----------------------------------------

    def add_spec(self, settings, skip=(), only=None, advanced=False, prefix=""):
        """One Processing parameter per :class:`core.common.spec.Param` of
        ``settings`` (a settings dataclass, nested settings included, or a
        tuple of Params), with the core's default, range, label and help;
        ``only``: just these attributes or names (in the spec's order)."""
        for p in spec.params(settings):
            if p.attr in skip or p.name in skip or (
                    only is not None and p.attr not in only and p.name not in only):
                continue
            self.add(self._definition(p, prefix), self.tr(p.help),
                     advanced=advanced or p.advanced)
        if isinstance(settings, (tuple, list)) or only is not None:
            return
        for _attr, cls, key, inner_skip in spec.nested_fields(settings, with_skip=True):
            self.add_spec(cls, skip=inner_skip, advanced=True, prefix=key.upper())

    def _definition(self, p, prefix=""):
        label = self.tr(p.label)
        if prefix:
            label = "%s: %s" % (prefix, label)
        opt = p.optional
        if p.kind in spec.NUMBER_KINDS:
            kind = QgsProcessingParameterNumber.Integer if p.kind == "int" \
                else QgsProcessingParameterNumber.Double
            bounds = {k: v for k, v in (("minValue", p.minimum), ("maxValue", p.maximum))
                      if v is not None}
            return QgsProcessingParameterNumber(p.name, label, kind, defaultValue=p.default,
                                                optional=opt, **bounds)
        if p.kind == "bool":
            return QgsProcessingParameterBoolean(p.name, label, defaultValue=p.default)
        if p.kind in ("choice", "choices"):
            options = [self.tr(t) for t in (p.choice_labels or p.choices)]
            many = p.kind == "choices"
            default = [p.choices.index(v) for v in p.default] if many else \
                p.choices.index(p.default)
            return QgsProcessingParameterEnum(p.name, label, options=options,
                                              allowMultiple=many, defaultValue=default,
                                              optional=opt or many)
        if p.kind in ("text", "ints", "floats"):
            default = spec.command_value(p, p.default) if p.default else ""
            return QgsProcessingParameterString(p.name, label, defaultValue=default,
                                                optional=opt)
        if p.kind == "raster":
            return QgsProcessingParameterRasterLayer(p.name, label, optional=opt)
        if p.kind in ("rasters", "files"):
            layers = QgsProcessing.TypeRaster if p.kind == "rasters" else QgsProcessing.TypeFile
            return QgsProcessingParameterMultipleLayers(p.name, label, layers, optional=opt)
        if p.kind == "file":
            return QgsProcessingParameterFile(p.name, label, extension=p.extension, optional=opt,
                                              fileFilter=p.file_filter)
        if p.kind == "vectors":
            return QgsProcessingParameterMultipleLayers(
                p.name, label, QgsProcessing.TypeVectorAnyGeometry, optional=opt)
        if p.kind == "raster_out":
            return QgsProcessingParameterRasterDestination(p.name, label, optional=opt,
                                                           createByDefault=p.create)
        if p.kind == "file_out":
            return QgsProcessingParameterFileDestination(p.name, label, p.file_filter,
                                                         optional=opt,
                                                         createByDefault=p.create)
        if p.kind == "folder_out":
            return QgsProcessingParameterFolderDestination(p.name, label, optional=opt)
        if p.kind == "vector_out":       # a polygon layer the core writes with OGR
            definition = QgsProcessingParameterVectorDestination(
                p.name, label, QgsProcessing.TypeVectorPolygon, optional=opt,
                createByDefault=p.create)
            definition.setSupportsNonFileBasedOutput(False)
            return definition
        raise ValueError("no Processing parameter for kind %s (%s)" % (p.kind, p.name))

    def read_spec(self, parameters, context, settings, skip=(), only=None):
        """{attribute (or parameter name): value} of the parameters made by
        :meth:`add_spec` from ``settings``; rasters as (label, path), nested
        settings as their settings objects (not with ``only``)."""
        values = {}
        for p in spec.params(settings):
            if p.attr in skip or p.name in skip or (only is not None and p.attr not in only):
                continue
            values[p.attr or p.name] = self._value(p, parameters, context)
        if not isinstance(settings, (tuple, list)) and only is None:
            for attr, cls, _key, inner_skip in spec.nested_fields(settings, with_skip=True):
                values[attr] = cls(**self.read_spec(parameters, context, cls, inner_skip))
        return values

    def _value(self, p, parameters, context):
        empty = parameters.get(p.name) in (None, "")
        if p.kind in spec.NUMBER_KINDS:
            if empty and p.optional:
                return None
            if p.kind == "int":
                return self.parameterAsInt(parameters, p.name, context)
            return self.parameterAsDouble(parameters, p.name, context)
        if p.kind == "bool":
            return self.parameterAsBool(parameters, p.name, context)
        if p.kind == "choice":
            return p.choices[self.parameterAsEnum(parameters, p.name, context)]
        if p.kind == "choices":
            return [p.choices[i] for i in self.parameterAsEnums(parameters, p.name, context)]
        if p.kind in ("text", "ints", "floats"):
            text = (self.parameterAsString(parameters, p.name, context) or "").strip()
            if p.kind == "text":
                return text or (None if p.optional else "")
            return parse_number_list(text, p.name, integer=p.kind == "ints") if text else []
        if p.kind == "raster":
            return self.raster_source(parameters, p.name, context, required=not p.optional)
        if p.kind == "rasters":
            return self.raster_sources(parameters, p.name, context)
        if p.kind == "file":
            return self.file_or_none(parameters, p.name, context)
        if p.kind == "files":
            return [f for f in self.parameterAsFileList(parameters, p.name, context) if f]
        if p.kind == "vectors":
            return self.parameterAsLayerList(parameters, p.name, context)
        if p.kind == "raster_out" and not p.optional:
            return self.parameterAsOutputLayer(parameters, p.name, context)
        if p.kind in ("raster_out", "file_out", "vector_out"):
            return self.output_or_none(parameters, p.name, context)
        if p.kind == "folder_out":
            return None if empty else self.parameterAsFileOutput(parameters, p.name, context)
        return self.parameterAsString(parameters, p.name, context)

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
        would make QGIS write statistics files beside the user's data. A
        value out of its declared range is refused with the core's words
        (its name and the allowed values, :func:`core.common.spec.problem`)."""
        declared = self.declared()
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
                p = declared.get(definition.name())
                why = spec.problem(p, value) if p is not None and p.kind in \
                    spec.NUMBER_KINDS else None
                return False, why or self.tr("Incorrect parameter value for {0}").format(
                    definition.name())
        return True, ""

    @classmethod
    def declared(cls):
        """{name: Param} of the specs the tool is made from (nested settings
        included, without the attributes their owner sets itself)."""
        out = {}
        for settings in cls.SPECS:
            pairs = spec.params(settings) if isinstance(settings, (tuple, list)) else \
                [p for _path, p in spec.all_params(settings)]
            out.update({p.name: p for p in pairs})
        return out

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
