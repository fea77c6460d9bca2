"""The example Graphical Modeler models of resources/models as algorithms of
the ``landcarbon`` provider (group "Examples").

Each ``<name>.model3`` becomes ``landcarbon:<name>``: the id comes from the
file name (lower case, no spaces) while the model keeps a readable title for
the toolbox and the Modeler. The files are built by scripts/build_models.py
and hold English texts; every instance shows them through tr() (title, help,
inputs, enum options, outputs, steps), so they come out in the user's
language when the translation has them. A file that does not load is logged
and left out; it never breaks the provider.
"""

import glob
import os

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMessageLog,
    QgsProcessingModelAlgorithm,
    QgsProcessingParameterEnum,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import GROUPS, PLUGIN_DIR, tr

MODELS_DIR = os.path.join(PLUGIN_DIR, "resources", "models")
GROUP_ID = "examples"
LOG_TAG = "LandCarbon"
FAILURE_HEADING = "<h3>When it fails</h3>"    # as scripts/build_models.py writes it
# help entries that are not text for people
UNTRANSLATED_HELP = {"ALG_CREATOR", "ALG_HELP_CREATOR", "ALG_VERSION", "HELP_URL"}

# Titles of the bundled models, listed so that pylupdate5 extracts them for
# translation; displayName() translates the title stored in the file.
TITLES = [QT_TRANSLATE_NOOP("LandCarbon", "Calibrate and validate"),
          QT_TRANSLATE_NOOP("LandCarbon", "Scenario to carbon")]


class ExampleModel(QgsProcessingModelAlgorithm):
    """A model whose id is its file name and whose texts are translated.
    QGIS derives both id and title from the model name; a readable title
    would make an id with spaces. ``english`` is the model as stored in its
    file: every instance is made from it and translated when it is made."""

    def __init__(self, name="", english=None):
        super().__init__()
        self._name = name
        self._english = english

    @classmethod
    def from_variant(cls, name, english, path):
        model = cls(name, english)
        model.loadVariant(english)
        model.setSourceFilePath(path)
        translate_model(model)
        return model

    def name(self):
        return self._name

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr(super().displayName())

    def group(self):
        return tr(GROUPS[GROUP_ID])

    def groupId(self):  # noqa: N802 (QGIS API name)
        return GROUP_ID

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return ExampleModel.from_variant(self._name, self._english, self.sourceFilePath())


def translate_model(model):
    """The model's texts through tr(): help, inputs (description, help, enum
    options), steps and outputs. A text the translation lacks stays English."""
    help_content = dict(model.helpContent())
    heading = "<h3>%s</h3>" % tr("When it fails")
    for key, text in help_content.items():
        if key in UNTRANSLATED_HELP or not isinstance(text, str) or not text:
            continue
        # the description and the failure help are translated separately
        help_content[key] = heading.join(tr(part) for part in text.split(FAILURE_HEADING))
    model.setHelpContent(help_content)
    for definition in model.parameterDefinitions():
        if definition.isDestination():
            continue
        translated = definition.clone()
        translated.setDescription(tr(definition.description()))
        if definition.help():
            translated.setHelp(tr(definition.help()))
        if isinstance(translated, QgsProcessingParameterEnum):
            translated.setOptions([tr(option) for option in translated.options()])
        model.updateModelParameter(translated)
    for child in model.childAlgorithms().values():
        child.setDescription(tr(child.description()))
        outputs = child.modelOutputs()
        for output in outputs.values():
            output.setDescription(tr(output.description()))
        child.setModelOutputs(outputs)
        model.setChildAlgorithm(child)
    model.updateDestinationParameters()


def unresolved_steps(model):
    """Algorithm ids of the model's steps that the registry does not know."""
    return sorted(child.algorithmId() for child in model.childAlgorithms().values()
                  if child.algorithm() is None)


def read_model(path):
    """ExampleModel of one .model3 file, or None (logged) when it does not load."""
    name = os.path.splitext(os.path.basename(path))[0].lower()
    try:
        stored = QgsProcessingModelAlgorithm()
        if stored.fromFile(path):
            return ExampleModel.from_variant(name, stored.toVariant(), path)
        reason = tr("not a readable model file")
    except Exception as exc:  # a broken file must not break the provider
        reason = "%s: %s" % (type(exc).__name__, exc)
    QgsMessageLog.logMessage(
        tr("The example model {0} was not loaded ({1}); reinstall the plugin or rebuild the "
           "models with scripts/build_models.py.").format(path, reason), LOG_TAG, Qgis.Warning)
    return None


def load_models(provider, folder=MODELS_DIR):
    """The example models of ``folder`` for ``provider``.

    Their steps are the provider's own algorithms, which the Processing
    registry only finds once the provider is registered; while it is being
    registered (first load) the steps cannot be attached, so the provider
    reloads its algorithms once, right after its registration."""
    models = [m for m in map(read_model, sorted(glob.glob(os.path.join(folder, "*.model3"))))
              if m is not None]
    registry = QgsApplication.processingRegistry()
    if registry.providerById(provider.id()) is None:
        if any(unresolved_steps(m) for m in models):
            _reload_once_registered(provider)
    else:
        for model in models:
            missing = unresolved_steps(model)
            if missing:
                QgsMessageLog.logMessage(
                    tr("The example model {0} uses algorithm(s) that are not available: "
                       "{1}.").format(model.sourceFilePath(), ", ".join(missing)),
                    LOG_TAG, Qgis.Warning)
    return models


def _reload_once_registered(provider):
    registry = QgsApplication.processingRegistry()

    def on_provider_added(provider_id):
        if provider_id != provider.id():
            return
        registry.providerAdded.disconnect(on_provider_added)
        if registry.providerById(provider_id) is provider:
            provider.refreshAlgorithms()

    registry.providerAdded.connect(on_provider_added)
