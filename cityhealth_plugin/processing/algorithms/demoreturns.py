"""cityhealth:demoreturns — the demo's returned work orders, filled deterministically from a seed."""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from ...core.closedloop.demo_returns import BAD_KINDS, fill_returned
from ...core.messages import CityHealthError
from ..base import CityHealthAlgorithm, processing_error


class DemoReturnsAlgorithm(CityHealthAlgorithm):
    """Simulate departments returning their work orders (demo and tests)."""

    ALG_ID = "demoreturns"
    GROUP = "data"

    INPUT = "INPUT"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    FILES = "FILES"
    FILLED = "FILLED"
    BAD = "BAD"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Demo: fill returned work orders")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "For the demo and for trying the closed loop: copies every work order of the input folder to "
            "<name>_回执.xlsx in the output folder and fills about two thirds of the rows as a department "
            "would (整改中, 已整改 with a date after dispatch, some 无法整改 and 非本部门职责 with or "
            "without "
            "a department to re-route to, formula-like notes). Every 29th filled row is deliberately "
            "bad, one kind after the other: an unknown 问题编号, a forbidden change (已派单 → 已复核), "
            "a date "
            "in the future, a date before the problem was found, an unreadable date — "
            "cityhealth:importstatus rejects them. The same seed and work orders give the same files.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Folder of work orders"), QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Seed"), QgsProcessingParameterNumber.Integer, 2024))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT, self.tr("Folder of returned work orders")))
        self.addOutput(QgsProcessingOutputNumber(self.FILES, self.tr("Files written")))
        self.addOutput(QgsProcessingOutputNumber(self.FILLED, self.tr("Rows filled")))
        self.addOutput(QgsProcessingOutputNumber(self.BAD, self.tr("Deliberately bad rows")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.parameterAsFile(parameters, self.INPUT, context)
        if not folder or not os.path.isdir(folder):
            raise QgsProcessingException(self.tr("The work order folder {0} does not exist.").format(folder))
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            seed = self.parameterAsInt(parameters, self.SEED, context)
            summary = fill_returned(folder, out, seed, feedback)
        except CityHealthError as error:
            raise processing_error(error) from None
        bad = sum(summary.bad.values())
        feedback.pushInfo(self.tr("{0} returned work orders, {1} rows filled, {2} of them bad ({3}).").format(
            summary.files, summary.filled, bad,
            ", ".join("{} {}".format(k, summary.bad[k]) for k in BAD_KINDS if summary.bad[k])))
        return {self.OUTPUT: out, self.FILES: summary.files, self.FILLED: summary.filled, self.BAD: bad}
