"""Headings and labels of the HTML study report, in English.

The report is written by the core, which knows nothing of Qt; the QGIS
adapter passes a ``translate`` function (Qt's tr) and these strings are part
of the translation files (scripts/update_translations.py reads
REPORT_STRINGS). Placeholders {0}, {1} are filled after translation.
"""

TITLE = "LandCarbon study report"
RUN = "Run"
STATUS_OK = "finished"
STATUS_CANCELLED = "cancelled by the user; the results below are those finished before"
STATUS_FAILED = "failed"
CONTENTS = "Contents"
KEY_FIGURES = "Key figures"
OBSERVED_CHANGE = "Observed land-use change"
ACCURACY = "Accuracy of the model (validation: {0} simulated from {1})"
DRIVERS = "Driver contributions (LEAS)"
SCENARIO = "Scenario {0}"
AREA_CHART = "Area per class (km2)"
CARBON_CHART = "Carbon stock (Tg C)"
ATTRIBUTION_CHART = "Carbon change by conversion, {0} -> {1} (Tg C)"
MAPS = "Maps of {0}"
MAP_LANDUSE = "Land use {0}"
MAP_CHANGE = "Carbon change {0} -> {1} (Mg C/ha)"
MAP_LISA = "LISA clusters of carbon stock {0}"
SUMMARY = "Summary (scenario x pathway x year)"
PARAMETERS = "Parameters (to repeat this run)"
REPEAT = "Command to repeat this run"
FILES = "Files"
FAILED_SCENARIO = "This scenario failed: {0}"
CLASS = "Class"
YEAR = "Year"
PATHWAY = "Pathway"
STATISTIC = "Statistic"
VALUE = "Value"
PARAMETER = "Parameter"
NO_CONVERSION = "no conversion changed the carbon stock"
UNCHANGED = "unchanged"

REPORT_STRINGS = [v for k, v in sorted(globals().items()) if k.isupper() and isinstance(v, str)]
