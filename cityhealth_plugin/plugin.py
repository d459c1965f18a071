"""The QGIS plugin object: translator, Processing provider, menu."""

from __future__ import annotations

import os

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .i18n import install_translator, remove_translator
from .processing.provider import CityHealthProvider

PLUGIN_DIR = os.path.dirname(__file__)


class CityHealthPlugin:
    """Registers the ``cityhealth`` Processing provider and a 城市体检 menu."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        install_translator()

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("CityHealthPlugin", text)

    # --- Processing -------------------------------------------------------------------------
    def initProcessing(self):  # noqa: N802 (QGIS API name)
        if self.provider is None:
            self.provider = CityHealthProvider()
            if QgsApplication.processingRegistry().addProvider(self.provider):
                self.provider.refreshAlgorithms()  # now the shipped models can resolve our algorithms

    # --- GUI ------------------------------------------------------------------------------------
    def initGui(self):  # noqa: N802 (QGIS API name)
        self.initProcessing()
        icon = QIcon(os.path.join(PLUGIN_DIR, "icons", "icon.svg"))
        menu = self.tr("City health check")
        review = QAction(icon, self.tr("Review unmatched reports…"), self.iface.mainWindow())
        review.triggered.connect(self.open_match_review)
        self.iface.addPluginToMenu(menu, review)
        self.actions.append((menu, review))
        indicators = QAction(icon, self.tr("Indicator configuration…"), self.iface.mainWindow())
        indicators.triggered.connect(self.open_indicator_config)
        self.iface.addPluginToMenu(menu, indicators)
        self.actions.append((menu, indicators))
        export = QAction(icon, self.tr("Export maps…"), self.iface.mainWindow())
        export.triggered.connect(self.open_map_export)
        self.iface.addPluginToMenu(menu, export)
        self.actions.append((menu, export))
        for alg in self.provider.algorithms():
            action = QAction(alg.icon() or icon, alg.displayName(), self.iface.mainWindow())
            action.triggered.connect(lambda _checked=False, a=alg.id(): self.open_algorithm(a))
            self.iface.addPluginToMenu(menu, action)
            self.actions.append((menu, action))

    def open_algorithm(self, algorithm_id: str):
        """Open the Processing dialog of one of our algorithms."""
        import processing

        processing.execAlgorithmDialog(algorithm_id, {})

    def open_match_review(self):
        """Open the match review dialog over the layers of the current project."""
        from .dialogs.match_review import MatchReviewDialog

        self.review_dialog = MatchReviewDialog(self.iface, parent=self.iface.mainWindow())
        self.review_dialog.show()

    def open_indicator_config(self):
        """Open the indicator configuration dialog of the current project."""
        from .dialogs.indicator_config import IndicatorConfigDialog

        self.indicator_dialog = IndicatorConfigDialog(self.iface, parent=self.iface.mainWindow())
        self.indicator_dialog.show()
    def open_map_export(self):
        """Open the map export dialog (atlases and thematic maps in a background task)."""
        from .dialogs.map_export import MapExportDialog

        self.export_dialog = MapExportDialog(self.iface, parent=self.iface.mainWindow())
        self.export_dialog.show()

    def unload(self):
        for menu, action in self.actions:
            self.iface.removePluginMenu(menu, action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator()
