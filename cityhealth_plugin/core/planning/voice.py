"""The residents' voice (居民诉求, issue 14): satisfaction surveys and free-text demands.

Pure Python on rows. :func:`read_survey` reads a survey workbook (满意度调查.xlsx) and accounts for
every row: rows read = used + blank + rejected, each rejected row with file / sheet / row and reason.
Personal columns (姓名, 电话, 身份证 …) are never kept; demand text is masked
(:func:`core.sanitize.mask_personal`). :func:`classify_demand` types free text with an editable
dictionary first (keyword → category, longest keyword first), then the catalogue's keywords.
:func:`satisfaction` averages scores per area, :func:`rank_demands` ranks demand categories per area
by frequency, then by severity.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ..catalogue import normalise_text
from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from ..sanitize import mask_personal

SCORE_MIN, SCORE_MAX = 1.0, 5.0
COMPOUND_HEADERS = ("小区", "小区名称", "所在小区")
COMMUNITY_HEADERS = ("社区名", "社区", "所属社区")
DEMAND_HEADERS = ("诉求", "意见建议", "诉求建议", "急难愁盼", "其他意见")
#: headers of columns that hold personal data: read past, never kept
PERSONAL_HEADERS = ("姓名", "联系人", "电话", "联系电话", "手机", "手机号", "身份证", "身份证号", "住址门牌")
SCORE_WORDS = ("满意", "评分", "得分")
KNOWN_TOPICS = ("住房条件", "小区环境", "停车便利", "公共服务", "物业服务", "总体满意度")
OVERALL = "总体满意度"
SEVERITY_WEIGHT = {"一般": 1, "较重": 2, "严重": 3}


@dataclass
class Response:
    """One used survey row: where it came from, its area names and its scores (None = blank)."""

    source_file: str
    source_sheet: str
    source_row: int
    community: str
    compound: str
    scores: Dict[str, Optional[float]]
    demand: str = ""


@dataclass
class Rejected:
    source_file: str
    source_sheet: str
    source_row: int
    reason: Message


@dataclass
class SurveyRead:
    topics: List[str] = field(default_factory=list)
    responses: List[Response] = field(default_factory=list)
    rejected: List[Rejected] = field(default_factory=list)
    blank_rows: int = 0
    blank_answers: int = 0
    ignored_columns: List[str] = field(default_factory=list)
    personal_columns: List[str] = field(default_factory=list)
    files_read: int = 0

    @property
    def rows_read(self) -> int:
        return len(self.responses) + self.blank_rows + len(self.rejected)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _find(headers: Sequence[str], names: Iterable[str]) -> Optional[int]:
    keys = [normalise_text(h) for h in headers]
    for name in names:
        key = normalise_text(name)
        if key in keys:
            return keys.index(key)
    return None


def _is_score_header(header: str) -> bool:
    return header in KNOWN_TOPICS or any(word in header for word in SCORE_WORDS)


def survey_files(path: str) -> List[str]:
    """``path`` itself, or every .xlsx under the folder ``path`` whose name holds 满意度 (sorted)."""
    if os.path.isdir(path):
        found = []
        for root, _dirs, files in os.walk(path):
            found += [os.path.join(root, f) for f in files
                      if "满意度" in f and f.lower().endswith((".xlsx", ".xlsm")) and not f.startswith("~$")]
        return sorted(found)
    return [path]


def read_survey(path: str, feedback: Any = None, into: Optional[SurveyRead] = None) -> SurveyRead:
    """Read every sheet of the survey workbook(s) at ``path`` (a file or a folder) into ``into``."""
    import openpyxl

    out = into if into is not None else SurveyRead()
    for file_path in survey_files(path):
        name = os.path.basename(file_path)
        try:
            book = openpyxl.load_workbook(file_path, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds on a damaged file)
            raise CityHealthError(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}: not a readable workbook ({error})"),
                {"file": name, "error": error})) from error
        out.files_read += 1
        try:
            for sheet in book.worksheets:
                _read_sheet(out, name, sheet, feedback)
        finally:
            book.close()
    return out


def _read_sheet(out: SurveyRead, name: str, sheet: Any, feedback: Any) -> None:
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next((i for i, row in enumerate(rows[:10])
                      if _find([_text(c) for c in row], COMPOUND_HEADERS) is not None), None)
    if header_at is None:
        return  # a sheet without a survey header (notes, charts): no data rows
    headers = [_text(c) for c in rows[header_at]]
    i_compound = _find(headers, COMPOUND_HEADERS)
    i_community = _find(headers, COMMUNITY_HEADERS)
    i_demand = _find(headers, DEMAND_HEADERS)
    scores = [(i, h) for i, h in enumerate(headers) if h and _is_score_header(h)]
    for _i, topic in scores:
        if topic not in out.topics:
            out.topics.append(topic)
    used = {i_compound, i_community, i_demand} | {i for i, _h in scores}
    for i, h in enumerate(headers):
        if i in used or not h:
            continue
        target = out.personal_columns if _find([h], PERSONAL_HEADERS) is not None else out.ignored_columns
        if h not in target:
            target.append(h)
    for offset, row in enumerate(rows[header_at + 1:]):
        if feedback is not None and offset % 1000 == 0 and feedback.isCanceled():
            from ..feedback import Canceled

            raise Canceled()
        excel_row = header_at + 2 + offset
        cells = [_text(c) for c in row]

        def cell(i: Optional[int], cells: List[str] = cells) -> str:
            return cells[i] if i is not None and i < len(cells) else ""

        if not any(cells):
            out.blank_rows += 1
            continue
        compound = cell(i_compound)
        if not compound:
            out.rejected.append(Rejected(name, sheet.title, excel_row, Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "no compound (小区 empty)"))))
            continue
        values: Dict[str, Optional[float]] = {}
        reason: Optional[Message] = None
        for i, topic in scores:
            raw = cell(i)
            if not raw:
                values[topic] = None
                out.blank_answers += 1
                continue
            try:
                value = float(raw)
            except ValueError:
                reason = Message(QT_TRANSLATE_NOOP("CoreMessages", "{topic}: '{value}' is not a score"),
                                 {"topic": topic, "value": mask_personal(raw)[:20]})
                break
            if not SCORE_MIN <= value <= SCORE_MAX:
                reason = Message(QT_TRANSLATE_NOOP("CoreMessages", "{topic}: {value} outside {low}–{high}"),
                                 {"topic": topic, "value": raw, "low": "{:g}".format(SCORE_MIN),
                                  "high": "{:g}".format(SCORE_MAX)})
                break
            values[topic] = value
        if reason:
            out.rejected.append(Rejected(name, sheet.title, excel_row, reason))
            continue
        out.responses.append(Response(name, sheet.title, excel_row, cell(i_community), compound, values,
                                      mask_personal(cell(i_demand))))


# -- classifying free text ------------------------------------------------------------------------
def read_dictionary(path: str) -> List[Tuple[str, str]]:
    """An editable dictionary CSV (UTF-8, columns ``keyword,category``): (keyword, category) pairs,
    longest keyword first. A row without keyword or category raises naming the file and line."""
    pairs = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"keyword", "category"} <= set(reader.fieldnames):
            raise CityHealthError(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}: the dictionary needs the columns keyword, category"),
                {"file": os.path.basename(path)}))
        for line, row in enumerate(reader, start=2):
            keyword, category = (row.get("keyword") or "").strip(), (row.get("category") or "").strip()
            if not keyword or not category:
                raise CityHealthError(Message(QT_TRANSLATE_NOOP(
                    "CoreMessages", "{file} line {line}: keyword and category must both be given"),
                    {"file": os.path.basename(path), "line": line}))
            pairs.append((normalise_text(keyword), category))
    return sorted(pairs, key=lambda kv: -len(kv[0]))


def classify_demand(text: str, catalogue: Any = None,
                    dictionary: Sequence[Tuple[str, str]] = ()) -> Tuple[str, str]:
    """(category code, severity) of a free-text demand: the dictionary's longest keyword inside the
    text wins (severity 一般), else the catalogue's problem type (its category and default severity);
    ("", "") when neither knows it."""
    key = normalise_text(text)
    if not key:
        return "", ""
    for keyword, category in dictionary:
        if keyword and keyword in key:
            return category, "一般"
    if catalogue is None:
        return "", ""
    found = catalogue.classify(problem="", description=text)
    if not found.category:
        return "", ""
    severity = found.problem_type.default_severity if found.problem_type is not None else "一般"
    return found.category, severity or "一般"


# -- aggregating ------------------------------------------------------------------------------------
def satisfaction(responses: Iterable[Tuple[str, Dict[str, Optional[float]]]],
                 topics: Sequence[str]) -> Dict[str, Dict[str, Any]]:
    """Per area key: ``responses`` (rows), ``mean_<topic>`` (mean of the answered scores; None when
    none answered), ``answers_<topic>`` and ``overall``: the mean of the overall question
    (总体满意度) when the survey asks it, else the mean of every answered score of the area."""
    sums: Dict[str, Dict[str, List[float]]] = defaultdict(lambda: defaultdict(list))
    counts: Dict[str, int] = defaultdict(int)
    for area, scores in responses:
        counts[area] += 1
        for topic in topics:
            value = scores.get(topic)
            if value is not None:
                sums[area][topic].append(value)
    out = {}
    for area in sorted(counts):
        row: Dict[str, Any] = {"responses": counts[area]}
        every: List[float] = []
        for topic in topics:
            values = sums[area][topic]
            row["mean_" + topic] = round(sum(values) / len(values), 3) if values else None
            row["answers_" + topic] = len(values)
            every += values
        if OVERALL in topics:
            row["overall"] = row["mean_" + OVERALL]
        else:
            row["overall"] = round(sum(every) / len(every), 3) if every else None
        out[area] = row
    return out


def rank_demands(items: Iterable[Tuple[str, str, str]], top: int = 5) -> List[Dict[str, Any]]:
    """``items``: (area, category, severity) per demand. Per area, categories ranked by frequency,
    then by severity score (一般 1, 较重 2, 严重 3, summed), then by code; the first ``top`` of each
    area, with ``rank``, ``count``, ``severity_score`` and ``share`` (of the area's classified demands)."""
    per: Dict[str, Dict[str, List[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for area, category, severity in items:
        if not category:
            continue
        entry = per[area][category]
        entry[0] += 1
        entry[1] += SEVERITY_WEIGHT.get(severity, 1)
    rows = []
    for area in sorted(per):
        total = sum(v[0] for v in per[area].values())
        ranked = sorted(per[area].items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        for rank, (category, (count, score)) in enumerate(ranked[:top], start=1):
            rows.append({"area": area, "rank": rank, "category": category, "count": count,
                         "severity_score": score, "share": round(count / total, 3)})
    return rows
