"""The shared toolkit every model builds on; it imports nothing outside
common/ (tests/test_architecture.py).

- ``errors``: LandCarbonError and friends (messages for users);
- ``progress``: Progress (progress, cancel, log; ``span`` for nested steps);
- ``outputs``: Outputs (all-or-nothing files);
- ``raster``: grids, the grid check, nodata rules, reading blocks and row
  strips (``read_block``, ``BandReader``), cell areas, writing GeoTIFFs;
- ``tiles``: rasters written as tiles (one GeoTIFF per block, by the Dask
  worker that made it) and a VRT over them;
- ``blocks``: the block executor: ``Window`` and the cuts of a grid into
  strips or chunks, ``read_window`` on a Dask worker, ``gather`` (waiting
  for Dask tasks with progress and cancel) and ``run_blocks`` (a kernel on
  strips here or on chunks on a cluster, behind one call);
- ``cluster``: the optional Dask cluster (connecting, chunk shape);
- ``random``: counter-based random draws of (seed, stream, step, cell), the
  same in any strip or chunk; ``exact``: exact sums of float64 weights
  (``ExactTally``), the same in any order;
- ``landmap``: land-use maps (open, class codes, ClassIndex) and the one
  cross-tabulation skeleton (class_strips, pair_index, Tally, cross_tabulate);
- ``vector``: the one OGR opener (QGIS suffixes |layername=, |subset=);
- ``tables``: CSV inputs and outputs; ``demand_tables``: the demand and
  transition-matrix CSVs shared by demand and cars;
- ``classes``: class names and colours; ``styles``: colour tables and .qml;
  ``charts``: a matplotlib figure without a display and its PNG;
- ``spec``: parameter specs, each parameter of a step declared once (its
  tool parameter, checks, parameters.json, report rows, repeat command);
- ``units``: unit conversions; ``plugin_files``: the plugin's own files.
"""
