"""Spatial analysis and thematic checks (issue 13): pure Python + numpy, no QGIS.

- :mod:`.spatial_stats`: local Getis–Ord Gi* and local Moran's I with analytical z-scores, FDR.
- :mod:`.grid`: problem counts and rates on grids and blocks, double-high areas.
- :mod:`.correlation`: Pearson and Spearman with p-values (no scipy).
- :mod:`.parking`, :mod:`.walkways`, :mod:`.roads`: the thematic checks' rules.
"""
