"""LandCarbon's science core.

Pure Python on numpy, GDAL, scipy and scikit-learn: nothing here imports QGIS,
Qt or Processing (a test enforces it), so the same code runs inside QGIS, in a
script, or on a cluster. Long functions take a :class:`core.progress.Progress`
for progress, cancel and log messages; user errors are raised as
:class:`core.errors.LandCarbonError` with messages written for users.
"""
