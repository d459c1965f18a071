"""One problem record from one report row: the single mapping every algorithm uses.

A report row (a ``dict`` keyed like :data:`schema.REPORT_FIELDS`: what ``cityhealth:joinreports``
writes, what a hand-made problems layer holds, or a report row prepared by the join) becomes a
problem record by one set of rules, here and nowhere else:

- ``report_uid``: the row's own, else ``"<source_file>|<source_sheet>|<source_row>"``;
  ``problem_uid``: ``"<round>:<report_uid>"`` (a repeated uid gets ``~2``, ``~3`` … in one mapper).
- ``round``: the round asked for (``round_value``), else the row's ``round``, else the year of its
  report date, else ``default_year`` (see :func:`default_year`).
- ``report_date``: ISO date (``report_date`` or ``date`` of the row).
- problem type and category: :meth:`Catalogue.classify` (code → problem name/alias/keywords →
  keywords in the description; category from the catalogue when the problem is known, else from
  the report's own problem-type column ``problem_type`` (or ``category``), else from the
  description). ``problem_code``, ``indicator_code``, default ``severity`` (when the row has none),
  ``category_cn`` and ``indicator_cn`` follow from it.
- ``photo_names``: the names written in the photo cell; ``photo_list``: the resolved paths of
  ``photo_paths`` (for copying the files — *unmasked*, never write this list into an output).
- personal data masked in **every** text value (:func:`core.sanitize.mask_personal`; phone columns
  :func:`core.sanitize.mask_phone_cell`), including keys this module does not know.

Usage::

    mapper = ProblemMapper(load_catalogue(), round_value=0, default_year=2025)
    record = mapper.record({"source_file": "a.xlsx", "source_sheet": "问题清单", "source_row": 5,
                            "problem": "楼道堆物", "phone": "138 1234 5678", "report_date": "2025/5/1"})
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from .catalogue import Catalogue, Classification
from .normalize import normalize_date
from .photos import split_photo_names
from .sanitize import mask_personal, mask_phone_cell
from .schema import REPORT_FIELDS
from .values import to_int as _int
from .values import to_text as _text

__all__ = ["ProblemMapper", "problem_record", "from_report_row", "default_year", "photo_list", "reported_xy",
           "mask_values", "RECORD_EXTRA_FIELDS", "PHONE_KEYS"]

#: Keys a record has beyond :data:`schema.REPORT_FIELDS` (``photo_names`` / ``photo_list`` are lists,
#: not fields).
RECORD_EXTRA_FIELDS = {"problem_uid": str, "category_cn": str, "indicator_cn": str}
#: Keys whose every digit run is hidden (phone columns).
PHONE_KEYS = ("phone", "mobile", "tel", "telephone")
#: Keys that are never text to mask (numbers the record computes).
_NUMBER_KEYS = ("source_row", "round", "x", "y", "match_score")


def _float(value: Any) -> Optional[float]:
    """A number as a report writes it (``500,5`` or ``500，5`` too); None when not one."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if value == value else None
    text = _text(value).replace("，", ".").replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number else None


def reported_xy(values: Mapping[str, Any]) -> Optional[Tuple[float, float]]:
    """Coordinates a report row carries: ``lon``/``lat``, else ``x``/``y``; ``None`` without both."""
    x, y = _float(values.get("lon")), _float(values.get("lat"))
    if x is None or y is None:
        x, y = _float(values.get("x")), _float(values.get("y"))
    if x is None or y is None:
        return None
    return x, y


def default_year(dates: Iterable[Any], today: Optional[datetime.date] = None) -> int:
    """The round of rows without one: the most common year among their report dates, else this year."""
    years: Counter = Counter()
    for date in dates:
        iso = normalize_date(_text(date))
        if iso:
            years[int(iso[:4])] += 1
    return years.most_common(1)[0][0] if years else (today or datetime.date.today()).year


def photo_list(photo_paths: Any) -> List[str]:
    """The paths of a ``photo_paths`` value (``;``-separated), empty pieces dropped."""
    return [p for p in (s.strip() for s in _text(photo_paths).split(";")) if p]


def mask_values(values: Mapping[str, Any], phone_keys: Iterable[str] = PHONE_KEYS) -> Dict[str, Any]:
    """``values`` with personal data masked in every text value (phone columns: every digit run)."""
    phones = set(phone_keys)
    return {k: (mask_phone_cell(v) if k in phones else mask_personal(v)) if isinstance(v, str) else v
            for k, v in values.items()}


def from_report_row(row: Any, parsed: Any = None, photos: Any = None) -> Dict[str, Any]:
    """The input of :meth:`ProblemMapper.record` for a row of ``core.report_reader``.

    ``row``: a ``ReportRow`` (``values``, ``source_file``, ``source_sheet``, ``source_row``);
    ``parsed``: the matcher's parsed address (``compound``, ``compound_text``, ``building``, ``unit``,
    ``room``) or ``None``; ``photos``: the ``PhotoResolution`` of the row's photo cell or ``None``.
    Every column the reader found is kept (and so masked), known to the schema or not; the address
    parts as parsed, the address cells as written in ``raw_address``; the report's problem-type
    column (``problem_type``, or ``category`` as older readers name it) feeds the catalogue rule.
    """
    values = row.values
    get = values.get
    parts = (get("compound"), get("building"), get("unit"), get("room"), get("address"))
    report = dict(values)
    report.update({
        "source_file": row.source_file, "source_sheet": row.source_sheet, "source_row": row.source_row,
        "raw_address": " / ".join([text for text in parts if text]),
        "problem_type": get("problem_type") or get("category", ""), "category": "",
    })
    if parsed is not None:
        report.update({"compound": parsed.compound or parsed.compound_text or get("compound", ""),
                       "building": parsed.building or "", "unit": parsed.unit or "",
                       "room": parsed.room or ""})
    if photos is not None:
        report["photo_paths"] = ";".join(photos.paths)
        report["photo_missing"] = ";".join(list(photos.missing) + list(photos.refused))
    return report


