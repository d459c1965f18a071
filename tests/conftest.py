"""Shared fixtures. The plugin is loaded the way QGIS loads it: classFactory(iface).initProcessing()."""

from __future__ import annotations

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_processing, qgis_iface):
    """The CityHealth plugin, with its Processing provider registered."""
    from cityhealth_plugin import classFactory

    instance = classFactory(qgis_iface)
    instance.initProcessing()
    yield instance


@pytest.fixture()
def provider(plugin):
    """The registered provider (function scope: a test may unload and reload the plugin)."""
    return plugin.provider
