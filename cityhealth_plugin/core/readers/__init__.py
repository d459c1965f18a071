"""Building blocks of :mod:`cityhealth_plugin.core.report_reader`: headers, cell text, file sources."""
