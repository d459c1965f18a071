"""Match review dialog: resolve unmatched reports and teach the library new spellings.

Lists the rows of an unmatched table (the UNMATCHED output of ``cityhealth:joinreports``: a
GeoPackage / memory layer, or the review workbook ``未匹配_*.xlsx`` opened as a layer) with their
reason in Chinese (``core/review.py`` REASONS, the same texts as the workbook) and candidates. The
table is recognised by its fields (:func:`~cityhealth_plugin.core.review.unmatched_field_map`), so
``layer_styles`` or ``library_aliases`` are never taken for it.

The planner picks a candidate, or clicks the building on the map canvas (any reason: for
``no_building`` / ``no_unit`` rows the map zooms to the report's compound first), then:

- *Accept* stores a decision (source file + sheet + row and the address as written → building id)
  in the ``library_decisions`` table of the alias table's GeoPackage (the address library
  ``地址库.gpkg``); the next ``joinreports`` run with that alias table places the row on that
  building (match method ``manual``).
- *Accept and remember* also stores the report's compound spelling as a ``manual`` alias in
  ``library_aliases``, so other reports with that spelling match by themselves.

Rows already decided show in green, also after the dialog was closed and opened again.
"""

from __future__ import annotations

from typing import Dict, Optional

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFieldProxyModel,
    QgsMapLayerProxyModel,
    QgsRectangle,
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

from ..core.review import (
    CANDIDATE_SEPARATOR,
    Decision,
    DecisionBook,
    alias_to_remember,
    building_label,
    parse_candidates,
    reason_hint,
    reason_label,
    reason_text,
    unmatched_field_map,
)
from ..processing.io import to_int, to_text
from ..processing.review_io import gpkg_of, read_decisions, store_decision

#: table columns: key of the unmatched table (core.review.UNMATCHED_COLUMN_NAMES)
COLUMNS = ("reason", "candidate_names", "raw_address", "source_file", "source_sheet", "source_row")
ROLE_ROW = Qt.ItemDataRole.UserRole
RESOLVED = QColor("#d9f2d9")
ALIAS_FIELDS = ("alias", "compound", "kind")


def _layers(combo: QgsMapLayerComboBox):
    for index in range(combo.count()):
        layer = combo.layer(index)
        if isinstance(layer, QgsVectorLayer):
            yield layer


