"""Indicator configuration dialog (Plugins → 城市体检 → 指标配置…).

A table of the indicators of the configuration (enabled, code, name, level, kind, direction, standard
value, red band, weight, radius, other parameters as JSON). Every edit is validated with the whole
configuration (:func:`core.indicators.config.validate`); an invalid edit is refused (the cell goes
back to its value) with the message naming the entry. *Save* stores the configuration in the QGIS
project and next to the project file (see :mod:`processing.indicator_project`), where
``cityhealth:assess`` finds it when its CONFIG is empty.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, List, Optional

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.indicators.config import DEFAULT_CONFIG, load_config, save_config, validate
from ..core.messages import CityHealthError
from ..processing.base import translate_message
from ..processing.indicator_project import project_config, store_project_config

COLUMNS = ("enabled", "code", "name_cn", "level", "kind", "direction", "standard", "red", "weight", "radius",
           "params")
NUMBERS = ("standard", "red", "weight")


def _radius_holder(params: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The dicts whose ``radius`` the radius column shows (targets, supply, or params itself)."""
    holders = list(params.get("targets") or []) + list(params.get("supply") or [])
    if not holders and "radius" in params:
        holders = [params]
    return holders


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class IndicatorConfigDialog(QDialog):
    """Edit, validate, import / export and save the indicator configuration of a project."""

    def __init__(self, iface=None, project: Optional[QgsProject] = None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.setWindowTitle(self.tr("Indicator configuration"))
        self.last_error = ""
        try:
            config, source = project_config(self.project)
        except CityHealthError as error:
            config, source = None, ""
            self.last_error = translate_message(error.message)
        self.config = config or load_config(DEFAULT_CONFIG)
        self.source = source or DEFAULT_CONFIG
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Enabled"), self.tr("Code"), self.tr("Name"), self.tr("Level"), self.tr("Kind"),
            self.tr("Direction"), self.tr("Standard value"), self.tr("Red band"), self.tr("Weight"),
            self.tr("Radius (m)"), self.tr("Parameters (JSON)")])
        self.table.itemChanged.connect(self._edited)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, slot in ((self.tr("Add local indicator"), self.add_local_indicator),
                            (self.tr("Import…"), self._import_clicked),
                            (self.tr("Export…"), self._export_clicked),
                            (self.tr("Reset to national default"), self.reset_to_default),
                            (self.tr("Save to project"), self.save_to_project),
                            (self.tr("Close"), self.reject)):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Configuration: {0}").format(self.source), self))
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(1100, 600)
        self._fill()
        if self.last_error:
            self._say(self.last_error, error=True)

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("IndicatorConfigDialog", text)

    # -- table ----------------------------------------------------------------------------------
    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row, entry in enumerate(self.config["indicators"]):
            self.table.insertRow(row)
            for col, key in enumerate(COLUMNS):
                self.table.setItem(row, col, self._cell(entry, key))
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def _cell(self, entry: Dict[str, Any], key: str) -> QTableWidgetItem:
        editable = Qt.ItemFlag.ItemIsEditable
        if key == "enabled":
            item = QTableWidgetItem("")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            checked = entry.get("enabled", True)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return item
        if key == "radius":
            holders = _radius_holder(entry["params"])
            item = QTableWidgetItem("/".join(_fmt(h["radius"]) for h in holders))
            if not holders:
                item.setFlags(item.flags() & ~editable)
            return item
        if key == "params":
            return QTableWidgetItem(json.dumps(entry["params"], ensure_ascii=False))
        item = QTableWidgetItem(_fmt(entry.get(key, "")))
        if key in ("level", "kind") or (key == "code" and not entry.get("local")):
            item.setFlags(item.flags() & ~editable)
        return item

    def value(self, code: str, key: str) -> Any:
        """The configured ``key`` of indicator ``code`` (for callers and tests)."""
        entry = next(e for e in self.config["indicators"] if e["code"] == code)
        return entry.get(key)

    def row_of(self, code: str) -> int:
        return next(n for n, e in enumerate(self.config["indicators"]) if e["code"] == code)

    def _apply(self, entry: Dict[str, Any], key: str, item: QTableWidgetItem) -> None:
        text = item.text().strip()
        if key == "enabled":
            entry["enabled"] = item.checkState() == Qt.CheckState.Checked
        elif key in NUMBERS:
            try:
                entry[key] = float(text)
            except ValueError:
                entry[key] = text  # validate() names it
        elif key == "radius":
            holders = _radius_holder(entry["params"])
            parts = [p.strip() for p in text.split("/")]
            if len(parts) != len(holders):
                raise EditRefused(self.tr("Give {0} radius value(s) separated by /.").format(len(holders)))
            for holder, part in zip(holders, parts):
                try:
                    holder["radius"] = float(part)
                except ValueError:
                    holder["radius"] = part
        elif key == "params":
            try:
                entry["params"] = json.loads(text)
            except json.JSONDecodeError as error:
                raise EditRefused(self.tr("Parameters are not valid JSON: {0}").format(error)) from None
        else:
            entry[key] = text

    def _edited(self, item: QTableWidgetItem) -> None:
        row, key = item.row(), COLUMNS[item.column()]
        candidate = copy.deepcopy(self.config)
        try:
            self._apply(candidate["indicators"][row], key, item)
            self.config = validate(candidate)
        except (CityHealthError, EditRefused) as error:
            text = translate_message(error.message) if isinstance(error, CityHealthError) else str(error)
            self._say(self.tr("Edit refused: {0}").format(text), error=True)
            self.table.blockSignals(True)
            self.table.setItem(row, item.column(), self._cell(self.config["indicators"][row], key))
            self.table.blockSignals(False)
            return
        self._say(self.tr("{0}: changed (not saved yet).").format(self.config["indicators"][row]["code"]))
        if key == "params":
            self.table.blockSignals(True)
            self.table.setItem(row, COLUMNS.index("radius"),
                               self._cell(self.config["indicators"][row], "radius"))
            self.table.blockSignals(False)

    def _say(self, text: str, error: bool = False) -> None:
        self.last_error = text if error else ""
        self.message.setText(text)
        self.message.setStyleSheet("color: #c00000;" if error else "")

    # -- actions ------------------------------------------------------------------------------------
    def add_local_indicator(self, like: Optional[str] = None) -> str:
        """Add a local indicator of the kind of ``like`` (default: the selected row); returns its code."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        source_row = self.row_of(like) if like else (rows[0].row() if rows else 0)
        entry = copy.deepcopy(self.config["indicators"][source_row])
        codes = {e["code"] for e in self.config["indicators"]}
        n = 1
        while "LOCAL-{:03d}".format(n) in codes:
            n += 1
        entry.update(code="LOCAL-{:03d}".format(n), local=True, enabled=True,
                     name_cn=self.tr("Local indicator {0}").format(n), name_en="", levels={})
        entry.pop("note", None)
        candidate = copy.deepcopy(self.config)
        candidate["indicators"].append(entry)
        self.config = validate(candidate)
        self._fill()
        self._say(self.tr("{0} added (kind {1}); edit its name, values and parameters.").format(
            entry["code"], entry["kind"]))
        return entry["code"]

    def reset_to_default(self) -> None:
        self.config = load_config(DEFAULT_CONFIG)
        self._fill()
        self._say(self.tr("National default restored (not saved yet)."))

    def import_file(self, path: str) -> bool:
        try:
            self.config = load_config(path)
        except CityHealthError as error:
            self._say(self.tr("Import refused: {0}").format(translate_message(error.message)), error=True)
            return False
        self._fill()
        self._say(self.tr("Imported {0} (not saved yet).").format(path))
        return True

    def export_file(self, path: str) -> None:
        save_config(self.config, path)
        self._say(self.tr("Exported to {0}.").format(path))

    def save_to_project(self) -> str:
        """Store the configuration in the project (and next to its file); returns that file or ""."""
        path = store_project_config(self.project, self.config)
        self.project.setDirty(True)
        if path:
            self._say(self.tr("Saved in the project and in {0}; Assess indicators uses it when its "
                              "configuration is empty.").format(path))
        else:
            self._say(self.tr("Saved in the project (save the project to keep it)."))
        return path

    def _import_clicked(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Import indicator configuration"), "",
                                               self.tr("JSON (*.json)"))
        if path:
            self.import_file(path)

    def _export_clicked(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export indicator configuration"), "",
                                               self.tr("JSON (*.json)"))
        if path:
            self.export_file(path if path.lower().endswith(".json") else path + ".json")


class EditRefused(Exception):
    """An edit the table refuses before validation (wrong number of radii, bad JSON)."""
