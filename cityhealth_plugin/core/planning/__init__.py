"""Renewal planning and the residents' voice (issue 14): pure Python, no QGIS.

Modules: ``jointmanagement`` (片区联管: grouping units without property management into areas),
``renovation`` (综合改一次: items, quantities, costs), ``voice`` (satisfaction surveys, demands,
complaints), ``complete`` (完整社区: facility gaps and candidate sites).
"""
