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
from typing import Dict, List, Optional

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsCategorizedSymbolRenderer,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsProperty,
    QgsRelation,
    QgsRelationContext,
    QgsRendererCategory,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont
from qgis.PyQt.QtXml import QDomDocument

from ..core import schema
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
    """External Resource widget showing images, paths stored relative to the GeoPackage folder."""
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
    gpkg_dir = os.path.dirname(os.path.abspath(gpkg_path))
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


def _range_rules(renderer: QgsGraduatedSymbolRenderer) -> List["QgsRuleBasedRenderer.Rule"]:
    """One rule per class, matching exactly as the graduated renderer does (a value goes to the first
    class with lower <= value <= upper; QgsRuleBasedRenderer.convertFromRenderer uses lower < value
    from the second class on, which loses whole numbers on the class bounds)."""
    value = "({})".format(renderer.classAttribute())
    rules = []
    previous_upper = None
    for rng in renderer.ranges():
        parts = ["{} >= {!r}".format(value, float(rng.lowerValue())),
                 "{} <= {!r}".format(value, float(rng.upperValue()))]
        if previous_upper is not None:
            parts.append("{} > {!r}".format(value, float(previous_upper)))
        previous_upper = rng.upperValue()
        rules.append(QgsRuleBasedRenderer.Rule(rng.symbol().clone(), 0, 0, " AND ".join(parts), rng.label()))
    return rules


def show_round_only(layer: QgsVectorLayer, round_no: int) -> None:
    """Draw and label only the features of ``round_no`` without a subset string on the layer.

    The layer's renderer becomes a rule-based one whose single top rule keeps the round and holds
    the former renderer's classes as children; simple labels get a data-defined "show" expression.
    """
    expression = round_filter(round_no)
    renderer = layer.renderer()
    if renderer is not None:
        if isinstance(renderer, QgsGraduatedSymbolRenderer):
            children = _range_rules(renderer)
        else:
            converted = QgsRuleBasedRenderer.convertFromRenderer(renderer)
            children = [c.clone() for c in converted.rootRule().children()] if converted else []
        if children:
            root = QgsRuleBasedRenderer.Rule(None)
            top = QgsRuleBasedRenderer.Rule(None, 0, 0, expression, "第{}轮".format(int(round_no)))
            for child in children:
                top.appendChild(child)
            root.appendChild(top)
            layer.setRenderer(QgsRuleBasedRenderer(root))
    labeling = layer.labeling()
    if isinstance(labeling, QgsVectorLayerSimpleLabeling):
        settings = QgsPalLayerSettings(labeling.settings())
        properties = settings.dataDefinedProperties()
        properties.setProperty(QgsPalLayerSettings.Show, QgsProperty.fromExpression(expression))
        settings.setDataDefinedProperties(properties)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))


class LedgerPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Runs on each ledger layer after Processing added it to the project: draws and labels only
    the round just built and, when both problems and photos are in, adds their relation and form.

    The round is not filtered with a subset string: with two layers of one GeoPackage both given a
    subset string, QGIS's OGR provider (3.22 and 3.40 alike) fails on the second one with "unable to
    open database file" (feature count -1, errors in the log). The filter goes into the renderer and
    the labels instead (:func:`show_round_only`); the attribute table shows every round."""

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
        if self.layer_name != schema.LAYER_RUNS and layer.fields().indexOf("round") >= 0:
            show_round_only(layer, self.round_no)
        if self.layer_name == schema.LAYER_PHOTOS:
            style_photo_layer(layer, os.path.dirname(os.path.abspath(self.gpkg_path)))
        project = context.project() or QgsProject.instance()
        link_problems_and_photos(project, self.gpkg_path)

    @classmethod
    def create(cls, gpkg_path: str, round_no: int, layer_name: str) -> "LedgerPostProcessor":
        instance = cls(gpkg_path, round_no, layer_name)
        _POST_PROCESSORS.append(instance)
        del _POST_PROCESSORS[:-64]  # bounded: the newest runs' instances stay alive
        return instance


# --- assessment layers (cityhealth:assess) -------------------------------------------------------
GRADE_COLOURS = {"很好": "#1a9850", "较好": "#91cf60", "一般": "#fee08b", "较差": "#d73027"}
ASSESSMENT_ALIASES = {"name": "名称", "round": "体检轮次", "level": "层级", "score": "综合得分",
                      "grade": "等级", "short_boards": "短板指标", "notes": "说明（无法计算的原因）"}


def style_assessment_layer(layer: QgsVectorLayer, aliases: Dict[str, str]) -> None:
    """Units coloured by grade (很好 → 较差, grey when not graded), Chinese aliases, name labels."""
    cats = [QgsRendererCategory(grade, _fill(colour), grade) for grade, colour in GRADE_COLOURS.items()]
    cats.append(QgsRendererCategory(None, _fill("#bdbdbd"), "无法评定"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("grade", cats))
    _set_aliases(layer, dict(ASSESSMENT_ALIASES, **aliases))
    _labels(layer, "name", 9.0)
