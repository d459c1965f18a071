"""The plugin's problem catalogue and the national 2024 indicator system.

Two CSV files ship in ``resources/``: ``indicators.csv`` (the 61 basic indicators) and
``problem_catalogue.csv`` (problem types a grid worker reports, each mapped to one indicator,
a category, keywords, remediation type and responsible department). :func:`load_catalogue`
reads and validates them; :meth:`Catalogue.classify` is THE rule that gives a report its problem
type and category (every algorithm goes through it, via ``core/problems.py``); :meth:`Catalogue.lookup`
maps one free text to a problem type.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from .messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from .schema import SEVERITIES

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources")
DEFAULT_PROBLEMS = os.path.join(RESOURCES, "problem_catalogue.csv")
DEFAULT_INDICATORS = os.path.join(RESOURCES, "indicators.csv")

INDICATOR_COLUMNS = ("code", "level", "name_cn", "name_en", "unit", "direction")
PROBLEM_COLUMNS = ("problem_code", "name_cn", "category", "category_cn", "level", "indicator_code",
                   "keywords", "remediation", "responsible", "default_severity")
INDICATOR_LEVELS = ("housing", "compound", "block", "city")
PROBLEM_LEVELS = ("housing", "compound", "block")
DIRECTIONS = ("lower_better", "higher_better")
REMEDIATIONS = ("urgent", "effort")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the national basic system (e.g. ``IND-HOUSE-001``)."""

    code: str
    level: str
    name_cn: str
    name_en: str
    unit: str
    direction: str


@dataclass(frozen=True)
class ProblemType:
    """One problem type of the catalogue, mapped to the indicator it counts towards."""

    code: str
    name_cn: str
    category: str
    category_cn: str
    level: str
    indicator_code: str
    keywords: Tuple[str, ...]
    remediation: str
    responsible: str
    default_severity: str


@dataclass(frozen=True)
class Classification:
    """What :meth:`Catalogue.classify` decided: the problem type (or ``None``), the category code
    (or ``""``) and where they came from: ``problem`` | ``problem_type`` | ``description`` | ``""``."""

    problem_type: Optional[ProblemType]
    category: str
    source: str


_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFKC (full width → half width), no whitespace, upper-case ASCII letters."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return _SPACES.sub("", text).upper()


class Catalogue:
    """Problem types and indicators with look-ups by code and by free text."""

    def __init__(self, problems: List[ProblemType], indicators: List[Indicator]):
        self.problems = list(problems)
        self.indicators = list(indicators)
        self._problems = {p.code: p for p in self.problems}
        self._indicators = {i.code: i for i in self.indicators}
        self._by_name = {normalise_text(p.name_cn): p for p in self.problems}
        self._by_code = {normalise_text(p.code): p for p in self.problems}
        # (normalised term, problem) sorted longest first; names before keywords on equal length
        terms: Dict[str, ProblemType] = {}
        for p in self.problems:
            for term in (p.name_cn,) + p.keywords:
                key = normalise_text(term)
                if key and key not in terms:
                    terms[key] = p
        self._terms = sorted(terms.items(), key=lambda kv: -len(kv[0]))
        self._category_cn = {p.category: p.category_cn for p in reversed(self.problems)}
        self._categories: Dict[str, str] = {}
        for p in self.problems:
            self._categories.setdefault(normalise_text(p.category), p.category)
            self._categories.setdefault(normalise_text(p.category_cn), p.category)

    def problem(self, code: str) -> Optional[ProblemType]:
        """The problem type with ``code``, or ``None``."""
        return self._problems.get(code)

    def indicator(self, code: str) -> Optional[Indicator]:
        """The indicator with ``code``, or ``None``."""
        return self._indicators.get(code)

    def lookup(self, text: str) -> Optional[ProblemType]:
        """Problem type for free text: exact name, then code, then the longest name/keyword inside it."""
        key = normalise_text(text)
        if not key:
            return None
        if key in self._by_name:
            return self._by_name[key]
        if key in self._by_code:
            return self._by_code[key]
        for term, problem in self._terms:
            if term in key:
                return problem
        return None

    def category_of(self, text: str) -> str:
        """Category code named by a report's own problem-type column: a category code (``STRUCT``),
        a category name (``结构安全``) or a problem type's name/keyword; ``""`` when none."""
        key = normalise_text(text)
        if not key:
            return ""
        if key in self._categories:
            return self._categories[key]
        found = self.lookup(text)
        return found.category if found is not None else ""

    def classify(self, problem: str = "", description: str = "", problem_type: str = "",
                 code: str = "") -> Classification:
        """The one rule that types a report row.

        Problem type: a known ``code`` (a layer that carries one), else the problem text (exact name,
        code, then the longest name/keyword inside it), else the keywords inside the description.
        Category: the problem type's when the problem itself is known (by code or problem text);
        else the category the report's own problem-type column names (:meth:`category_of`); else
        the category of the type found in the description. When the report's problem-type column
        names another category than the description's type, the report wins and the description's
        type is not used (no code or indicator from it).
        """
        found = self._problems.get((code or "").strip()) if code else None
        if found is None and problem:
            found = self.lookup(problem)
        if found is not None:
            return Classification(found, found.category, "problem")
        own = self.category_of(problem_type) if problem_type else ""
        guessed = self.lookup(description) if description else None
        if own:
            if guessed is not None and guessed.category == own:
                return Classification(guessed, own, "problem_type")
            return Classification(None, own, "problem_type")
        if guessed is not None:
            return Classification(guessed, guessed.category, "description")
        return Classification(None, "", "")

    def category_cn(self, category: str) -> str:
        """Chinese name of a category code (``""`` when unknown)."""
        return self._category_cn.get(category, "")

    def categories(self) -> List[Tuple[str, str]]:
        """Distinct ``(category, category_cn)`` pairs in catalogue order."""
        seen: List[Tuple[str, str]] = []
        for p in self.problems:
            pair = (p.category, p.category_cn)
            if pair not in seen:
                seen.append(pair)
        return seen

    def problems_of_level(self, level: str) -> List[ProblemType]:
        """Problem types of one level (housing, compound or block)."""
        return [p for p in self.problems if p.level == level]


