"""Text normalisation for addresses: full width → half width, Chinese numerals, brackets, spaces.

Grid workers type on phones with Chinese input methods, so the same building arrives as
``3号楼``, ``３号楼`` (full width) or ``三号楼``. Everything that compares names goes through
these functions first; they are small, pure and fast (translation tables, precompiled regexes).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any, Dict, Optional

# Full-width ASCII block U+FF01..U+FF5E → U+0021..U+007E, ideographic space → space, plus the
# punctuation Chinese keyboards produce in addresses.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update({
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,  # no-break space
    0x2014: ord("-"), 0x2013: ord("-"), 0x2012: ord("-"), 0x2212: ord("-"),  # dashes, minus
    0x2010: ord("-"), 0x2011: ord("-"), 0xFE63: ord("-"), 0x2015: ord("-"), 0x30FC: ord("-"),
    0x3001: ord(","),  # 、
    0x3002: ord("."),  # 。
})
_HALFWIDTH_TABLE = str.maketrans(_HALFWIDTH)

# Bracket folding: every kind of bracket becomes ASCII "(" / ")".
_BRACKETS = str.maketrans({
    "（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")",
    "{": "(", "}": ")", "《": "(", "》": ")", "〈": "(", "〉": ")", "「": "(", "」": ")",
    "『": "(", "』": ")", "<": "(", ">": ")",
})

_SPACE_RE = re.compile(r"\s+")
# Characters dropped from comparison keys: spaces, brackets, quotes and light punctuation.
_KEY_DROP_RE = re.compile(r"[\s()（）【】〔〕\[\]{}《》〈〉「」『』<>\"'“”‘’·•.,，、。:：;；_]+")

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Characters that may form a Chinese numeral (used inside regex character classes).
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千"


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation as ASCII; ideographic spaces as spaces."""
    return text.translate(_HALFWIDTH_TABLE)


def fold_brackets(text: str) -> str:
    """Every bracket kind (（）【】〔〕[] …) as ASCII parentheses."""
    return text.translate(_BRACKETS)


def clean_text(text: Optional[str]) -> str:
    """Half width, brackets folded, whitespace removed, Latin letters upper case.

    This is the form the address parser works on. ``None`` gives ``""``.
    """
    if not text:
        return ""
    text = fold_brackets(to_halfwidth(str(text)))
    return _SPACE_RE.sub("", text).upper()


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: Optional[str]) -> str:
    """Comparison key of a compound (or community) name: :func:`clean_text` minus brackets and
    punctuation, so ``天福家园（南区）``, ``天福家园 南区`` and ``天福家园南区`` share one key."""
    if not text:
        return ""
    return _KEY_DROP_RE.sub("", to_halfwidth(str(text))).upper()


def chinese_to_int(text: str) -> Optional[int]:
    """Value of a Chinese numeral: ``三`` → 3, ``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105,
    ``两`` → 2, ``〇二`` / ``一〇二`` (digit by digit) → 2 / 102. ``None`` when not a numeral."""
    if not text:
        return None
    if any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    if not any(ch in CN_UNITS for ch in text):
        # digit by digit: 一〇二 → 102
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total = 0
    current = None  # digit waiting for its unit
    last_unit = 10000
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        else:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None  # 十百 … not a numeral
            total += (1 if current is None else current) * unit
            current = None
            last_unit = unit
    if current is not None:
        total += current
    return total


_NUMBER_RE = re.compile(r"^0*(\d+)$")
_LEADING_ZEROS_RE = re.compile(r"(?<![0-9])0+(?=[0-9])")
_CN_RUN_RE = re.compile("[{}]+".format(CN_NUMERAL_CHARS))


def normalize_number(text: Optional[str]) -> Optional[str]:
    """A building / unit / room number as plain ASCII without leading zeros; letters upper case.

    ``"０２"`` → ``"2"``, ``"三"`` → ``"3"``, ``"a"`` → ``"A"``, ``"03A"`` → ``"3A"``,
    ``"十二"`` → ``"12"``. Empty or ``None`` gives ``None``.
    """
    if text is None:
        return None
    text = clean_text(text)
    if not text:
        return None
    match = _NUMBER_RE.match(text)
    if match:
        return match.group(1)
    if _CN_RUN_RE.search(text):
        text = _CN_RUN_RE.sub(_cn_run_to_digits, text)
    return _LEADING_ZEROS_RE.sub("", text) or None


def _cn_run_to_digits(match: "re.Match[str]") -> str:
    value = chinese_to_int(match.group(0))
    return match.group(0) if value is None else str(value)


def number_value(text: Optional[str]) -> Optional[int]:
    """Integer value of a normalised number (``"12"`` → 12), ``None`` when it has letters."""
    if text and text.isdigit():
        return int(text)
    return None


_DATE_RES = (
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def normalize_date(text: Optional[str]) -> str:
    """A report date as ISO ``YYYY-MM-DD``; accepts ``2024-05-03``, ``2024/5/3``, ``2024年5月3日``,
    ``2024-05-03 10:00:00``, ``20240503`` and Excel serial numbers. Unknown forms give ``""``."""
    if not text:
        return ""
    if isinstance(text, str):
        iso = _DATE_MEMO.get(text)
        if iso is None:
            if len(_DATE_MEMO) > 100000:
                _DATE_MEMO.clear()
            iso = _DATE_MEMO[text] = _normalize_date(text)
        return iso
    return _normalize_date(text)


#: Dates already normalised: a round has a few hundred distinct report dates.
_DATE_MEMO: Dict[str, str] = {}


def _normalize_date(text: Any) -> str:
    text = to_halfwidth(str(text)).strip()
    for regex in _DATE_RES:
        match = regex.match(text)
        if match:
            try:
                return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
            except ValueError:
                return ""
    try:
        serial = float(text)
    except ValueError:
        return ""
    if 20000 < serial < 80000:  # Excel serial day numbers for 1954..2119
        return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(serial))).isoformat()
    return ""
