"""Match review dialog: resolve unmatched reports and teach the library new spellings.

Lists the rows of an UNMATCHED table (output of ``cityhealth:joinreports``) with their reason and
candidates. The planner picks a candidate, or clicks a building on the map canvas; "Accept and
remember" stores the report's compound spelling as a ``manual`` alias in the alias table (the
``library_aliases`` layer of the library GeoPackage), so the next run matches it automatically.
Decisions of the session are kept in :attr:`MatchReviewDialog.decisions`.
"""

from __future__ import annotations

from typing import Dict, Optional

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFieldProxyModel,
    QgsMapLayerProxyModel,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox, QgsMapToolIdentifyFeature
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.review import alias_to_remember, parse_candidates

COLUMNS = ("source_file", "source_sheet", "source_row", "raw_address", "reason", "candidates")
ROLE_ROW = Qt.ItemDataRole.UserRole
RESOLVED = QColor("#d9f2d9")


class MatchReviewDialog(QDialog):
    """Review unmatched report rows against the address library."""

    def __init__(self, iface=None, unmatched: Optional[QgsVectorLayer] = None,
                 library: Optional[QgsVectorLayer] = None, aliases: Optional[QgsVectorLayer] = None,
                 id_field: str = "building_id", compound_field: str = "compound_name",
                 building_field: str = "building_no", parent=None):
        super().__init__(parent)
        self.iface = iface
        self.decisions: Dict[str, str] = {}
        self._map_tool = None
        self._previous_tool = None
        self.setWindowTitle(self.tr("Review unmatched reports"))
        self.resize(1000, 560)

        self.unmatched_combo = QgsMapLayerComboBox()
        self.unmatched_combo.setFilters(QgsMapLayerProxyModel.Filter.NoGeometry)
        self.library_combo = QgsMapLayerComboBox()
        self.library_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.aliases_combo = QgsMapLayerComboBox()
        self.aliases_combo.setFilters(QgsMapLayerProxyModel.Filter.NoGeometry)
        self.id_field = QgsFieldComboBox()
        self.compound_field = QgsFieldComboBox()
        self.building_field = QgsFieldComboBox()
        for combo in (self.id_field, self.compound_field, self.building_field):
            combo.setFilters(QgsFieldProxyModel.Filter.String | QgsFieldProxyModel.Filter.Numeric)
        self.library_combo.layerChanged.connect(self._library_changed)
        self.unmatched_combo.layerChanged.connect(self.reload)

        form = QFormLayout()
        form.addRow(self.tr("Unmatched reports"), self.unmatched_combo)
        form.addRow(self.tr("Address library (buildings)"), self.library_combo)
        form.addRow(self.tr("Building ID field"), self.id_field)
        form.addRow(self.tr("Compound field"), self.compound_field)
        form.addRow(self.tr("Building number field"), self.building_field)
        form.addRow(self.tr("Alias table"), self.aliases_combo)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Sheet"), self.tr("Row"),
                                              self.tr("Address as written"), self.tr("Reason"),
                                              self.tr("Candidates")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._row_changed)
        self.candidates = QListWidget()
        self.status = QLabel()

        pick = QPushButton(self.tr("Pick building on map"))
        pick.clicked.connect(self.pick_on_map)
        zoom = QPushButton(self.tr("Zoom to candidate"))
        zoom.clicked.connect(self.zoom_to_candidate)
        accept = QPushButton(self.tr("Accept"))
        accept.clicked.connect(lambda: self.accept_choice(remember=False))
        remember = QPushButton(self.tr("Accept and remember"))
        remember.setToolTip(self.tr("Store this spelling of the compound in the alias table, so the "
                                    "next run matches it automatically"))
        remember.clicked.connect(lambda: self.accept_choice(remember=True))

        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Candidates")))
        right.addWidget(self.candidates)
        for button in (zoom, pick, accept, remember):
            right.addWidget(button)
        right_widget = QWidget()
        right_widget.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right_widget)
        splitter.setStretchFactor(0, 3)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        for combo, layer in ((self.unmatched_combo, unmatched), (self.library_combo, library),
                             (self.aliases_combo, aliases)):
            if layer is not None:
                combo.setAdditionalLayers([layer])
                combo.setLayer(layer)
        self._library_changed(self.library_combo.currentLayer())
        for combo, name in ((self.id_field, id_field), (self.compound_field, compound_field),
                            (self.building_field, building_field)):
            if name:
                combo.setField(name)
        self.reload()

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("MatchReviewDialog", text)

    # --- data ------------------------------------------------------------------------------
    def _library_changed(self, layer):
        for combo in (self.id_field, self.compound_field, self.building_field):
            combo.setLayer(layer)

    def reload(self, *_args):
        """Fill the table from the unmatched layer."""
        layer = self.unmatched_combo.currentLayer()
        self.table.setRowCount(0)
        if layer is None:
            return
        names = layer.fields().names()
        rows = []
        for feature in layer.getFeatures():
            rows.append(feature)
        self.table.setRowCount(len(rows))
        for r, feature in enumerate(rows):
            for c, column in enumerate(COLUMNS):
                value = feature[column] if column in names else ""
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(ROLE_ROW, feature.id())
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("{} unmatched rows").format(len(rows)))

    def current_report(self) -> Optional[QgsFeature]:
        layer = self.unmatched_combo.currentLayer()
        row = self.table.currentRow()
        if layer is None or row < 0:
            return None
        fid = self.table.item(row, 0).data(ROLE_ROW)
        return next(layer.getFeatures(QgsFeatureRequest(fid)), None)

    def _building(self, building_id: str) -> Optional[QgsFeature]:
        layer = self.library_combo.currentLayer()
        field = self.id_field.currentField()
        if layer is None or not field:
            return None
        expression = QgsFeatureRequest().setFilterExpression(
            '"{}" = \'{}\''.format(field.replace('"', '""'), building_id.replace("'", "''")))
        return next(layer.getFeatures(expression), None)

    def _add_candidate(self, building_id: str, score: Optional[float], feature: Optional[QgsFeature]):
        label = building_id
        if feature is not None:
            compound_field = self.compound_field.currentField()
            building_field = self.building_field.currentField()
            compound = feature[compound_field] if compound_field else ""
            number = feature[building_field] if building_field else ""
            label = "{}  {} {}".format(building_id, compound or "",
                                       self.tr("building {}").format(number or ""))
        if score is not None:
            label += "  ({:.2f})".format(score)
        item = QListWidgetItem(label)
        item.setData(ROLE_ROW, building_id)
        self.candidates.addItem(item)
        return item

    def _row_changed(self):
        self.candidates.clear()
        report = self.current_report()
        if report is None:
            return
        text = report["candidates"] if "candidates" in report.fields().names() else ""
        for building_id, score in parse_candidates(text):
            self._add_candidate(building_id, score, self._building(building_id))
        if self.candidates.count():
            self.candidates.setCurrentRow(0)

    # --- map ---------------------------------------------------------------------------------
    def pick_on_map(self):
        """Let the planner click a building footprint on the map canvas."""
        layer = self.library_combo.currentLayer()
        if self.iface is None or layer is None:
            return
        canvas = self.iface.mapCanvas()
        self._previous_tool = canvas.mapTool()
        self._map_tool = QgsMapToolIdentifyFeature(canvas, layer)
        self._map_tool.featureIdentified.connect(self.building_picked)
        canvas.setMapTool(self._map_tool)
        self.status.setText(self.tr("Click a building on the map"))

    def building_picked(self, feature: QgsFeature):
        """A building was clicked: offer it as the first candidate."""
        field = self.id_field.currentField()
        if not field:
            return
        item = self._add_candidate(str(feature[field]), None, feature)
        self.candidates.setCurrentItem(item)
        if self.iface is not None and self._previous_tool is not None:
            self.iface.mapCanvas().setMapTool(self._previous_tool)

    def zoom_to_candidate(self):
        item = self.candidates.currentItem()
        layer = self.library_combo.currentLayer()
        if item is None or layer is None or self.iface is None:
            return
        feature = self._building(item.data(ROLE_ROW))
        if feature is not None:
            layer.selectByIds([feature.id()])
            self.iface.mapCanvas().zoomToSelected(layer)

    # --- decisions ---------------------------------------------------------------------------
    def accept_choice(self, remember: bool) -> bool:
        """Record the chosen candidate for the current row; with ``remember``, store the alias."""
        report = self.current_report()
        item = self.candidates.currentItem()
        if report is None or item is None:
            self.status.setText(self.tr("Choose a report row and a candidate first"))
            return False
        building_id = item.data(ROLE_ROW)
        uid = report["report_uid"] if "report_uid" in report.fields().names() else str(report.id())
        self.decisions[str(uid)] = building_id
        if remember:
            building = self._building(building_id)
            compound = building[self.compound_field.currentField()] if building is not None else ""
            spelling = report["compound"] if "compound" in report.fields().names() else ""
            record = alias_to_remember(spelling, compound)
            if record is not None and not self._store_alias(record):
                return False
            if record is None:
                self.status.setText(self.tr("Accepted; the compound name was already known"))
            else:
                self.status.setText(self.tr("Remembered: {} → {}").format(record.alias, record.compound))
        else:
            self.status.setText(self.tr("Accepted: {}").format(building_id))
        row = self.table.currentRow()
        for column in range(self.table.columnCount()):
            self.table.item(row, column).setBackground(RESOLVED)
        return True

    def _store_alias(self, record) -> bool:
        layer = self.aliases_combo.currentLayer()
        if layer is None:
            self.status.setText(self.tr("Choose the alias table (library_aliases) first"))
            return False
        missing = [n for n in ("alias", "compound", "kind") if layer.fields().indexOf(n) < 0]
        if missing:
            self.status.setText(self.tr("The alias table lacks the fields: {}").format(", ".join(missing)))
            return False
        feature = QgsFeature(layer.fields())
        feature["alias"] = record.alias
        feature["compound"] = record.compound
        feature["kind"] = record.kind
        ok, _features = layer.dataProvider().addFeatures([feature])
        if not ok:
            self.status.setText(self.tr("Could not write to the alias table: {}").format(
                layer.dataProvider().lastError()))
            return False
        layer.reload()
        return True
