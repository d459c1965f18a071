"""How a corpus case is run: through its algorithm (``processing.run``) or its core reader.

Every runner returns an :class:`Outcome`: the text a planner sees (log lines and the error, if
any), the accounting (rows in, rows out, rows reported) and the outputs' attribute rows, so that a
case can assert what it proves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass
class Outcome:
    text: str = ""  # every log line and the error message, one per line
    error: str = ""  # the QgsProcessingException / CityHealthError message, "" when the run succeeded
    rows_in: Optional[int] = None
    rows_out: Optional[int] = None
    rows_reported: Optional[int] = None
    rows: List[Dict[str, Any]] = field(default_factory=list)  # the outputs' attribute rows
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def accounting(self):
        return (self.rows_in, self.rows_out, self.rows_reported)


def log_feedback():
    from qgis.core import QgsProcessingFeedback

    class Log(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines: List[str] = []

        def pushInfo(self, text):  # noqa: N802
            self.lines.append(text)

        def pushWarning(self, text):  # noqa: N802
            self.lines.append(text)

        def reportError(self, text, fatalError=False):  # noqa: N802, N803
            self.lines.append(text)

        def pushDebugInfo(self, text):  # noqa: N802
            self.lines.append(text)

        def pushConsoleInfo(self, text):  # noqa: N802
            self.lines.append(text)

    return Log()


def run_algorithm(alg: str, params: Dict[str, Any], context=None):
    """``(result or None, log lines, error text)`` of ``processing.run``; a planner's error is caught."""
    import processing
    from qgis.core import QgsProcessingException

    log = log_feedback()
    try:
        kwargs = {"feedback": log}
        if context is not None:
            kwargs["context"] = context
        return processing.run(alg, params, **kwargs), log.lines, ""
    except QgsProcessingException as error:
        return None, log.lines, str(error)


def layer_rows(value, context=None) -> List[Dict[str, Any]]:
    from qgis.core import QgsVectorLayer

    if isinstance(value, str):
        layer = context.getMapLayer(value) if context is not None and context.getMapLayer(value) else \
            QgsVectorLayer(value, "out", "ogr")
    else:
        layer = value
    return [{f.name(): feat[f.name()] for f in layer.fields()} for feat in layer.getFeatures()]


# --- cityhealth:joinreports -------------------------------------------------------------------

#: The good part every joinreports case holds besides its bad input: one row, building B01.
GOOD_FILE = "好的.csv"
GOOD_CSV = "小区,楼栋,问题\n天福家园南区,3号楼,井盖缺失\n"


def joinreports(case, tmp_path) -> Outcome:
    from tests.processing.test_addresslibrary_alg import write_buildings

    reports = tmp_path / "报表"
    reports.mkdir()
    (reports / GOOD_FILE).write_text(GOOD_CSV, encoding="utf-8")
    params = {
        "LIBRARY": write_buildings(str(tmp_path / "底图.gpkg")), "ID_FIELD": "building_id",
        "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units",
        "COMMUNITY_FIELD": "community_code", "REPORTS": str(reports), "ROUND": 2024,
        "OUTPUT": "memory:", "UNMATCHED": "memory:",
    }
    params.update(case.build(reports) or {})
    result, lines, error = run_algorithm("cityhealth:joinreports", params)
    out = Outcome(text="\n".join(lines + [error]), error=error, extra={"params": params})
    if result is None:
        return out
    out.rows = layer_rows(result["OUTPUT"]) + layer_rows(result["UNMATCHED"])
    out.rows_in = result["ROWS_READ"]
    out.rows_out = result["MATCHED"] + result["UNMATCHED_COUNT"]
    out.rows_reported = result["BLANK_ROWS"] + result["NONDATA_ROWS"] + result["UNREADABLE_ROWS"]
    out.extra["matched"] = {r["report_uid"]: r["building_id"] for r in layer_rows(result["OUTPUT"])}
    out.extra["good"] = out.extra["matched"].get("{}||2".format(GOOD_FILE)) == "B01"
    return out


# --- the core report reader -------------------------------------------------------------------

def report_reader(case, tmp_path) -> Outcome:
    from cityhealth_plugin.core.report_reader import describe_issue, read_reports

    reports = tmp_path / "报表"
    reports.mkdir()
    (reports / GOOD_FILE).write_text(GOOD_CSV, encoding="utf-8")
    case.build(reports)
    engine = next((t for t in case.tags if t in ("calamine", "openpyxl")), None)
    read = read_reports(str(reports), engine=engine)
    out = Outcome(text="\n".join(describe_issue(i) for i in read.issues))
    out.rows = [dict(r.values, source_file=r.source_file, source_row=r.source_row) for r in read.rows]
    out.rows_in = read.rows_total
    out.rows_out = len(read.rows)
    out.rows_reported = read.blank_rows + read.nondata_rows + read.unreadable_rows
    out.extra["good"] = any(r.source_file == GOOD_FILE for r in read.rows)
    return out


def numbers_in(words: str, text: str) -> List[int]:
    """The numbers of the first line of ``text`` holding ``words``."""
    line = next((t for t in text.splitlines() if words in t), "")
    return [int(n) for n in re.findall(r"\d+", line)]
