"""Start a headless QGIS with Processing and the CityHealth provider, for scripts (bench, demo checks)."""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "/usr/share/qgis/python/plugins" not in sys.path:
    sys.path.append("/usr/share/qgis/python/plugins")


class QgisSession:
    """Context manager: QgsApplication + Processing + the plugin's provider."""

    def __enter__(self):
        from qgis.core import QgsApplication

        QgsApplication.setPrefixPath("/usr", True)
        self.app = QgsApplication([], False)
        self.app.initQgis()
        from processing.core.Processing import Processing

        Processing.initialize()
        from cityhealth_plugin import classFactory

        class _Iface:  # classFactory needs an iface; scripts have none
            def mainWindow(self):
                return None

        self.plugin = classFactory(_Iface())
        self.plugin.initProcessing()
        return self

    def __exit__(self, *exc):
        import gc

        gc.collect()
        self.app.exitQgis()
        return False
