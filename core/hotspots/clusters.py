"""The LISA cluster codes, colours and labels: one definition for the styled
cluster raster, the vector grid, the scatter plot and the study report
(docs/hotspots.md, "Cluster codes").

Colours are GeoDa's: High-High red, Low-High light blue, Low-Low blue,
High-Low light red.
"""

# Cluster codes of the outputs: esda's quadrants where p < alpha, 0 elsewhere,
# and 5 for units that could not be tested (no neighbour).
NOT_SIGNIFICANT, HH, LH, LL, HL, ISLAND = 0, 1, 2, 3, 4, 5
CLUSTER_NODATA = 255
CLUSTERS = [
    (NOT_SIGNIFICANT, (238, 238, 238, 255), "Not significant"),
    (HH, (255, 0, 0, 255), "High-High"),
    (LH, (167, 166, 255, 255), "Low-High"),
    (LL, (0, 0, 255, 255), "Low-Low"),
    (HL, (244, 173, 168, 255), "High-Low"),
    (ISLAND, (153, 153, 153, 255), "No neighbours (not tested)"),
]
CLUSTER_LABELS = {code: label for code, _rgba, label in CLUSTERS}


def hex_colour(rgba):
    """'#rrggbb' of an (r, g, b, a) colour (for matplotlib)."""
    return "#%02x%02x%02x" % tuple(rgba[:3])


CLUSTER_HEX = {code: hex_colour(rgba) for code, rgba, _label in CLUSTERS}
