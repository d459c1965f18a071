"""Spatial analysis and thematic checks (issue 13): pure Python + numpy, no QGIS.

- :mod:`.spatial_stats`: local Getis–Ord Gi* and local Moran's I with analytical z-scores, FDR.
"""
