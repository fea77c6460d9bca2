"""Exceptions of the core. Messages are written for users: what is wrong, in
which file or class, and how to fix it. The QGIS adapters pass them on
unchanged as QgsProcessingException."""


class LandCarbonError(Exception):
    """An input or setting the user can fix. ``str(error)`` is the message."""


class GridMismatchError(LandCarbonError):
    """Rasters that must share one grid (CRS, geotransform, size) do not."""


class Cancelled(LandCarbonError):
    """The user cancelled; whatever was being written has been discarded."""

    def __init__(self, message="Cancelled by the user; no output was written."):
        super().__init__(message)
