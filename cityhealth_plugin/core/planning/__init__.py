"""Renewal planning and the residents' voice (issue 14): pure Python, no QGIS."""
