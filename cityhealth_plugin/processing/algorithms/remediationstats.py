"""cityhealth:remediationstats — rectification statistics per department, district, street and round."""

from __future__ import annotations

import datetime

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.closedloop import stats
from ...core.closedloop.history import Ledger, parse_date
from ...core.closedloop.workbook import write_table_workbook
from ...core.messages import CityHealthError
from ..base import CityHealthAlgorithm, processing_error
from ..closedloop_ledger import check_ledger, open_table, read_history, read_problems, read_table
from ..io import make_fields, to_int, to_text

MEASURE_TYPES = {"assigned": int, "fixed": int, "verified": int, "rate": float, "overdue": int,
                 "median_days": float, "reopened": int, "recurred": int}
SHEETS = (("按责任部门", ("department", "round"), ("责任部门", "轮次")),
          ("按区", ("district", "round"), ("区", "轮次")),
          ("按街道", ("district", "street", "round"), ("区", "街道", "轮次")),
          ("按轮次", ("round",), ("轮次",)))


class RemediationStatsAlgorithm(CityHealthAlgorithm):
    """Assigned, fixed, verified, rate, overdue, median days to fix, reopened and recurred counts."""

    ALG_ID = "remediationstats"
    GROUP = "loop"

    LEDGER = "LEDGER"
    ROUND = "ROUND"
    AS_OF = "AS_OF"
    OUTPUT = "OUTPUT"
    BLOCKS = "BLOCKS"
    DISTRICTS = "DISTRICTS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Remediation statistics")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Statistics of the closed loop from the ledger's problem_history, per responsible department, "
            "district, street and round (one sheet each in the .xlsx): assigned (problems dispatched), "
            "fixed (assigned and now 已整改 or 已复核), verified (now 已复核), rectification rate (fixed ÷ "
            "assigned), overdue (assigned, not 已整改/已复核/无法整改, and past the 整改期限 of the dispatch "
            "in force on AS_OF), median days from that dispatch to the last 已整改, reopened (problems "
            "that went from 已整改/已复核 back to 整改中) and recurred (problems of the later round that "
            "comparerounds labelled recurred).\n\n"
            "The block and district layers carry the same figures for ROUND on the ledger's block and "
            "district polygons, for maps. AS_OF is YYYY-MM-DD (empty: today).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round of the block and district layers"),
            QgsProcessingParameterNumber.Integer, 2024, False, 1900, 2200))
        self.addParameter(QgsProcessingParameterString(
            self.AS_OF, self.tr("Overdue as of (YYYY-MM-DD; empty: today)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Statistics workbook"), self.tr("Excel workbook (*.xlsx)")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.BLOCKS, self.tr("Statistics per block"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.DISTRICTS, self.tr("Statistics per district"), QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.LEDGER, context)
        check_ledger(path)
        round_no = self.parameterAsInt(parameters, self.ROUND, context)
        text = (self.parameterAsString(parameters, self.AS_OF, context) or "").strip()
        as_of = parse_date(text) if text else datetime.date.today()
        if as_of is None:
            raise QgsProcessingException(self.tr("AS_OF «{0}» is not a date (YYYY-MM-DD).").format(text))
        try:
            catalogue = load_catalogue()
            ledger = Ledger(read_problems(path, None, feedback), read_history(path), catalogue)
            recurred = [to_text(r["problem_uid"]) for r in read_table(path, schema.LAYER_ROUND_COMPARISON)
                        if r["label"] == "recurred" and to_int(r["round"]) == to_int(r["round_to"])]
            facts = stats.facts(ledger, catalogue, as_of, recurred, feedback)
        except CityHealthError as error:
            raise processing_error(error) from None
        headers_cn = [stats.MEASURES_CN[m] for m in stats.MEASURES]
        sheets = []
        for title, keys, key_headers in SHEETS:
            rows = [list(key) + [s.as_dict()[m] for m in stats.MEASURES]
                    for key, s in stats.group(facts, keys).items()]
            sheets.append((title, list(key_headers) + headers_cn, rows))
        out_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        write_table_workbook(out_path, sheets, percent_columns=(stats.MEASURES_CN["rate"],))
        this_round = [f for f in facts if f.round == round_no]
        results = {self.OUTPUT: out_path}
        for param, level, key in ((self.BLOCKS, "block", "block_id"),
                                  (self.DISTRICTS, "district", "district_code")):
            results[param] = self._layer(parameters, context, param, path, schema.ledger_layer(level), key,
                                         round_no, stats.group(this_round, (key,)))
        total = stats.group(facts, ("round",))
        for (rnd,), s in total.items():
            feedback.pushInfo(self.tr("Round {0}: {1} assigned, {2} fixed ({3:.1%}), {4} verified, "
                                      "{5} overdue, "
                                      "{6} reopened, {7} recurred.").format(
                rnd, s.assigned, s.fixed, s.rate, s.verified, s.overdue, s.reopened, s.recurred))
        return results

    def _layer(self, parameters, context, param, path, layer_name, key, round_no, grouped):
        spec = [(key, str), ("name", str), ("round", int)] + [(m, MEASURE_TYPES[m]) for m in stats.MEASURES]
        fields = make_fields(spec)
        units = open_table(path, layer_name)
        sink, dest = self.parameterAsSink(parameters, param, context, fields, QgsWkbTypes.MultiPolygon,
                                          units.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, param))
        request = QgsFeatureRequest().setFilterExpression('"round" = {}'.format(int(round_no)))
        feats = []
        empty = stats.Stats().as_dict()
        for f in units.getFeatures(request):
            unit = to_text(f[key])
            figures = grouped.get((unit,))
            values = figures.as_dict() if figures else empty
            out = QgsFeature(fields)
            geom = f.geometry()
            if geom is not None and not geom.isEmpty():
                geom.convertToMultiType()
                out.setGeometry(geom)
            out.setAttributes([unit, to_text(f["name"]), round_no] + [values[m] for m in stats.MEASURES])
            feats.append(out)
        del units
        if feats and not sink.addFeatures(feats, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, param))
        return dest
