"""Default styles of the ledger GeoPackage layers and the post-processor that wires them up on load.

Styles (renderer, Chinese aliases, labels, the photo widget) are saved into the GeoPackage's
``layer_styles`` table as each layer's default, so any QGIS that opens the file shows them. What a
style cannot hold (the problems → photos relation, the relation editor in the form, the photo
folder of the GeoPackage as it is now) is added by :class:`LedgerPostProcessor` after Processing
has loaded the layers into the project — never inside ``processAlgorithm``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from typing import Callable, Dict, List, Optional, Tuple

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsCategorizedSymbolRenderer,
    QgsDataSourceUri,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsRelation,
    QgsRelationContext,
    QgsRendererCategory,
    QgsRendererRange,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont
from qgis.PyQt.QtXml import QDomDocument

from ..core import schema
from . import store
from .qgis_compat import set_tab_container

LABEL_FONT = "Noto Sans CJK SC"
#: White → dark red, for counts and rates.
RAMP = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
SEVERITY_COLOURS = {"一般": "#f2c14e", "较重": "#f07f2d", "严重": "#c8102e", "": "#9e9e9e"}

PROBLEM_ALIASES = {
    "problem_uid": "问题编号", "report_uid": "上报记录", "round": "体检轮次", "source_file": "来源文件",
    "source_sheet": "来源工作表", "source_row": "来源行号", "district": "所属区", "street": "街道",
    "community": "社区名", "grid": "网格", "compound": "小区", "building": "楼栋", "unit": "单元",
    "room": "房号", "raw_address": "原始地址", "problem": "问题", "problem_code": "问题编码",
    "category": "问题类别", "category_cn": "问题类别名称", "indicator_code": "指标编码",
    "indicator_cn": "对应指标", "severity": "严重程度", "status": "整改状态", "description": "描述",
    "reporter": "上报人", "phone": "联系电话", "report_date": "上报日期", "photo_count": "照片数",
    "photo_missing": "缺失照片", "building_id": "楼栋编码", "match_method": "匹配方式",
    "match_score": "匹配得分", "compound_id": "小区编码", "block_id": "街区编码",
    "community_code": "社区编码", "district_code": "区编码", "located_by": "定位方式", "x": "X", "y": "Y",
    "match_level": "匹配层级", "source": "问题来源",
}
PHOTO_ALIASES = {
    "photo_id": "照片编号", "problem_uid": "问题编号", "round": "体检轮次", "path": "照片",
    "original_name": "原文件名", "sha256": "校验和",
}
RUN_ALIASES = {
    "run_id": "运行编号", "round": "体检轮次", "run_utc": "运行时间（UTC）", "plugin_version": "插件版本",
    "qgis_version": "QGIS版本", "parameters": "参数", "inputs": "输入数据", "summary": "结果摘要",
}


def _set_aliases(layer: QgsVectorLayer, aliases: Dict[str, str]) -> None:
    for i, f in enumerate(layer.fields()):
        if f.name() in aliases:
            layer.setFieldAlias(i, aliases[f.name()])


def _labels(layer: QgsVectorLayer, field: str, size: float = 9.0, max_scale: float = 0.0) -> None:
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.enabled = True
    fmt = QgsTextFormat()
    fmt.setFont(QFont(LABEL_FONT))
    fmt.setSize(size)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    if max_scale:
        settings.scaleVisibility = True
        settings.maximumScale = 0
        settings.minimumScale = max_scale
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def _fill(colour: str) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple({"color": colour, "outline_color": "#5a5a5a", "outline_width": "0.2"})


def ledger_renderer(level: str, values: List[float]) -> QgsGraduatedSymbolRenderer:
    """Graduated colours: problem counts for buildings, problems per 100 households above."""
    if level == "building":
        expr = 'coalesce("problems_total", 0)'
        bounds = [(0, 0, "0"), (1, 1, "1"), (2, 3, "2–3"), (4, 6, "4–6"), (7, 1e9, "≥ 7")]
    else:
        expr = 'coalesce("problems_per_100hh", 0)'
        top = max([v for v in values if v is not None] or [0.0])
        step = max(top / 4.0, 0.01)
        cuts = [round(step * k, 2) for k in range(1, 4)]
        bounds = [(0, 0, "0"), (0.0, cuts[0], "≤ {}".format(cuts[0])),
                  (cuts[0], cuts[1], "{}–{}".format(cuts[0], cuts[1])),
                  (cuts[1], cuts[2], "{}–{}".format(cuts[1], cuts[2])),
                  (cuts[2], 1e9, "> {}".format(cuts[2]))]
    ranges = []
    for k, (lo, hi, label) in enumerate(bounds):
        if k == 1 and level != "building":
            lo = 1e-9  # "0" is its own class
        ranges.append(QgsRendererRange(lo, hi, _fill(RAMP[k]), label))
    renderer = QgsGraduatedSymbolRenderer(expr, ranges)
    return renderer


def style_ledger_layer(layer: QgsVectorLayer, level: str, aliases: Dict[str, str],
                       rates: Optional[List[float]] = None) -> None:
    """Graduated renderer, Chinese aliases and name labels. ``rates``: the problems per 100
    households of the layer's rows (class breaks of the upper levels); the layer itself is not read,
    so no connection to the file stays open."""
    values = [v for v in (rates or []) if isinstance(v, (int, float))]
    layer.setRenderer(ledger_renderer(level, values))
    _set_aliases(layer, aliases)
    _labels(layer, "name", 8.0 if level == "building" else 10.0, 5000 if level == "building" else 0)


def style_problem_layer(layer: QgsVectorLayer) -> None:
    cats = []
    for sev in schema.SEVERITIES + ("",):
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": SEVERITY_COLOURS[sev],
                                           "outline_color": "#ffffff", "size": "2.4"})
        cats.append(QgsRendererCategory(sev, sym, sev or "未注明"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("coalesce(\"severity\", '')", cats))
    _set_aliases(layer, PROBLEM_ALIASES)
    layer.setDisplayExpression('"problem_code" || \' \' || "problem"')


#: Folder of the layer's GeoPackage, from its source "…/ledger.gpkg|layername=photos".
ROOT_PATH_EXPRESSION = ("regexp_replace(layer_property(@layer, 'source'), "
                        "'[/\\\\\\\\][^/\\\\\\\\]*$', '')")


def photo_widget_setup(gpkg_dir: str) -> QgsEditorWidgetSetup:
    """External Resource widget showing images, paths stored relative to the GeoPackage folder
    (``gpkg_dir`` empty: absolute paths, as a database ledger stores them)."""
    if not gpkg_dir:
        return QgsEditorWidgetSetup("ExternalResource", {
            "DocumentViewer": 1, "DocumentViewerHeight": 0, "DocumentViewerWidth": 0, "FileWidget": True,
            "FileWidgetButton": True, "UseLink": True, "FullUrl": True, "RelativeStorage": 0,
            "StorageMode": 0})
    return QgsEditorWidgetSetup("ExternalResource", {
        "DocumentViewer": 1,  # image
        "DocumentViewerHeight": 0, "DocumentViewerWidth": 0,
        "FileWidget": True, "FileWidgetButton": True, "UseLink": True, "FullUrl": True,
        "RelativeStorage": 2,  # relative to the default path
        "DefaultRoot": gpkg_dir,
        "StorageMode": 0,
        # the root follows the GeoPackage when it is moved or opened without the post-processor
        "PropertyCollection": {"name": "0", "type": "collection", "properties": {
            "propertyRootPath": {"active": True, "type": 3, "expression": ROOT_PATH_EXPRESSION}}},
    })


def style_photo_layer(layer: QgsVectorLayer, gpkg_dir: str) -> None:
    _set_aliases(layer, PHOTO_ALIASES)
    idx = layer.fields().indexOf("path")
    if idx >= 0:
        layer.setEditorWidgetSetup(idx, photo_widget_setup(gpkg_dir))
    layer.setDisplayExpression('"original_name"')


def qml_of(fields, wkb_type, crs, styler: Callable[[QgsVectorLayer], None]) -> str:
    """The QML a ``styler`` gives a layer of ``fields`` and ``wkb_type``, styled on a memory layer
    (for a database's ``layer_styles``: the table is written in a transaction no other connection
    sees before the commit)."""
    from qgis.core import QgsWkbTypes

    if wkb_type in (QgsWkbTypes.NoGeometry, QgsWkbTypes.Unknown):
        uri = "None"
    else:
        uri = "{}?crs={}".format(QgsWkbTypes.displayString(wkb_type), crs.authid())
    layer = QgsVectorLayer(uri, "style", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    styler(layer)
    doc = QDomDocument()
    layer.exportNamedStyle(doc)
    return doc.toString()


def save_default_style(layer: QgsVectorLayer, name: str, description: str) -> str:
    """Save the layer's current style as its default in the GeoPackage; returns an error or ''."""
    result = layer.saveStyleToDatabase(name, description, True, "")
    # 3.22 returns None and reports through msgError; newer versions may return a string
    return result if isinstance(result, str) else ""


