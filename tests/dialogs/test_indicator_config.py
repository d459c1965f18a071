"""The indicator configuration dialog: edits are validated, saved with the project, and survive reload."""

from __future__ import annotations

import json

from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt

from cityhealth_plugin.core.indicators.config import load_config
from cityhealth_plugin.dialogs.indicator_config import COLUMNS, IndicatorConfigDialog
from cityhealth_plugin.processing.indicator_project import resolve_config


def cell(dialog, code, key):
    return dialog.table.item(dialog.row_of(code), COLUMNS.index(key))


def test_edit_save_reload_values_survive(qgis_iface, tmp_path):
    project = QgsProject()
    project.setFileName(str(tmp_path / "科尔沁体检.qgz"))
    dialog = IndicatorConfigDialog(qgis_iface, project)
    assert dialog.table.rowCount() == 61
    cell(dialog, "IND-BLOCK-026", "standard").setText("80")
    cell(dialog, "IND-COMM-013", "radius").setText("500")
    cell(dialog, "IND-CITY-031", "enabled").setCheckState(Qt.CheckState.Checked)
    assert dialog.last_error == ""
    saved = dialog.save_to_project()
    assert saved.endswith("科尔沁体检_指标配置.json")
    assert project.write()
    reloaded_project = QgsProject()
    assert reloaded_project.read(str(tmp_path / "科尔沁体检.qgz"))
    again = IndicatorConfigDialog(qgis_iface, reloaded_project)
    assert again.value("IND-BLOCK-026", "standard") == 80.0
    assert cell(again, "IND-BLOCK-026", "standard").text() == "80"
    assert again.value("IND-COMM-013", "params")["targets"][0]["radius"] == 500.0
    assert again.value("IND-CITY-031", "enabled") is True
    # what assess uses with an empty CONFIG: the project's configuration
    config, source = resolve_config("", reloaded_project)
    assert source == "project" and next(i for i in config["indicators"]
                                        if i["code"] == "IND-BLOCK-026")["standard"] == 80.0
    assert json.loads(open(saved, encoding="utf-8").read())["indicators"][25]["standard"] == 80.0


def test_invalid_edits_are_refused_with_a_message_naming_the_entry(qgis_iface):
    dialog = IndicatorConfigDialog(qgis_iface, QgsProject())
    cell(dialog, "IND-BLOCK-026", "red").setText("95")  # red above the standard of a higher-better indicator
    assert "IND-BLOCK-026" in dialog.last_error and "wrong side" in dialog.last_error
    assert cell(dialog, "IND-BLOCK-026", "red").text() == "60"  # the cell went back
    assert dialog.value("IND-BLOCK-026", "red") == 60
    cell(dialog, "IND-COMM-013", "radius").setText("-300")
    assert "IND-COMM-013" in dialog.last_error and "negative" in dialog.last_error
    assert cell(dialog, "IND-COMM-013", "radius").text() == "300"
    params = cell(dialog, "IND-COMM-011", "params")
    params.setText(params.text().replace("elderly_care", "养老院"))
    assert "unknown facility type" in dialog.last_error
    assert dialog.value("IND-COMM-011", "params")["targets"][0]["types"] == ["elderly_care"]
    cell(dialog, "IND-HOUSE-001", "weight").setText("很重要")
    assert "weight" in dialog.last_error and dialog.value("IND-HOUSE-001", "weight") == 2


def test_local_indicator_import_export_and_reset(qgis_iface, tmp_path):
    dialog = IndicatorConfigDialog(qgis_iface, QgsProject())
    code = dialog.add_local_indicator(like="IND-COMM-021")
    assert code == "LOCAL-001" and dialog.table.rowCount() == 62
    assert dialog.value(code, "kind") == "attribute" and dialog.value(code, "local") is True
    cell(dialog, code, "name_cn").setText("无电梯的多层住宅小区数量")
    out = tmp_path / "本地指标.json"
    dialog.export_file(str(out))
    assert load_config(str(out))["indicators"][-1]["name_cn"] == "无电梯的多层住宅小区数量"
    dialog.reset_to_default()
    assert dialog.table.rowCount() == 61
    assert dialog.import_file(str(out)) and dialog.table.rowCount() == 62
    bad = tmp_path / "坏.json"
    bad.write_text('{"indicators": [{"code": "IND-HOUSE-001"}]}', encoding="utf-8")
    assert not dialog.import_file(str(bad))
    assert "entry 1 (IND-HOUSE-001)" in dialog.last_error and dialog.table.rowCount() == 62


def test_the_distance_kind_is_edited_in_the_parameters(qgis_iface):
    dialog = IndicatorConfigDialog(qgis_iface, QgsProject())
    params = cell(dialog, "IND-BLOCK-023", "params")
    assert '"distance": "euclidean"' in params.text()  # shown with the other parameters
    params.setText(params.text().replace('"euclidean"', '"network"'))
    assert dialog.last_error == "" and dialog.value("IND-BLOCK-023", "params")["distance"] == "network"
    params = cell(dialog, "IND-BLOCK-023", "params")
    params.setText(params.text().replace('"network"', '"步行"'))
    assert "IND-BLOCK-023" in dialog.last_error and "params.distance" in dialog.last_error
    assert dialog.value("IND-BLOCK-023", "params")["distance"] == "network"  # refused, kept
