"""Plugins → 城市体检 → Export maps…: atlases and thematic maps from the ledger.

The dialog only collects parameters and runs ``cityhealth:atlas`` or ``cityhealth:thematicmaps``.
Layouts must be drawn on the main thread (both algorithms say ``FlagNoThreading``, as QGIS's own
layout export algorithms do; drawn from a worker thread they crashed QGIS later), so the export runs
on the main thread like QGIS's layout designer does it: a ``QgsProxyProgressTask`` shows it in the
task manager with its progress, the dialog's progress bar follows, events are processed between
pages so the dialog stays responsive, and *Cancel* stops it before the next page (no partial
file is left). *Preview* runs the atlas on the first unit only and shows its page.
"""

from __future__ import annotations

import os
import tempfile
from typing import Dict, Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsProxyProgressTask,
)
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

ATLAS = "cityhealth:atlas"
THEMATIC = "cityhealth:thematicmaps"


class MapExportDialog(QDialog):
    """Choose what to print, then export it in a background task."""

    def __init__(self, iface=None, parent=None, ledger: str = ""):
        super().__init__(parent)
        self.iface = iface
        self.task: Optional[QgsProxyProgressTask] = None
        self.feedback: Optional[QgsProcessingFeedback] = None
        self.context: Optional[QgsProcessingContext] = None
        self.results: Dict = {}
        self.succeeded: Optional[bool] = None
        self._preview_path = ""
        self.setWindowTitle(self.tr("Export maps"))
        self.resize(720, 560)
        layout = QHBoxLayout(self)
        left = QWidget(self)
        form = QFormLayout(left)
        self.ledger = QgsFileWidget(self)
        self.ledger.setFilter("GeoPackage (*.gpkg)")
        self.ledger.setFilePath(ledger)
        form.addRow(self.tr("Ledger"), self.ledger)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Atlas (PDF)"), ATLAS)
        self.kind.addItem(self.tr("Thematic maps (PNG and PDF)"), THEMATIC)
        form.addRow(self.tr("What"), self.kind)
        self.level = QComboBox(self)
        for key, text in (
            ("block", self.tr("Block")),
            ("compound", self.tr("Compound")),
            ("community", self.tr("Community")),
        ):
            self.level.addItem(text, key)
        form.addRow(self.tr("Level"), self.level)
        self.round = QSpinBox(self)
        self.round.setRange(0, 2100)
        self.round.setSpecialValueText(self.tr("latest"))
        form.addRow(self.tr("Round"), self.round)
        self.fields = QLineEdit(self)
        self.fields.setPlaceholderText(self.tr("ind_house_001, cat_gas … (empty = all)"))
        form.addRow(self.tr("Indicators"), self.fields)
        self.template = QComboBox(self)
        self.template.addItem(self.tr("A3 landscape"), "a3_landscape")
        self.template.addItem(self.tr("A4 portrait"), "a4_portrait")
        self.template.setEditable(True)
        self.template.setToolTip(self.tr("A shipped template or the path of your own .qpt"))
        form.addRow(self.tr("Template"), self.template)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText('"red_warnings" > 0')
        form.addRow(self.tr("Filter"), self.filter)
        self.quality = QComboBox(self)
        self.quality.addItem(self.tr("Screen (150 dpi)"), 0)
        self.quality.addItem(self.tr("Print (300 dpi)"), 1)
        form.addRow(self.tr("Format"), self.quality)
        self.folder = QgsFileWidget(self)
        self.folder.setStorageMode(QgsFileWidget.GetDirectory)
        form.addRow(self.tr("Output folder"), self.folder)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        form.addRow(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        form.addRow(self.status)
        self.buttons = QDialogButtonBox(self)
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.run_button = QPushButton(self.tr("Export"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        for button in (self.preview_button, self.run_button, self.cancel_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        form.addRow(self.buttons)
        layout.addWidget(left, 3)
        self.preview = QLabel(self.tr("Preview of the first page"), self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(260)
        self.preview.setFrameShape(QLabel.Shape.Box)
        right = QVBoxLayout()
        right.addWidget(self.preview)
        layout.addLayout(right, 2)
        self.preview_button.clicked.connect(self.start_preview)
        self.run_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("MapExportDialog", text)

    # --- parameters --------------------------------------------------------------------------
    def parameters(self, kind: Optional[str] = None) -> Dict:
        """The parameters of algorithm ``kind`` (default: the chosen one) from the widgets."""
        folder = self.folder.filePath() or tempfile.gettempdir()
        level = self.level.currentData()
        common = {
            "LEDGER": self.ledger.filePath(),
            "LEVEL": self.level.currentIndex(),
            "ROUND": self.round.value(),
            "QUALITY": self.quality.currentData(),
        }
        if (kind or self.kind.currentData()) == THEMATIC:
            return dict(common, FIELDS=self.fields.text().strip(), OUTPUT=folder)
        template = (
            self.template.currentData()
            if self.template.currentText() == self.template.itemText(self.template.currentIndex())
            else self.template.currentText()
        )
        names = {"block": "街区图集", "compound": "小区图集", "community": "社区图集"}
        name = "{}_{}.pdf".format(names[level], self.round.value() or "latest")
        return dict(
            common,
            FILTER=self.filter.text().strip(),
            TEMPLATE=template or "a3_landscape",
            OUTPUT=os.path.join(folder, name),
        )

    # --- running -----------------------------------------------------------------------------
    def start_preview(self) -> None:
        params = self.parameters(ATLAS)
        handle, self._preview_path = tempfile.mkstemp(suffix=".png")
        os.close(handle)
        preview_dir = tempfile.mkdtemp(prefix="cityhealth_preview_")
        params.update(
            {
                "LIMIT": 1,
                "PREVIEW": self._preview_path,
                "SPLIT": 0,
                "OUTPUT": os.path.join(preview_dir, "preview.pdf"),
            }
        )
        self._start(ATLAS, params, preview=True)

    def start_export(self) -> None:
        self._start(self.kind.currentData(), self.parameters(), preview=False)

    def _start(self, algorithm_id: str, params: Dict, preview: bool) -> None:
        if not params.get("LEDGER") or not os.path.exists(params["LEDGER"]):
            self.status.setText(self.tr("Choose the ledger GeoPackage first."))
            return
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
        if algorithm is None:
            self.status.setText(self.tr("The algorithm {id} is not available.").format(id=algorithm_id))
            return
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = QgsProcessingFeedback()
        self.feedback.progressChanged.connect(self._progress)
        if Qgis.QGIS_VERSION_INT >= 32600:  # the task manager's cancel button exists from QGIS 3.26
            self.task = QgsProxyProgressTask(self.windowTitle(), True)
            self.task.canceled.connect(self.cancel)
        else:
            self.task = QgsProxyProgressTask(self.windowTitle())
        QgsApplication.taskManager().addTask(self.task)
        self.succeeded = None
        self.results = {}
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("Preparing the preview…") if preview else self.tr("Exporting…"))
        QCoreApplication.processEvents()
        ok, results = False, {}
        try:
            results, ok = algorithm.run(params, self.context, self.feedback)
        finally:
            self.task.finalize(bool(ok))
        self._finished(bool(ok), results, preview)

    def _progress(self, value: float) -> None:
        """Per page: the bar, the task manager, and the dialog's events (Cancel)."""
        self.progress.setValue(int(value))
        if self.task is not None:
            self.task.setProxyProgress(value)
        QCoreApplication.processEvents()

    def cancel(self) -> None:
        if self.feedback is not None:
            self.feedback.cancel()

    def _finished(self, ok: bool, results: Dict, preview: bool) -> None:
        self.succeeded = bool(ok)
        self.results = dict(results or {})
        self.run_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.task = None
        if not ok:
            cancelled = self.feedback is not None and self.feedback.isCanceled()
            self.status.setText(
                self.tr("Cancelled: nothing was written.")
                if cancelled
                else self.tr("The export failed; see the Processing log.")
            )
            return
        if preview:
            pixmap = QPixmap(self._preview_path)
            if not pixmap.isNull():
                self.preview.setPixmap(
                    pixmap.scaled(
                        self.preview.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            self.status.setText(self.tr("Preview of the first unit page."))
            return
        self.progress.setValue(100)
        files = self.results.get("FILES") or []
        self.status.setText(
            self.tr("Wrote {n} files into {folder}.").format(
                n=len(files), folder=os.path.dirname(files[0]) if files else ""
            )
        )