def read_default_style(gpkg_path: str, layer_name: str) -> str:
    """QML of the default style of ``layer_name`` in the GeoPackage ('' when there is none).

    Read with sqlite3 in read-only mode: asking the OGR provider would reopen the file for update
    and switch it to WAL journaling under the feet of the layers already loaded read-only.
    """
    try:
        con = sqlite3.connect("file:{}?mode=ro".format(gpkg_path), uri=True)
    except sqlite3.Error:
        return ""
    try:
        row = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = ? "
                          "ORDER BY useAsDefault DESC, update_time DESC LIMIT 1", (layer_name,)).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        con.close()
    return row[0] if row and row[0] else ""


def apply_default_style(layer: QgsVectorLayer, gpkg_path: str, layer_name: str) -> bool:
    """Apply the default style saved in the ledger (a GeoPackage, or a database's ``layer_styles``)."""
    if store.is_database(gpkg_path):
        qml = store.read_style(store.parse(gpkg_path), layer_name)
    else:
        qml = read_default_style(gpkg_path, layer_name)
    if not qml:
        return False
    doc = QDomDocument()
    if not doc.setContent(qml):
        return False
    ok, _error = layer.importNamedStyle(doc)
    layer.triggerRepaint()
    return bool(ok)


# --- post-processor ---------------------------------------------------------------------------
_POST_PROCESSORS: List["LedgerPostProcessor"] = []  # keep instances alive (QGIS pitfall)


