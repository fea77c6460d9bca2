"""The plugin object QGIS loads: registers the Processing provider.

Processing-only plugin: ``initProcessing()`` adds the provider (QGIS and
qgis_process call it), ``initGui()`` calls it for the desktop, ``unload()``
removes it. ``iface`` is stored and never used outside the GUI path, so the
plugin also works headless.
"""

from qgis.core import QgsApplication

from .algorithms.provider import LandCarbonProvider
from .i18n import install_translator


class LandCarbonPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        install_translator()

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        if self.provider is None:
            self.provider = LandCarbonProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API name)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
