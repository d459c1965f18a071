"""Renewal planning and the residents' voice (issue 14): pure Python, no QGIS.

- :mod:`.voice`: satisfaction surveys read row by row (every row accounted for), free-text demands
  classified into problem categories, satisfaction per area and demands ranked per area.
"""