def relation_id(gpkg_path: str) -> str:
    digest = hashlib.sha1(os.path.normcase(os.path.abspath(gpkg_path)).encode("utf-8")).hexdigest()
    return "cityhealth_photos_" + digest[:10]


def _layer_of(project: QgsProject, gpkg_path: str, layer_name: str) -> Optional[QgsVectorLayer]:
    if store.is_database(gpkg_path):
        target = store.parse(gpkg_path)
        database = QgsDataSourceUri(target.conninfo).database()
        for layer in project.mapLayers().values():
            if isinstance(layer, QgsVectorLayer) and layer.providerType() == "postgres":
                uri = QgsDataSourceUri(layer.source())
                if (uri.schema(), uri.table(), uri.database()) == (target.schema, layer_name, database):
                    return layer
        return None
    want = os.path.normcase(os.path.abspath(gpkg_path))
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
            continue
        parts = layer.source().split("|")
        if os.path.normcase(os.path.abspath(parts[0])) != want:
            continue
        options = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        if options.get("layername") == layer_name:
            return layer
    return None


def link_problems_and_photos(project: QgsProject, gpkg_path: str) -> Optional[QgsRelation]:
    """Add the problems → photos relation, the relation editor in the problem form and the photo
    widget rooted at the GeoPackage folder, once both layers are in ``project``."""
    problems = _layer_of(project, gpkg_path, schema.LAYER_PROBLEMS)
    photos = _layer_of(project, gpkg_path, schema.LAYER_PHOTOS)
    if problems is None or photos is None:
        return None
    gpkg_dir = "" if store.is_database(gpkg_path) else os.path.dirname(os.path.abspath(gpkg_path))
    idx = photos.fields().indexOf("path")
    if idx >= 0:
        photos.setEditorWidgetSetup(idx, photo_widget_setup(gpkg_dir))
    manager = project.relationManager()
    rel_id = relation_id(gpkg_path) + "_" + problems.id()[-8:]
    relation = manager.relation(rel_id)
    if not relation.isValid():
        relation = QgsRelation(QgsRelationContext(project))
        relation.setId(rel_id)
        relation.setName("问题照片")
        relation.setReferencingLayer(photos.id())
        relation.setReferencedLayer(problems.id())
        relation.addFieldPair("problem_uid", "problem_uid")
        if not relation.isValid():
            return None
        manager.addRelation(relation)
    config = problems.editFormConfig()
    config.setLayout(QgsEditFormConfig.TabLayout)
    config.clearTabs()
    tab = QgsAttributeEditorContainer("问题", None)
    set_tab_container(tab)
    for i, f in enumerate(problems.fields()):
        tab.addChildElement(QgsAttributeEditorField(f.name(), i, tab))
    config.addTab(tab)
    photos_tab = QgsAttributeEditorContainer("照片", None)
    set_tab_container(photos_tab)
    photos_tab.addChildElement(QgsAttributeEditorRelation(relation, photos_tab))
    config.addTab(photos_tab)
    problems.setEditFormConfig(config)
    return relation