class MatchReviewDialog(QDialog):
    """Review unmatched report rows against the address library."""

    def __init__(self, iface=None, unmatched: Optional[QgsVectorLayer] = None,
                 library: Optional[QgsVectorLayer] = None, aliases: Optional[QgsVectorLayer] = None,
                 id_field: str = "building_id", compound_field: str = "compound_name",
                 building_field: str = "building_no", parent=None):
        super().__init__(parent)
        self.iface = iface
        #: report uid → building id of the decisions taken in this dialog
        self.decisions: Dict[str, str] = {}
        self._fields: Dict[str, str] = {}
        self._stored = DecisionBook()
        self._map_tool = None
        self._previous_tool = None
        self.setWindowTitle(self.tr("Review unmatched reports"))
        self.resize(1100, 600)

        self.unmatched_combo = QgsMapLayerComboBox()
        self.unmatched_combo.setFilters(QgsMapLayerProxyModel.Filter.NoGeometry)
        self.unmatched_combo.setAllowEmptyLayer(True)
        self.library_combo = QgsMapLayerComboBox()
        self.library_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.aliases_combo = QgsMapLayerComboBox()
        self.aliases_combo.setFilters(QgsMapLayerProxyModel.Filter.NoGeometry)
        self.aliases_combo.setAllowEmptyLayer(True)
        self.id_field = QgsFieldComboBox()
        self.compound_field = QgsFieldComboBox()
        self.building_field = QgsFieldComboBox()
        for combo in (self.id_field, self.compound_field, self.building_field):
            combo.setFilters(QgsFieldProxyModel.Filter.String | QgsFieldProxyModel.Filter.Numeric)

        form = QFormLayout()
        form.addRow(self.tr("Unmatched reports"), self.unmatched_combo)
        form.addRow(self.tr("Address library (buildings)"), self.library_combo)
        form.addRow(self.tr("Building ID field"), self.id_field)
        form.addRow(self.tr("Compound field"), self.compound_field)
        form.addRow(self.tr("Building number field"), self.building_field)
        form.addRow(self.tr("Alias table"), self.aliases_combo)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("Reason"), self.tr("Candidates"),
                                              self.tr("Address as written"), self.tr("File"),
                                              self.tr("Sheet"), self.tr("Row")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._row_changed)
        self.candidates = QListWidget()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        pick = QPushButton(self.tr("Pick building on map"))
        pick.setToolTip(self.tr("Click the building on the map canvas; for a row whose compound is "
                                "known the map shows that compound first"))
        pick.clicked.connect(self.pick_on_map)
        zoom = QPushButton(self.tr("Zoom to candidate"))
        zoom.clicked.connect(self.zoom_to_candidate)
        accept = QPushButton(self.tr("Accept"))
        accept.setToolTip(self.tr("Store the chosen building for this report in the library's decisions "
                                  "table; the next run places the report there"))
        accept.clicked.connect(lambda: self.accept_choice(remember=False))
        remember = QPushButton(self.tr("Accept and remember"))
        remember.setToolTip(self.tr("Accept, and store this spelling of the compound in the alias table, "
                                    "so the next run matches other reports with it automatically"))
        remember.clicked.connect(lambda: self.accept_choice(remember=True))

        right = QVBoxLayout()
        right.addWidget(self.hint)
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
        self._preselect(unmatched, library, aliases, (id_field, compound_field, building_field))
        self._library_changed(self.library_combo.currentLayer())
        for combo, name in ((self.id_field, id_field), (self.compound_field, compound_field),
                            (self.building_field, building_field)):
            if name:
                combo.setField(name)
        self.library_combo.layerChanged.connect(self._library_changed)
        self.unmatched_combo.layerChanged.connect(self.reload)
        self.aliases_combo.layerChanged.connect(self.reload)
        self.reload()

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("MatchReviewDialog", text)

    # --- layers ------------------------------------------------------------------------------
    def _preselect(self, unmatched, library, aliases, library_fields):
        """The given layers, else the project's layers that have the right fields, else none."""
        if unmatched is None:
            unmatched = next((layer for layer in _layers(self.unmatched_combo)
                              if unmatched_field_map(layer.fields().names()) is not None), None)
        self.unmatched_combo.setLayer(unmatched)
        if library is None:
            found = [layer for layer in _layers(self.library_combo)
                     if all(name in layer.fields().names() for name in library_fields if name)]
            library = next((layer for layer in found if "library_buildings" in layer.source()),
                           found[0] if found else self.library_combo.currentLayer())
        self.library_combo.setLayer(library)
        if aliases is None:
            aliases = next((layer for layer in _layers(self.aliases_combo)
                            if all(name in layer.fields().names() for name in ALIAS_FIELDS)), None)
        self.aliases_combo.setLayer(aliases)

    def _library_changed(self, layer):
        for combo in (self.id_field, self.compound_field, self.building_field):
            combo.setLayer(layer)

    def decisions_gpkg(self) -> Optional[str]:
        """The GeoPackage of the alias table, where decisions are stored (None when there is none)."""
        return gpkg_of(self.aliases_combo.currentLayer())

    # --- data ------------------------------------------------------------------------------
    def _value(self, feature: QgsFeature, key: str) -> str:
        name = self._fields.get(key)
        return to_text(feature[name]) if name else ""

    def reload(self, *_args):
        """Fill the table from the unmatched layer (empty cells stay empty)."""
        layer = self.unmatched_combo.currentLayer()
        self.table.setRowCount(0)
        self.candidates.clear()
        self.hint.clear()
        self._fields = {}
        if layer is None:
            self.status.setText(self.tr("Choose the unmatched table (output UNMATCHED of Join reports)"))
            return
        fields = unmatched_field_map(layer.fields().names())
        if fields is None:
            self.status.setText(self.tr("{} is not an unmatched table: it lacks the fields reason, "
                                        "candidates, source_file and source_row").format(layer.name()))
            return
        self._fields = fields
        self._stored = read_decisions(self.decisions_gpkg())
        rows = list(layer.getFeatures())
        self.table.setRowCount(len(rows))
        for r, feature in enumerate(rows):
            code = self._value(feature, "reason")
            candidates = self._value(feature, "candidate_names").replace(CANDIDATE_SEPARATOR, "\n")
            if not candidates:
                ids = parse_candidates(self._value(feature, "candidates"))
                candidates = "\n".join(bid for bid, _score in ids)
            texts = (reason_label(code), candidates, self._value(feature, "raw_address"),
                     self._value(feature, "source_file"), self._value(feature, "source_sheet"),
                     self._value(feature, "source_row"))
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ROLE_ROW, feature.id())
                if c == 0:
                    item.setToolTip(reason_text(code))
                self.table.setItem(r, c, item)
            if self._stored.find(*self._identity(feature)) is not None:
                self._mark_resolved(r)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        decided = sum(1 for r in range(len(rows)) if self.is_resolved(r))
        self.status.setText(self.tr("{} unmatched rows, {} decided").format(len(rows), decided))

    def _identity(self, feature: QgsFeature):
        return (self._value(feature, "source_file"), self._value(feature, "source_sheet"),
                to_int(self._value(feature, "source_row")), self._value(feature, "raw_address"))

    def current_report(self) -> Optional[QgsFeature]:
        layer = self.unmatched_combo.currentLayer()
        row = self.table.currentRow()
        if layer is None or row < 0 or self.table.item(row, 0) is None:
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

    def _label(self, feature: Optional[QgsFeature]) -> str:
        if feature is None:
            return ""
        compound_field = self.compound_field.currentField()
        building_field = self.building_field.currentField()
        return building_label(to_text(feature[compound_field]) if compound_field else "",
                              to_text(feature[building_field]) if building_field else "")

    def _add_candidate(self, building_id: str, score: Optional[float], feature: Optional[QgsFeature]):
        label = self._label(feature) or building_id
        if score is not None:
            label += " ({:.2f})".format(score)
        item = QListWidgetItem("{}  [{}]".format(label, building_id))
        item.setData(ROLE_ROW, building_id)
        self.candidates.addItem(item)
        return item

    def _row_changed(self):
        self.candidates.clear()
        report = self.current_report()
        if report is None:
            self.hint.clear()
            return
        self.hint.setText(reason_hint(self._value(report, "reason")))
        for building_id, score in parse_candidates(self._value(report, "candidates")):
            self._add_candidate(building_id, score, self._building(building_id))
        if self.candidates.count():
            self.candidates.setCurrentRow(0)

    # --- map ---------------------------------------------------------------------------------
    def _compound_extent(self, compound: str) -> Optional[QgsRectangle]:
        layer = self.library_combo.currentLayer()
        field = self.compound_field.currentField()
        if layer is None or not field or not compound:
            return None
        request = QgsFeatureRequest().setFilterExpression(
            '"{}" = \'{}\''.format(field.replace('"', '""'), compound.replace("'", "''")))
        extent = None  # (QgsRectangle.setMinimal is deprecated in QGIS 3.34+: start from the first box)
        for feature in layer.getFeatures(request):
            box = feature.geometry().boundingBox()
            if extent is None:
                extent = QgsRectangle(box)
            else:
                extent.combineExtentWith(box)
        return extent

    def pick_on_map(self):
        """Let the planner click a building footprint on the map canvas (every reason).

        For a row whose compound the library knows (``no_building``, ``no_unit``, …) the canvas
        shows that compound's buildings first."""
        layer = self.library_combo.currentLayer()
        if self.iface is None or layer is None:
            return
        canvas = self.iface.mapCanvas()
        report = self.current_report()
        extent = self._compound_extent(self._value(report, "compound")) if report is not None else None
        if extent is not None:
            canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layer, extent.buffered(20.0)))
            canvas.refresh()
        self._previous_tool = canvas.mapTool()
        self._map_tool = QgsMapToolIdentifyFeature(canvas, layer)
        self._map_tool.featureIdentified.connect(self.building_picked)
        canvas.setMapTool(self._map_tool)
        self.status.setText(self.tr("Click a building on the map"))

    def building_picked(self, feature: QgsFeature):
        """A building was clicked: offer it as the chosen candidate."""
        field = self.id_field.currentField()
        if not field:
            return
        item = self._add_candidate(to_text(feature[field]), None, feature)
        self.candidates.setCurrentItem(item)
        self.status.setText(self.tr("Picked {}: press Accept to keep it").format(item.text()))
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
    def is_resolved(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.background().color() == RESOLVED

    def _mark_resolved(self, row: int):
        for column in range(self.table.columnCount()):
            item = self.table.item(row, column)
            if item is not None:
                item.setBackground(RESOLVED)

    def accept_choice(self, remember: bool) -> bool:
        """Store the chosen candidate for the current row as a decision; with ``remember`` also the
        report's compound spelling as a manual alias. False (with a message) when nothing was stored."""
        report = self.current_report()
        item = self.candidates.currentItem()
        if report is None or item is None:
            self.status.setText(self.tr("Choose a report row and a candidate first"))
            return False
        gpkg = self.decisions_gpkg()
        if gpkg is None:
            self.status.setText(self.tr("Choose the alias table (library_aliases of the address library "
                                        "GeoPackage) first: decisions are stored next to it"))
            return False
        building_id = item.data(ROLE_ROW)
        source_file, source_sheet, source_row, raw_address = self._identity(report)
        decision = Decision(source_file, source_sheet, source_row or 0, raw_address, building_id,
                            "remember" if remember else "accept")
        record = None
        if remember:
            building = self._building(building_id)
            compound_field = self.compound_field.currentField()
            compound = to_text(building[compound_field]) if building is not None and compound_field else ""
            record = alias_to_remember(self._value(report, "compound"), compound)
            if record is not None and not self._store_alias(record):
                return False
        ok, error = store_decision(gpkg, decision)
        if not ok:
            self.status.setText(self.tr("Could not store the decision in {}: {}").format(gpkg, error))
            return False
        self._stored = read_decisions(gpkg)
        uid = self._value(report, "report_uid") or "{}|{}|{}".format(source_file, source_sheet, source_row)
        self.decisions[uid] = building_id
        if record is not None:
            self.status.setText(self.tr("Accepted and remembered: {} → {}").format(record.alias,
                                                                                  record.compound))
        elif remember:
            self.status.setText(self.tr("Accepted: {}; the compound name was already known").format(
                building_id))
        else:
            self.status.setText(self.tr("Accepted: {}; the next run places this report there").format(
                building_id))
        self._mark_resolved(self.table.currentRow())
        return True

    def _store_alias(self, record) -> bool:
        layer = self.aliases_combo.currentLayer()
        if layer is None:
            self.status.setText(self.tr("Choose the alias table (library_aliases) first"))
            return False
        missing = [n for n in ALIAS_FIELDS if layer.fields().indexOf(n) < 0]
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