def _error(template: str, **params) -> CityHealthError:
    return CityHealthError(Message(template, params))


def _read_rows(path: str, columns: Tuple[str, ...]) -> List[Tuple[int, Dict[str, str]]]:
    if not os.path.isfile(path):
        raise _error(QT_TRANSLATE_NOOP("CoreMessages", "Catalogue file not found: {file}"), file=path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise _error(QT_TRANSLATE_NOOP(
                    "CoreMessages", "Catalogue file {file} lacks the column(s) {columns}."),
                    file=path, columns=", ".join(missing))
            rows = []
            for line, row in enumerate(reader, start=2):
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                rows.append((line, {c: (row.get(c) or "").strip() for c in columns}))
            return rows
    except UnicodeDecodeError:
        raise _error(QT_TRANSLATE_NOOP(
            "CoreMessages", "Catalogue file {file} is not UTF-8 encoded: save it as CSV UTF-8."),
            file=path) from None


def _require(path: str, line: int, row: Dict[str, str], column: str, allowed=None,
             expected: str = "") -> str:
    value = row[column]
    if not value or (allowed is not None and value not in allowed):
        raise _error(QT_TRANSLATE_NOOP(
            "CoreMessages", "Catalogue file {file}, row {row}, column {column}: invalid value "
                            "\"{value}\" (expected {expected})."),
            file=path, row=line, column=column, value=value,
            expected=expected or (" | ".join(allowed) if allowed else "a value"))
    return value


def load_indicators(path: Optional[str] = None) -> List[Indicator]:
    """Read an indicator CSV (default: the plugin's ``resources/indicators.csv``)."""
    path = path or DEFAULT_INDICATORS
    result: List[Indicator] = []
    seen = set()
    for line, row in _read_rows(path, INDICATOR_COLUMNS):
        code = _require(path, line, row, "code")
        if code in seen:
            raise _error(QT_TRANSLATE_NOOP(
                "CoreMessages", "Catalogue file {file}, row {row}, column {column}: duplicate code {value}."),
                file=path, row=line, column="code", value=code)
        seen.add(code)
        result.append(Indicator(
            code=code, level=_require(path, line, row, "level", INDICATOR_LEVELS),
            name_cn=_require(path, line, row, "name_cn"), name_en=row["name_en"],
            unit=row["unit"], direction=_require(path, line, row, "direction", DIRECTIONS)))
    return result


def load_catalogue(path: Optional[str] = None, indicators_path: Optional[str] = None) -> Catalogue:
    """Load and validate the problem catalogue and the indicators it refers to.

    A bad file raises :class:`CityHealthError` naming the file, row and column.
    """
    indicators = load_indicators(indicators_path)
    known = {i.code for i in indicators}
    path = path or DEFAULT_PROBLEMS
    problems: List[ProblemType] = []
    seen = set()
    for line, row in _read_rows(path, PROBLEM_COLUMNS):
        code = _require(path, line, row, "problem_code")
        if code in seen:
            raise _error(QT_TRANSLATE_NOOP(
                "CoreMessages", "Catalogue file {file}, row {row}, column {column}: duplicate code {value}."),
                file=path, row=line, column="problem_code", value=code)
        seen.add(code)
        _require(path, line, row, "indicator_code", known, expected="a code of the indicator file")
        problems.append(ProblemType(
            code=code, name_cn=_require(path, line, row, "name_cn"),
            category=_require(path, line, row, "category"),
            category_cn=_require(path, line, row, "category_cn"),
            level=_require(path, line, row, "level", PROBLEM_LEVELS),
            indicator_code=row["indicator_code"],
            keywords=tuple(k.strip() for k in row["keywords"].split("|") if k.strip()),
            remediation=_require(path, line, row, "remediation", REMEDIATIONS),
            responsible=_require(path, line, row, "responsible"),
            default_severity=_require(path, line, row, "default_severity", SEVERITIES)))
    if not problems:
        raise _error(QT_TRANSLATE_NOOP("CoreMessages", "Catalogue file {file} holds no problem types."),
                     file=path)
    return Catalogue(problems, indicators)
