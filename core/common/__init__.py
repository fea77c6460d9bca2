"""The shared toolkit every model builds on; it imports nothing outside
common/ (tests/test_architecture.py).

- ``errors``: LandCarbonError and friends (messages for users);
- ``progress``: Progress (progress, cancel, log; ``span`` for nested steps);
- ``outputs``: Outputs (all-or-nothing files);
- ``raster``: grids, the grid check, nodata rules, row strips, cell areas,
  writing GeoTIFFs;
- ``landmap``: land-use maps (open, class codes, ClassIndex) and the one
  cross-tabulation skeleton (class_strips, pair_index, Tally, cross_tabulate);
- ``vector``: the one OGR opener (QGIS suffixes |layername=, |subset=);
- ``tables``: CSV inputs and outputs; ``demand_tables``: the demand and
  transition-matrix CSVs shared by demand and cars;
- ``classes``: class names and colours; ``styles``: colour tables and .qml;
- ``units``: unit conversions; ``plugin_files``: the plugin's own files.
"""
