"""The map export dialog runs cityhealth:atlas in a background task, with preview and progress."""

from __future__ import annotations

import os
import time

from tests.processing.atlas_fixture import build_ledger


def wait_for(dialog, timeout=120.0):
    from qgis.core import QgsApplication

    start = time.monotonic()
    while dialog.succeeded is None and time.monotonic() - start < timeout:
        QgsApplication.processEvents()
        time.sleep(0.02)
    return dialog.succeeded


def test_dialog_exports_an_atlas_in_a_task_and_previews(plugin, qgis_iface, tmp_path):
    from cityhealth_plugin.dialogs.map_export import MapExportDialog

    ledger = build_ledger(str(tmp_path / "台账"))
    dialog = MapExportDialog(qgis_iface, ledger=ledger)
    dialog.folder.setFilePath(str(tmp_path / "导出"))
    dialog.round.setValue(2025)
    dialog.filter.setText('"problems_total" > 0')
    dialog.preview_button.click()
    assert wait_for(dialog) is True
    assert not dialog.preview.pixmap().isNull()
    seen = []
    dialog.progress.valueChanged.connect(
        lambda value: seen.append((value, dialog.run_button.isEnabled(), dialog.cancel_button.isEnabled())))
    dialog.run_button.click()
    assert wait_for(dialog) is True
    assert dialog.progress.value() == 100
    # progress per page while the export ran, with Export disabled and Cancel enabled
    assert len({v for v, _r, _c in seen if 0 < v < 100}) >= 3
    assert all(not run and cancel for v, run, cancel in seen if 0 < v < 100)
    out = os.path.join(str(tmp_path / "导出"), "街区图集_2025.pdf")
    assert dialog.results["FILES"] == [out] and os.path.exists(out)
    assert dialog.results["UNITS"] == 2


def test_dialog_cancel_leaves_no_pdf(plugin, qgis_iface, tmp_path):
    from cityhealth_plugin.dialogs.map_export import MapExportDialog

    ledger = build_ledger(str(tmp_path / "台账"))
    dialog = MapExportDialog(qgis_iface, ledger=ledger)
    folder = tmp_path / "导出"
    dialog.folder.setFilePath(str(folder))
    dialog.round.setValue(2025)
    dialog.progress.valueChanged.connect(lambda value: dialog.cancel_button.click() if value > 40 else None)
    dialog.run_button.click()
    assert wait_for(dialog) is False
    assert not folder.exists() or os.listdir(str(folder)) == []
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_dialog_thematic_maps(plugin, qgis_iface, tmp_path):
    from cityhealth_plugin.dialogs.map_export import THEMATIC, MapExportDialog

    ledger = build_ledger(str(tmp_path / "台账"))
    dialog = MapExportDialog(qgis_iface, ledger=ledger)
    dialog.kind.setCurrentIndex(dialog.kind.findData(THEMATIC))
    dialog.fields.setText("cat_gas")
    dialog.folder.setFilePath(str(tmp_path / "专题图"))
    dialog.run_button.click()
    assert wait_for(dialog) is True
    assert sorted(os.listdir(str(tmp_path / "专题图"))) == ["cat_gas_燃气安全.pdf", "cat_gas_燃气安全.png"]


def test_menu_has_the_export_entry(plugin, qgis_iface):
    plugin.initGui()
    try:
        texts = [action.text() for _menu, action in plugin.actions]
        assert plugin.tr("Export maps…") in texts
    finally:
        plugin.unload()
        plugin.initProcessing()
