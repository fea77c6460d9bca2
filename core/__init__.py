"""LandCarbon's science core: the map of the house.

Pure Python on numpy, GDAL, scipy and scikit-learn (and matplotlib for
charts): nothing here imports QGIS, Qt or Processing (a test enforces it), so
the same code runs inside QGIS, in a script or on a cluster. Every step takes
its inputs as paths and plain values, writes its outputs completely or not at
all, reports to a keyword-only ``progress`` (:class:`common.progress.Progress`)
and raises :class:`common.errors.LandCarbonError` with messages for users.
The science of each step is in docs/ (one page per method).

The pipeline, in order (package.step -- docs page):

====  =========================================  ========================
 1    landuse.run_landuse_change                 docs/landuse-change.md
 2    leas.run_prepare_drivers                   docs/drivers.md
 3    leas.run_leas                              docs/leas.md
 4    leas.run_leas_predict                      docs/leas.md
 5    demand.run_markov_demand                   docs/demand.md
 6    cars.run_cars                              docs/cars.md
 7    landuse.run_accuracy                       docs/accuracy.md
 8    carbon.run_carbon_stock                    docs/carbon-stock.md
 9    carbon.run_climate_correction              docs/climate.md
10    carbon.run_carbon_value                    docs/carbon-value.md
11    hotspots.run_lisa                          docs/hotspots.md
12    geodetector.run_geodetector                docs/geodetector.md
13    study.run_study (all of the above)         docs/study.md
====  =========================================  ========================

Layers, imports pointing one way (tests/test_architecture.py):
``common`` (the toolkit: errors, progress, outputs, raster, blocks, cluster,
random, exact, landmap, vector, tables, classes, styles, charts, units,
demand_tables, plugin_files) <- the models ``landuse``,
``leas``, ``demand``, ``cars``, ``carbon``, ``hotspots``, ``geodetector`` (never
importing each other) <- ``study`` (the whole study, its summary and report).
"""

from .carbon import run_carbon_stock, run_carbon_value, run_climate_correction
from .cars import run_cars
from .demand import run_markov_demand
from .geodetector import run_geodetector
from .hotspots import run_lisa
from .landuse import run_accuracy, run_landuse_change
from .leas import run_leas, run_leas_predict, run_prepare_drivers
from .study import run_study

__all__ = [
    "run_landuse_change", "run_prepare_drivers", "run_leas", "run_leas_predict",
    "run_markov_demand", "run_cars", "run_accuracy", "run_carbon_stock",
    "run_climate_correction", "run_carbon_value", "run_lisa", "run_study", "run_geodetector",
]
