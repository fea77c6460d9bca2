"""LandCarbon QGIS plugin: land-use simulation (PLUS: LEAS + CARS), Markov
demand under scenarios, InVEST-style carbon storage and valuation, LISA.

QGIS calls :func:`classFactory`. Everything inside the package is imported
relatively, so the package works whatever the folder it was cloned into is
called (QGIS installs it as ``landcarbon``).
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Build the plugin; under qgis_process ``iface`` is None."""
    from .plugin import LandCarbonPlugin
    return LandCarbonPlugin(iface)
