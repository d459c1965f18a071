"""Renewal planning and the residents' voice (issue 14): pure Python, no QGIS.

Modules: ``jointmanagement`` (片区联管: grouping units without property management into areas).
"""
