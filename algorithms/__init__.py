"""QGIS Processing adapters: one thin module per algorithm over core/."""
