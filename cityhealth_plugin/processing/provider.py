"""The ``cityhealth`` Processing provider."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from . import algorithms
from .base import ICON_PATH, CityHealthAlgorithm

MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "models")
#: Help-content key of a shipped model's display name (scripts/build_model.py writes it).
DISPLAY_NAME_KEY = "CITYHEALTH_DISPLAY_NAME"


class ShippedModel(QgsProcessingModelAlgorithm):
    """A shipped model: stable name (the id ``cityhealth:cityhealth_demo``), Chinese display name."""

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.helpContent().get(DISPLAY_NAME_KEY) or super().displayName()

    def createInstance(self):  # noqa: N802 (QGIS API name)
        model = ShippedModel()
        model.loadVariant(self.toVariant())
        model.setSourceFilePath(self.sourceFilePath())
        return model


def algorithm_classes():
    """Every concrete algorithm class in ``processing/algorithms`` (one module per algorithm)."""
    classes = []
    for info in sorted(pkgutil.iter_modules(algorithms.__path__), key=lambda i: i.name):
        module = importlib.import_module("{}.{}".format(algorithms.__name__, info.name))
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, CityHealthAlgorithm) and obj is not CityHealthAlgorithm
                    and obj.__module__ == module.__name__ and obj.ALG_ID):
                classes.append(obj)
    return classes


class CityHealthProvider(QgsProcessingProvider):
    """Provider id ``cityhealth``, shown as 城市体检 (City health check)."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("CityHealthProvider", text)

    def id(self) -> str:
        return "cityhealth"

    def name(self) -> str:
        return self.tr("City health check")

    def longName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("City health check (urban renewal survey, ledger and assessment)")

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def loadAlgorithms(self):  # noqa: N802 (QGIS API name)
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
        # A shipped model resolves its child algorithms (ours) through the registry when it loads;
        # before this provider is registered they cannot be found and the model would lose its
        # outputs. The plugin therefore refreshes the provider right after registering it.
        if QgsApplication.processingRegistry().providerById(self.id()) is not self:
            return
        if os.path.isdir(MODELS_DIR):
            for name in sorted(os.listdir(MODELS_DIR)):
                if name.endswith(".model3"):
                    model = ShippedModel()
                    if model.fromFile(os.path.join(MODELS_DIR, name)):
                        self.addAlgorithm(model)