class _Memo:
    """``function(text)`` remembered per distinct text (at most ``limit`` texts, then forgotten)."""

    __slots__ = ("function", "limit", "known")

    def __init__(self, function, limit: int):
        self.function = function
        self.limit = limit
        self.known: Dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        found = self.known.get(text)
        if found is None:
            if len(self.known) > self.limit:
                self.known.clear()
            found = self.known[text] = self.function(text)
        return found


class ProblemMapper:
    """Maps report rows to problem records (see the module docstring), remembering the pure
    conversions per distinct value: a round repeats the same dates, problems and names many times.

    ``catalogue``: a :class:`Catalogue` (``None``: no problem codes); ``round_value``: the round asked
    for (0: from the row); ``default_year``: the round of rows with neither a round nor a date.
    """

    LIMIT = 200000  # remembered values per cache

    def __init__(self, catalogue: Optional[Catalogue] = None, round_value: int = 0,
                 default_year: int = 0):
        self.catalogue = catalogue
        self.round_value = int(round_value or 0)
        self.default_year = int(default_year or 0) or datetime.date.today().year
        self._masked = _Memo(mask_personal, self.LIMIT)
        self._phones = _Memo(mask_phone_cell, self.LIMIT)
        self._date = _Memo(normalize_date, self.LIMIT)
        self._kinds: Dict[Tuple[str, str, str, str], Classification] = {}
        self._uids: Dict[str, int] = {}

    # -- cached pure conversions ---------------------------------------------------------------
    def mask(self, text: str) -> str:
        """``text`` with personal data masked (free text)."""
        return self._masked(text)

    def mask_phone(self, text: str) -> str:
        """A phone column's text, every digit run hidden."""
        return self._phones(text)

    def classify(self, problem: str, description: str, problem_type: str, code: str) -> Classification:
        """:meth:`Catalogue.classify`, remembered."""
        if self.catalogue is None:
            return Classification(None, "", "")
        key = (problem, description, problem_type, code)
        found = self._kinds.get(key)
        if found is None:
            if len(self._kinds) > self.LIMIT:
                self._kinds.clear()
            found = self._kinds[key] = self.catalogue.classify(problem, description, problem_type, code)
        return found

    # -- the record ------------------------------------------------------------------------------
    def record(self, row: Mapping[str, Any]) -> Dict[str, Any]:
        """The problem record of one report row: every key of :data:`schema.REPORT_FIELDS` and
        :data:`RECORD_EXTRA_FIELDS`, every other key of ``row`` passed on (text masked), plus
        ``photo_names`` and ``photo_list`` (lists). Text values are ``""`` when empty."""
        get = row.get
        txt = {k: _text(v) for k, v in row.items() if k not in _NUMBER_KEYS}
        tget = txt.get
        source_row = _int(get("source_row"))
        report_uid = tget("report_uid") or "{}|{}|{}".format(
            tget("source_file", ""), tget("source_sheet", ""), "" if source_row is None else source_row)
        iso = self._date(tget("report_date") or tget("date") or "")
        round_no = self.round_value or _int(get("round")) or (int(iso[:4]) if iso else self.default_year)
        problem, description = tget("problem", ""), tget("description", "")
        own = tget("problem_type") or tget("category") or ""
        kind = self.classify(problem, description, own, tget("problem_code", ""))
        ptype = kind.problem_type
        catalogue = self.catalogue
        indicator = ptype.indicator_code if ptype is not None else tget("indicator_code", "")
        ind = catalogue.indicator(indicator) if (catalogue is not None and indicator) else None
        category = kind.category or ("" if catalogue is not None else tget("category", ""))
        xy = reported_xy(row) or (None, None)
        out: Dict[str, Any] = {}
        for key, value in txt.items():  # every text the row holds, masked
            out[key] = self.mask_phone(value) if key in PHONE_KEYS else self.mask(value)
        uid = "{}:{}".format(round_no, report_uid)
        seen = self._uids.get(uid, 0) + 1
        self._uids[uid] = seen
        if seen > 1:
            uid = "{}~{}".format(uid, seen)
        for key, typ in REPORT_FIELDS.items():
            if typ is str and key not in out:
                out[key] = ""
        out.update({
            "report_uid": self.mask(report_uid), "problem_uid": self.mask(uid),
            "source_row": source_row, "round": round_no, "report_date": iso,
            "problem_code": ptype.code if ptype is not None else out["problem_code"],
            "category": category, "category_cn": catalogue.category_cn(category) if catalogue else "",
            "indicator_code": indicator, "indicator_cn": ind.name_cn if ind is not None else "",
            "severity": out["severity"] or (ptype.default_severity if ptype is not None else ""),
            "x": xy[0], "y": xy[1],
            **({"match_score": _float(get("match_score"))} if "match_score" in row else {}),
            "photo_names": [self.mask(n) for n in split_photo_names(tget("photo", ""))],
            "photo_list": photo_list(tget("photo_paths", "")),
        })
        for key in ("date", "problem_type"):  # read under their report names, written as the above
            out.pop(key, None)
        return out


def problem_record(row: Mapping[str, Any], catalogue: Optional[Catalogue] = None, round_value: int = 0,
                   default_year: int = 0) -> Dict[str, Any]:
    """One row's record (:meth:`ProblemMapper.record`); for many rows make one :class:`ProblemMapper`."""
    return ProblemMapper(catalogue, round_value, default_year).record(row)
