"""Report column headers: synonyms, normalisation and header-row detection.

Grid reports come from many hands: the 2023 national survey forms (社区名, 小区, 楼栋, 住宅楼号 …),
city templates, mini-program exports in English. A header cell is normalised (NFKC, case, spaces,
required-field stars, trailing colons and bracketed hints such as ``（必填）`` removed) and looked
up in :data:`HEADER_SYNONYMS`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

#: canonical key -> header spellings (Chinese and English). Order matters only for documentation.
HEADER_SYNONYMS: Dict[str, Tuple[str, ...]] = {
    "province": ("所属省", "省", "省份", "province"),
    "city": ("所属市", "市", "城市", "city"),
    "district": ("所属区", "区", "区县", "所属区县", "县区", "district", "county"),
    "street": ("街道", "街道办", "所属街道", "街道办事处", "乡镇街道", "street", "subdistrict"),
    "community": ("社区名", "社区", "社区名称", "所属社区", "community"),
    "grid": ("网格", "网格名称", "所属网格", "网格名", "网格编号", "grid"),
    "compound": ("小区", "小区名称", "小区名", "小区(散楼)名称", "小区/散楼", "所属小区", "compound",
                 "estate", "residential compound"),
    "building": ("楼栋", "住宅楼号", "楼号", "楼栋号", "楼", "楼栋编号", "楼幢", "幢号", "building",
                 "building no", "building number"),
    "unit": ("单元", "单元号", "单元编号", "unit", "unit no"),
    "room": ("房间", "房号", "房间号", "户号", "门牌", "room"),
    # Not 位置 / 具体位置: in grid forms they say where inside the building (楼道, 屋顶), not an address.
    "address": ("地址", "详细地址", "问题地址", "具体地址", "门牌地址", "地址描述", "address",
                "full address"),
    "problem": ("问题", "问题名称", "存在问题", "问题项", "问题事项", "问题内容", "problem", "issue"),
    # The report's own problem type / category (kept as written; core/problems.py uses it when the
    # problem is not in the catalogue).
    "problem_type": ("问题类型", "问题类别", "问题分类", "类别", "类型", "问题大类", "category",
                     "problem category", "problem type"),
    "severity": ("严重程度", "程度", "问题程度", "等级", "severity"),
    "photo": ("图片", "照片", "照片文件", "照片名称", "图片名称", "现场照片", "photo", "photos",
              "picture", "image"),
    "description": ("描述", "问题描述", "备注", "情况说明", "说明", "description", "remark", "remarks",
                    "note", "notes"),
    "reporter": ("上报人", "网格员", "填报人", "采集人", "调查人", "reporter"),
    "phone": ("联系电话", "电话", "手机", "手机号", "联系方式", "phone", "mobile", "tel"),
    "date": ("上报日期", "日期", "填报时间", "上报时间", "填报日期", "调查日期", "date", "report date"),
    "status": ("整改状态", "状态", "整改情况", "status"),
    "x": ("x", "x坐标", "横坐标"),
    "y": ("y", "y坐标", "纵坐标"),
    "lon": ("经度", "lon", "lng", "long", "longitude"),
    "lat": ("纬度", "lat", "latitude"),
}

#: How many rows from the top of a sheet are candidates for the header row (a header may sit
#: under a long block of instructions).
HEADER_SCAN_ROWS = 50
#: A header row must match at least this many known columns …
MIN_HEADER_SCORE = 2
#: … and below this many rows at least DEEP_HEADER_SCORE, one of them an address column.
NEAR_HEADER_ROWS = 15
DEEP_HEADER_SCORE = 3
_ADDRESS_KEYS = frozenset(("compound", "building", "address", "x", "y", "lon", "lat"))

_BRACKETED = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]$")
_DROP = re.compile(r"[\s*＊:：]+")


@functools.lru_cache(maxsize=1 << 16)  # the same few dozen header texts recur in every sheet
def normalize_header(text: str) -> str:
    """Comparable form of a header cell: NFKC, lower case, no spaces / stars / colons."""
    if not text:
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(text))).lower()


def _index() -> Dict[str, str]:
    index: Dict[str, str] = {}
    for key, spellings in HEADER_SYNONYMS.items():
        for spelling in spellings:
            index.setdefault(normalize_header(spelling), key)
    return index


_SYNONYM_INDEX = _index()


#: header_key results without overrides, per cell text: the header search looks at the first rows of
#: every sheet, and a folder of forms repeats the same cells thousands of times. Bounded.
_KEY_CACHE: Dict[str, Optional[str]] = {}
_KEY_CACHE_MAX = 1 << 17


def header_key(text: str, overrides_by_header: Optional[Dict[str, str]] = None) -> Optional[str]:
    """Canonical key of a header cell, or ``None``. ``overrides_by_header``: normalised header -> key."""
    if overrides_by_header:
        return _header_key(text, overrides_by_header)
    try:
        return _KEY_CACHE[text]
    except KeyError:
        pass
    except TypeError:  # an unhashable cell value: nothing to remember
        return _header_key(text, None)
    if len(_KEY_CACHE) >= _KEY_CACHE_MAX:
        _KEY_CACHE.clear()
    key = _KEY_CACHE[text] = _header_key(text, None)
    return key


def _header_key(text: str, overrides_by_header: Optional[Dict[str, str]]) -> Optional[str]:
    norm = normalize_header(text)
    if not norm:
        return None
    if overrides_by_header and norm in overrides_by_header:
        return overrides_by_header[norm]
    key = _SYNONYM_INDEX.get(norm)
    if key is None:
        stripped = _BRACKETED.sub("", norm)
        if stripped and stripped != norm:
            key = _SYNONYM_INDEX.get(stripped)
    return key


def find_header_row(rows: Sequence[Sequence[str]],
                    overrides_by_header: Optional[Dict[str, str]] = None) -> Optional[int]:
    """Index (in ``rows``) of the row that looks most like a header, or ``None``.

    Each candidate row is scored by how many distinct canonical keys its cells match; the best
    score wins, the earliest row on a tie. Title rows and merged cells above score 0 or 1. A row
    within the first :data:`NEAR_HEADER_ROWS` rows needs :data:`MIN_HEADER_SCORE` keys; a row
    further down (under a block of instructions, up to :data:`HEADER_SCAN_ROWS`) needs
    :data:`DEEP_HEADER_SCORE` keys, one of them an address column, so that a line of instructions
    that happens to hold two column names is not taken for the header.
    """
    best, best_score = None, MIN_HEADER_SCORE - 1
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        # a row of n filled cells has at most n keys: one that cannot beat the best is not looked
        # up (the data rows under a found header, nearly every row scanned)
        if len(row) - row.count("") <= best_score:
            continue
        keys = {header_key(c, overrides_by_header) for c in row if c}
        keys.discard(None)
        if len(keys) > best_score and (i < NEAR_HEADER_ROWS or (
                len(keys) >= DEEP_HEADER_SCORE and not keys.isdisjoint(_ADDRESS_KEYS))):
            best, best_score = i, len(keys)
    return best


def combine_header_rows(rows: Sequence[Sequence[str]], h: int,
                        overrides_by_header: Optional[Dict[str, str]] = None) -> Tuple[List[str], int]:
    """The header of a table whose header row is ``rows[h]``, allowing for two-row headers.

    Chinese forms often group columns under a merged parent cell (``地址`` above ``小区 | 楼栋 |
    单元``) and merge single headers vertically over both rows (only the top cell holds text).
    A row right below the header counts as a sub-header when at least two of its cells, and at
    least half of its non-empty cells, are known headers: its cells replace the parent's. Empty
    header cells take a known header from the row above (a vertically merged header that starts
    there). Returns ``(header cells, index of the first data row)``.
    """
    header = list(rows[h])
    first_data = h + 1
    if h + 1 < len(rows):
        below = rows[h + 1]
        filled = [c for c in below if c]
        known = [c for c in filled if header_key(c, overrides_by_header)]
        if len(known) >= 2 and 2 * len(known) >= len(filled):
            if len(below) > len(header):
                header += [""] * (len(below) - len(header))
            for c, text in enumerate(below):
                if text:
                    header[c] = text
            first_data = h + 2
    if h > 0:
        above = rows[h - 1]
        for c, text in enumerate(above[:len(header)]):
            if not header[c] and text and header_key(text, overrides_by_header):
                header[c] = text
    return header, first_data


def map_columns(header: Iterable[str], overrides: Optional[Dict[str, str]] = None
                ) -> Tuple[List[Tuple[str, int]], List[str], List[str]]:
    """Map header cells to canonical keys.

    Returns ``(pairs, duplicates, missing_overrides)``: ``pairs`` lists ``(key, column index)`` in
    priority order (an override first, then left to right); ``duplicates`` the keys found in more
    than one column (the first non-empty cell wins per row); ``missing_overrides`` the override
    header texts not present in the header.
    """
    header = list(header)
    norm_cells = [normalize_header(c) for c in header]
    pairs: List[Tuple[str, int]] = []
    overridden = set()
    missing: List[str] = []
    for key, text in (overrides or {}).items():
        norm = normalize_header(text)
        if norm in norm_cells:
            pairs.append((key, norm_cells.index(norm)))
            overridden.add(key)
        else:
            missing.append(text)
    override_cols = {col for _key, col in pairs}
    seen: Dict[str, int] = {}
    duplicates: List[str] = []
    for col, text in enumerate(header):
        if col in override_cols:
            continue
        key = header_key(text)
        if key is None or key in overridden:
            continue
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen[key] = col
        pairs.append((key, col))
    return pairs, duplicates, missing
