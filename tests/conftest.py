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


# --- PostgreSQL/PostGIS (issue 15): a real server, a fresh database per test module ----------
@pytest.fixture(scope="session")
def pg_server(qgis_app):
    """libpq keywords of the test server's superuser (tests/pg.py; started when needed)."""
    from tests import pg

    url, started = pg.start_server()
    yield pg.parse_url(url)
    if started:
        pg.stop_server()


@pytest.fixture(scope="module")
def pg_database(pg_server, request):
    """Superuser conninfo of a fresh database with PostGIS, dropped after the module."""
    from tests import pg

    name = pg.database_name(request.module.__name__)
    uri = pg.create_database(pg_server, name)
    yield uri
    pg.drop_database(pg_server, name)
def handle_algorithm_results(alg, context, feedback):
    """processing's handleAlgorithmResults (load the outputs into the project) as without a QGIS window.

    QGIS 3.44's Postprocessing hands ``iface.layerTreeView()`` to C++ (``addResultLayers``), which
    refuses the mock of pytest-qgis's fake iface; with no window (``iface`` None) it loads the layers into
    the project as QGIS 3.22 / 3.40 do. The real QGIS window is unaffected."""
    from processing.gui import Postprocessing as postprocessing  # noqa: N813

    saved = postprocessing.__dict__.get("iface", None)
    postprocessing.iface = None
    try:
        return postprocessing.handleAlgorithmResults(alg, context, feedback)
    finally:
        postprocessing.iface = saved
