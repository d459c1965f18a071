"""Processing provider and algorithms (thin adapters over :mod:`cityhealth_plugin.core`)."""
