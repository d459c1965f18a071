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
- ``source``: ``citizen`` when the row's ``source`` says so (``citizen``, 市民 …: the complaint
  points of ``cityhealth:residentvoice``), else ``report`` (grid and property reports).
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
from .schema import CITIZEN_SOURCE_SPELLINGS, REPORT_FIELDS, SOURCE_CITIZEN, SOURCE_REPORT
from .values import to_int as _int
from .values import to_text as _text

__all__ = ["ProblemMapper", "problem_record", "from_report_row", "default_year", "photo_list", "reported_xy",
           "mask_values", "RECORD_EXTRA_FIELDS", "PHONE_KEYS"]

#: Keys a record has beyond :data:`schema.REPORT_FIELDS` (``photo_names`` / ``photo_list`` are lists,
#: not fields).
RECORD_EXTRA_FIELDS = {"problem_uid": str, "category_cn": str, "indicator_cn": str,
                       "source": str}  # report | citizen (schema.PROBLEM_SOURCES)
#: Keys whose every digit run is hidden (phone columns).
PHONE_KEYS = ("phone", "mobile", "tel", "telephone")
#: Keys that are never text to mask (numbers the record computes).
_NUMBER_KEYS = ("source_row", "round", "x", "y", "match_score")
#: Keys not masked as free text: phone columns (every digit hidden) and coordinates (numbers, kept as x/y).
_NOT_FREE_TEXT = frozenset(PHONE_KEYS + _NUMBER_KEYS + ("lon", "lat"))


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
        self._masked = _Memo(self._mask_text, self.LIMIT)
        self._pieces = _Memo(self._mask_long, self.LIMIT)
        self._phones = _Memo(mask_phone_cell, self.LIMIT)
        self._date = _Memo(normalize_date, self.LIMIT)
        self._known: Dict[Tuple[str, str], Classification] = {}
        self._kinds: Dict[Tuple[str, str], Classification] = {}
        self._uids: Dict[str, int] = {}

    # -- cached pure conversions ---------------------------------------------------------------
    def _mask_text(self, text: str) -> str:
        """A cell's text stripped and masked (NULL: "")."""
        text = text.strip()
        return "" if text == "NULL" else self._mask_long(text)

    def _mask_long(self, text: str) -> str:
        """:func:`mask_personal`, piece by piece between ``; / \\ |`` in long text (no number runs
        across them), so that lists, paths and uids that share folders or files mask each piece once."""
        if len(text) >= 24:
            for separator in (";", "/", "\\", "|"):
                if separator in text:
                    head, _sep, tail = text.rpartition(separator)
                    return self._pieces(head) + separator + self._pieces(tail)
        return mask_personal(text)

    def mask(self, text: str) -> str:
        """``text`` with personal data masked (free text)."""
        return self._masked(text)

    def mask_phone(self, text: str) -> str:
        """A phone column's text, every digit run hidden."""
        return self._phones(text)

    def classify(self, problem: str, description: str, problem_type: str, code: str) -> Classification:
        """:meth:`Catalogue.classify`, remembered (a known problem without its description)."""
        if self.catalogue is None:
            return Classification(None, "", "")
        by_problem = self._known.get((problem, code))
        if by_problem is None:
            by_problem = self.catalogue.classify(problem, "", "", code)
            self._known[(problem, code)] = by_problem
        if by_problem.problem_type is not None:
            return by_problem
        key = (problem_type, description)
        found = self._kinds.get(key)
        if found is None:
            if len(self._kinds) > self.LIMIT:
                self._kinds.clear()
            found = self._kinds[key] = self.catalogue.classify("", description, problem_type, "")
        return found

    # -- the record ------------------------------------------------------------------------------
    def record(self, row: Mapping[str, Any]) -> Dict[str, Any]:
        """The problem record of one report row: every key of :data:`schema.REPORT_FIELDS` and
        :data:`RECORD_EXTRA_FIELDS`, every other key of ``row`` passed on (text masked), plus
        ``photo_names`` and ``photo_list`` (lists). Text values are ``""`` when empty."""
        get = row.get
        known = self._masked.known.get
        mask = self._masked
        out: Dict[str, Any] = dict(_EMPTY_TEXT)
        # every value the row holds, masked (text cells mostly repeat: a dict hit each; an empty
        # cell's "" is a hit too, hence ``is not None``)
        out.update({key: (hit if (hit := known(value)) is not None else mask(value))
                    if type(value) is str  # noqa: E721
                    else mask(_text(value)) for key, value in row.items() if key not in _NOT_FREE_TEXT})
        for key in PHONE_KEYS:
            if key in row:
                out[key] = self._phones(_text(row[key]))

        source_row = _int(get("source_row"))
        if not out["report_uid"]:  # masked part by part: no number runs across "|"
            out["report_uid"] = "{}|{}|{}".format(out["source_file"], out["source_sheet"],
                                                  "" if source_row is None else source_row)
        # the catalogue and the date read the masked text: masking never touches a keyword or a date
        iso = self._date(out["report_date"] or out.get("date") or "")
        round_no = self.round_value or _int(get("round")) or (int(iso[:4]) if iso else self.default_year)
        kind = self.classify(out["problem"], out["description"],
                             out.get("problem_type") or out["category"], out["problem_code"])
        ptype = kind.problem_type
        catalogue = self.catalogue
        if ptype is not None:
            out["problem_code"] = ptype.code
            out["indicator_code"] = ptype.indicator_code
            if not out["severity"]:
                out["severity"] = ptype.default_severity
        indicator = out["indicator_code"]
        if catalogue is not None:
            category = out["category"] = kind.category
            out["category_cn"] = catalogue.category_cn(category)
            ind = catalogue.indicator(indicator) if indicator else None
            out["indicator_cn"] = ind.name_cn if ind is not None else ""
        uid = "{}:{}".format(round_no, out["report_uid"])
        seen = self._uids.get(uid, 0) + 1
        self._uids[uid] = seen
        out["problem_uid"] = uid if seen == 1 else "{}~{}".format(uid, seen)
        out["x"], out["y"] = reported_xy(row) or (None, None)
        out["source_row"] = source_row
        out["round"] = round_no
        out["report_date"] = iso
        out["source"] = (SOURCE_CITIZEN if out["source"].strip().lower() in CITIZEN_SOURCE_SPELLINGS
                         else SOURCE_REPORT)
        photo = out["photo"]
        out["photo_names"] = split_photo_names(photo) if photo else []
        paths = get("photo_paths")
        out["photo_list"] = photo_list(paths) if paths else []
        if "match_score" in row:
            out["match_score"] = _float(get("match_score"))
        out.pop("date", None)  # read under their report names, written as the above
        out.pop("problem_type", None)
        return out


_EMPTY_TEXT = dict({key: "" for key, typ in REPORT_FIELDS.items() if typ is str},
                   **{key: "" for key in RECORD_EXTRA_FIELDS})


def problem_record(row: Mapping[str, Any], catalogue: Optional[Catalogue] = None, round_value: int = 0,
                   default_year: int = 0) -> Dict[str, Any]:
    """One row's record (:meth:`ProblemMapper.record`); for many rows make one :class:`ProblemMapper`."""
    return ProblemMapper(catalogue, round_value, default_year).record(row)
