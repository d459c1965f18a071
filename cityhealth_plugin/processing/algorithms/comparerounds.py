"""cityhealth:comparerounds — new / persisting / resolved / recurred problems between two rounds."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
)

from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.closedloop import compare as cmp
from ...core.closedloop.history import Ledger
from ...core.messages import CityHealthError
from ..base import CityHealthAlgorithm, processing_error
from ..closedloop_ledger import (
    append_rows,
    check_ledger,
    delete_rows,
    modify_ledger,
    read_history,
    read_problems,
)

LABEL_SPEC = tuple(schema.ROUND_COMPARISON_FIELDS.items())
COUNT_SPEC = tuple(schema.ROUND_COMPARISON_COUNT_FIELDS.items())


class CompareRoundsAlgorithm(CityHealthAlgorithm):
    """Label each problem of two rounds new, persisting, resolved or recurred."""

    ALG_ID = "comparerounds"
    GROUP = "loop"

    LEDGER = "LEDGER"
    ROUND_FROM = "ROUND_FROM"
    ROUND_TO = "ROUND_TO"
    NEW = "NEW"
    PERSISTING = "PERSISTING"
    RESOLVED = "RESOLVED"
    RECURRED = "RECURRED"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Compare two rounds (new, persisting, resolved, recurred)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Compares the problems of two rounds of the ledger. A problem of ROUND_FROM and one of ROUND_TO "
            "are the same problem when they concern the same building (for a compound-level problem: the "
            "same compound) and the same catalogue item (problem_code), and their units agree where both "
            "give one; they pair one to one (same unit first).\n\n"
            "Labels: new (in ROUND_TO only), persisting (in both, and the earlier one was not fixed), "
            "recurred (in both, and the earlier one had been fixed: 已整改 or 已复核 — its current state "
            "after the imported status), resolved (in ROUND_FROM only: not found again).\n\n"
            "Writes the labels into the ledger table round_comparison and the counts per building, "
            "compound and block into round_comparison_counts (rows of the same two rounds are replaced; "
            "a pair counts once). The ledger is replaced atomically.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage"), extension="gpkg"))
        for name, label, default in ((self.ROUND_FROM, self.tr("Earlier round"), 2024),
                                     (self.ROUND_TO, self.tr("Later round"), 2025)):
            self.addParameter(QgsProcessingParameterNumber(
                name, label, QgsProcessingParameterNumber.Integer, default, False, 1900, 2200))
        for name, label in ((self.NEW, self.tr("New problems")),
                            (self.PERSISTING, self.tr("Persisting problems")),
                            (self.RESOLVED, self.tr("Resolved problems")),
                            (self.RECURRED, self.tr("Recurred problems"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.LEDGER, context)
        check_ledger(path)
        r_from = self.parameterAsInt(parameters, self.ROUND_FROM, context)
        r_to = self.parameterAsInt(parameters, self.ROUND_TO, context)
        if r_from == r_to:
            raise QgsProcessingException(self.tr("Choose two different rounds."))
        try:
            problems = read_problems(path, [r_from, r_to], feedback)
            before = [p for p in problems if p.round == r_from]
            after = [p for p in problems if p.round == r_to]
            for rnd, rows in ((r_from, before), (r_to, after)):
                if not rows:
                    raise QgsProcessingException(
                        self.tr("The ledger holds no problem of round {0}.").format(rnd))
            ledger = Ledger(problems, read_history(path), load_catalogue())
            labels = cmp.compare(before, after, ledger.current, feedback)
        except CityHealthError as error:
            raise processing_error(error) from None
        totals = cmp.totals(labels, r_to)
        units = cmp.counts_per_unit(labels, ledger.problems, r_to)
        where = '"round_from" = {} AND "round_to" = {}'.format(r_from, r_to)
        with modify_ledger(path, feedback) as copy:
            delete_rows(copy, schema.LAYER_ROUND_COMPARISON, where)
            delete_rows(copy, schema.LAYER_ROUND_COMPARISON_COUNTS, where)
            append_rows(copy, schema.LAYER_ROUND_COMPARISON, LABEL_SPEC, (
                [r_from, r_to, lab.problem_uid, lab.round, lab.label, cmp.LABELS_CN[lab.label],
                 lab.partner_uid,
                 lab.identity] for lab in labels))
            append_rows(copy, schema.LAYER_ROUND_COMPARISON_COUNTS, COUNT_SPEC, (
                [r_from, r_to, level, unit] + [c[k] for k in cmp.LABELS] for level, unit, c in units))
        feedback.pushInfo(self.tr("{0} → {1}: {2} new, {3} persisting, {4} resolved, {5} recurred.").format(
            r_from, r_to, totals["new"], totals["persisting"], totals["resolved"], totals["recurred"]))
        return {self.NEW: totals["new"], self.PERSISTING: totals["persisting"],
                self.RESOLVED: totals["resolved"], self.RECURRED: totals["recurred"]}