def round_filter(round_no: int) -> str:
    return '"round" = {}'.format(int(round_no))


def round_uri(gpkg_path: str, layer_name: str, round_no: Optional[int]) -> str:
    """``path|layername=x|subset="round" = 2025``: the layer opened on one round. Unlike
    ``setSubsetString()`` on a second layer of one GeoPackage (OGR: "unable to open database file"),
    a subset in the URI opens every layer of the file valid; the attribute table shows that round."""
    uri = "{}|layername={}".format(gpkg_path, layer_name)
    return uri + "|subset=" + round_filter(round_no) if round_no else uri


def latest_round(gpkg_path: str, layer_name: str = schema.ledger_layer("building")) -> Optional[int]:
    """The latest round in a ledger GeoPackage (read-only sqlite; None when there is none)."""
    try:
        con = sqlite3.connect("file:{}?mode=ro".format(gpkg_path), uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute('SELECT MAX("round") FROM "{}"'.format(layer_name.replace('"', '""'))).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        con.close()
    return int(row[0]) if row and row[0] is not None else None


def show_round_parameter(name: str):
    """The ``SHOW_ROUND`` parameter of the ledger: the round its layers load with (0 = the latest)."""
    from qgis.core import QgsProcessingParameterNumber
    from qgis.PyQt.QtCore import QCoreApplication

    return QgsProcessingParameterNumber(
        name,
        QCoreApplication.translate("LayerStyles", "Round to show in the map (0 = the latest in the ledger)"),
        QgsProcessingParameterNumber.Integer, 0, False, 0, 9999)


def round_to_show(gpkg_path: str, chosen: int) -> Optional[int]:
    """``chosen`` when given, else the ledger's latest round."""
    return int(chosen) if chosen else latest_round(gpkg_path)


class LedgerPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Runs on each ledger layer after Processing added it to the project: applies its default style
    and, when both problems and photos are in, adds their relation and form.

    The layers are loaded one round each with the subset in the URI (:func:`round_uri`), never with
    ``setSubsetString()``: with two layers of one GeoPackage given a subset string that way, QGIS's
    OGR provider (3.22 and 3.40 alike) fails on the second one with "unable to open database file"."""

    def __init__(self, gpkg_path: str, round_no: int, layer_name: str):
        super().__init__()
        self.gpkg_path = gpkg_path
        self.round_no = int(round_no)
        self.layer_name = layer_name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if not isinstance(layer, QgsVectorLayer):
            return
        # Processing loads result layers without their default style: apply the one in the GeoPackage
        apply_default_style(layer, self.gpkg_path, self.layer_name)
        if self.layer_name == schema.LAYER_PHOTOS:
            style_photo_layer(layer, "" if store.is_database(self.gpkg_path)
                              else os.path.dirname(os.path.abspath(self.gpkg_path)))
        project = context.project() or QgsProject.instance()
        link_problems_and_photos(project, self.gpkg_path)

    @classmethod
    def create(cls, gpkg_path: str, round_no: int, layer_name: str) -> "LedgerPostProcessor":
        instance = cls(gpkg_path, round_no, layer_name)
        _POST_PROCESSORS.append(instance)
        del _POST_PROCESSORS[:-64]  # bounded: the newest runs' instances stay alive
        return instance


# --- join outputs and address library (forms) -------------------------------------------------
#: Distinct colours for up to 24 problem categories (then repeated), grey for "none".
CATEGORY_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354", "#756bb1", "#636363", "#fd8d3c", "#74c476", "#9e9ac8", "#e7ba52",
)
REPORT_ALIASES = dict(PROBLEM_ALIASES, photo="照片", photo_paths="照片路径", photo_missing="缺失照片")
MATCHED_ALIASES = REPORT_ALIASES
UNMATCHED_ALIASES = dict(REPORT_ALIASES, reason="未匹配原因", candidates="候选楼栋")
LIBRARY_LAYER_ALIASES = {
    "library_buildings": {"building_id": "楼栋编码", "compound_name": "小区名称", "building_no": "楼栋号",
                          "units": "单元数", "community": "社区", "grid": "网格",
                          "library_key": "标准地址键"},
    "library_units": {"unit_key": "单元地址键", "building_id": "楼栋编码", "library_key": "标准地址键",
                      "compound_name": "小区名称", "building_no": "楼栋号", "unit": "单元"},
    "library_aliases": {"alias": "别名", "compound": "标准小区名", "kind": "别名类型"},
    "library_conflicts": {"kind": "冲突类型", "key": "地址键", "ids": "楼栋编码", "detail": "说明"},
}
LIBRARY_TITLES = {"library_buildings": "地址库楼栋", "library_units": "地址库单元",
                  "library_aliases": "地址库别名", "library_conflicts": "地址库冲突"}


def category_renderer(categories) -> QgsCategorizedSymbolRenderer:
    """Points coloured by ``category`` (catalogue code), labelled with the Chinese category name;
    ``categories``: ``[(code, name_cn)]`` in catalogue order. Rows without a category are grey."""
    cats = []
    for k, (code, name_cn) in enumerate(list(categories) + [("", "未分类")]):
        colour = CATEGORY_COLOURS[k % len(CATEGORY_COLOURS)] if code else "#9e9e9e"
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour, "outline_color": "#ffffff",
                                           "size": "2.4"})
        cats.append(QgsRendererCategory(code, sym, name_cn or code))
    return QgsCategorizedSymbolRenderer("coalesce(\"category\", '')", cats)


def style_matched_layer(layer: QgsVectorLayer, categories) -> None:
    """Matched problems of cityhealth:joinreports: by category, Chinese aliases."""
    layer.setRenderer(category_renderer(categories))
    _set_aliases(layer, MATCHED_ALIASES)
    layer.setDisplayExpression(
        '"problem" || \' \' || coalesce("compound", \'\') || coalesce("building", \'\')')


def style_unmatched_layer(layer: QgsVectorLayer) -> None:
    """Unmatched reports of cityhealth:joinreports: Chinese aliases (a table, nothing to draw)."""
    _set_aliases(layer, UNMATCHED_ALIASES)
    layer.setDisplayExpression('coalesce("raw_address", \'\') || \' \' || coalesce("reason", \'\')')


def style_library_layer(layer: QgsVectorLayer, layer_name: str) -> None:
    """Layers of the address library: Chinese aliases; footprints outlined, labelled by number."""
    _set_aliases(layer, LIBRARY_LAYER_ALIASES.get(layer_name, {}))
    if layer_name == "library_buildings":
        from qgis.core import QgsSingleSymbolRenderer

        layer.setRenderer(QgsSingleSymbolRenderer(_fill("#dbe8f5")))
        _labels(layer, "building_no", 8.0, 5000)
        layer.setDisplayExpression('"compound_name" || \' \' || coalesce("building_no", \'\')')


def gpkg_layer_of(destination: str) -> Tuple[str, str]:
    """``(path, layer name)`` of a GeoPackage destination (``x.gpkg`` or ``x.gpkg|layername=y``);
    ``("", "")`` for anything else or a GeoPackage holding several layers and naming none."""
    parts = (destination or "").split("|")
    path = parts[0].strip()
    if not path.lower().endswith(".gpkg") or not os.path.isfile(path):
        return "", ""
    options = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    name = options.get("layername", "")
    if not name:
        from .io import existing_layers

        names = existing_layers(path)
        name = names[0] if len(names) == 1 else ""
    return (path, name) if name else ("", "")


Styler = Callable[[QgsVectorLayer], None]


def save_styles(gpkg_path: str, stylers: Dict[str, Tuple[str, Styler]]) -> List[str]:
    """Style layers of a GeoPackage and save each style as the layer's default (``layer_styles``);
    ``stylers``: layer name → (style title, function styling the layer). Returns the errors.

    A saved style of the same name is deleted first: QGIS 3.22 asks whether to overwrite it in a
    modal dialog (a hang in a headless run), as ledger_writer.forget_styles says."""
    from .ledger_writer import forget_styles

    forget_styles(gpkg_path, list(stylers))
    errors = []
    for name, (title, styler) in stylers.items():
        layer = QgsVectorLayer("{}|layername={}".format(gpkg_path, name), name, "ogr")
        if not layer.isValid():
            errors.append("{}: {}".format(name, layer.error().summary()))
            continue
        styler(layer)
        error = save_default_style(layer, title, "CityHealth default style")
        if error:
            errors.append("{}: {}".format(name, error))
        del layer
    from .io import finalize_gpkg

    try:
        finalize_gpkg(gpkg_path)  # saving switched the file to WAL: fold it back
    except (RuntimeError, sqlite3.Error) as error:
        errors.append(str(error))
    return errors


_OUTPUT_POST_PROCESSORS: List["OutputPostProcessor"] = []  # keep instances alive (QGIS pitfall)


class OutputPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles a join output or an address library layer once Processing loaded it: the default style
    saved in its GeoPackage, or (CSV, XLSX, memory) the style made on the spot."""

    def __init__(self, styler: Styler, gpkg_path: str = "", layer_name: str = ""):
        super().__init__()
        self.styler = styler
        self.gpkg_path = gpkg_path
        self.layer_name = layer_name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if not isinstance(layer, QgsVectorLayer):
            return
        if not (self.gpkg_path and apply_default_style(layer, self.gpkg_path, self.layer_name)):
            self.styler(layer)
            layer.triggerRepaint()

    @classmethod
    def create(cls, styler, gpkg_path: str = "", layer_name: str = "") -> "OutputPostProcessor":
        instance = cls(styler, gpkg_path, layer_name)
        _OUTPUT_POST_PROCESSORS.append(instance)
        del _OUTPUT_POST_PROCESSORS[:-64]
        return instance


def style_output(destination: str, styler: Callable[[QgsVectorLayer], None], title: str, context,
                 feedback=None) -> None:
    """Give a finished sink output its style: saved as default in a GeoPackage destination, applied
    on load (post-processor) wherever Processing loads it, or applied to a temporary layer."""
    path, name = gpkg_layer_of(destination)
    if path:
        errors = save_styles(path, {name: (title, styler)})
        if errors and feedback is not None:
            feedback.pushWarning("; ".join(errors))
    elif context.temporaryLayerStore().mapLayer(destination) is not None:
        styler(context.temporaryLayerStore().mapLayer(destination))
    if context.willLoadLayerOnCompletion(destination):
        details = context.layerToLoadOnCompletionDetails(destination)
        details.setPostProcessor(OutputPostProcessor.create(styler, path, name))


def style_join_outputs(dest: str, udest: str, categories, context, feedback=None) -> None:
    """cityhealth:joinreports: matched points (``匹配结果_*.gpkg``) and the unmatched table, styled."""
    style_output(dest, lambda layer: style_matched_layer(layer, categories), "匹配结果", context, feedback)
    style_output(udest, style_unmatched_layer, "未匹配", context, feedback)


def style_library(gpkg_path: str, context, feedback=None) -> None:
    """cityhealth:addresslibrary: every layer of ``地址库.gpkg`` styled and aliased, saved as default."""
    from .io import existing_layers

    present = existing_layers(gpkg_path)
    stylers = {name: (LIBRARY_TITLES[name], (lambda n: lambda layer: style_library_layer(layer, n))(name))
               for name in LIBRARY_LAYER_ALIASES if name in present}
    errors = save_styles(gpkg_path, stylers)
    if errors and feedback is not None:
        feedback.pushWarning("; ".join(errors))


# --- assessment layers (cityhealth:assess) -------------------------------------------------------
GRADE_COLOURS = {"很好": "#1a9850", "较好": "#91cf60", "一般": "#fee08b", "较差": "#d73027"}
ASSESSMENT_ALIASES = {"name": "名称", "round": "体检轮次", "level": "层级", "score": "综合得分",
                      "grade": "等级", "short_boards": "短板指标", "notes": "说明（无法计算的原因）",
                      "problems_total": "问题总数", "problems_citizen": "市民反映问题数"}


def style_assessment_layer(layer: QgsVectorLayer, aliases: Dict[str, str]) -> None:
    """Units coloured by grade (很好 → 较差, grey when not graded), Chinese aliases, name labels."""
    cats = [QgsRendererCategory(grade, _fill(colour), grade) for grade, colour in GRADE_COLOURS.items()]
    cats.append(QgsRendererCategory(None, _fill("#bdbdbd"), "无法评定"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("grade", cats))
    _set_aliases(layer, dict(ASSESSMENT_ALIASES, **aliases))
    _labels(layer, "name", 9.0)
