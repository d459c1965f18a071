"""Indicator system: configuration (load, validate), computation kinds, assessment, report."""
