"""The example Graphical Modeler models of resources/models as algorithms of
the ``landcarbon`` provider (group "Examples").

Each ``<name>.model3`` becomes ``landcarbon:<name>``: the id comes from the
file name (lower case, no spaces) while the model keeps a readable title for
the toolbox and the Modeler. The files are built by scripts/build_models.py.
A file that does not load is logged and left out; it never breaks the
provider.
"""

import glob
import os

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProcessingModelAlgorithm
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import GROUPS, PLUGIN_DIR, tr

MODELS_DIR = os.path.join(PLUGIN_DIR, "resources", "models")
GROUP_ID = "examples"
LOG_TAG = "LandCarbon"

# Titles of the bundled models, listed so that pylupdate5 extracts them for
# translation; displayName() translates the title stored in the file.
TITLES = [QT_TRANSLATE_NOOP("LandCarbon", "Calibrate and validate"),
          QT_TRANSLATE_NOOP("LandCarbon", "Scenario to carbon")]


class ExampleModel(QgsProcessingModelAlgorithm):
    """A model whose id is its file name and whose title and group are
    translated. QGIS derives both id and title from the model name; a
    readable title would make an id with spaces."""

    def __init__(self, name=""):
        super().__init__()
        self._name = name

    def name(self):
        return self._name

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr(super().displayName())

    def group(self):
        return tr(GROUPS[GROUP_ID])

    def groupId(self):  # noqa: N802 (QGIS API name)
        return GROUP_ID

    def createInstance(self):  # noqa: N802 (QGIS API name)
        model = ExampleModel(self._name)
        model.loadVariant(self.toVariant())
        model.setSourceFilePath(self.sourceFilePath())
        return model


def unresolved_steps(model):
    """Algorithm ids of the model's steps that the registry does not know."""
    return sorted(child.algorithmId() for child in model.childAlgorithms().values()
                  if child.algorithm() is None)


def read_model(path):
    """ExampleModel of one .model3 file, or None (logged) when it does not load."""
    name = os.path.splitext(os.path.basename(path))[0].lower()
    try:
        model = ExampleModel(name)
        if model.fromFile(path):
            model.setSourceFilePath(path)
            return model
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
