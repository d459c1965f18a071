"""Parse Chinese building addresses into compound / building / unit / room.

Grid workers write ``天福家园南区3号楼2单元``, ``3#``, ``三号楼``, ``第3栋``, ``47-6-746`` (building-unit-
room); hotline addresses put province, city, district, street, road and door number before the
compound (``良渚街道金德路191号赞成美树14-9-1456室``). :func:`parse_address` tokenises the text once
with precompiled regexes, picks the building token, reads unit / floor / room after it, and takes
the text before it as the compound span. Given the library's compound names (a
:class:`CompoundIndex`, a mapping alias → name, or plain names) the span is resolved to the
canonical name: exact substring → alias (phase written differently, short form) → one-character
typo; ambiguous spellings are reported with their candidates, never guessed.

House-number rules (tested in ``tests/core/test_address.py``):

- **Door ranges** ``106~110``, ``106～110号``, ``106至110号``: one building whose door plates run
  from 106 to 110 (联号门牌). The building number is the range itself, ``"106~110"``, not its first
  number: building 106 may be another building of the same compound, and a library that records the
  building as ``106~110`` (or ``106至110号``) gets the same key. Directly after a road name
  (``和平路106~110号``) the range is the door address of a scattered building, i.e. the compound
  name, like ``和平路45号``.
- **Stem suffixes** ``15甲``, ``15甲楼``, ``15乙号楼``, ``15丙栋``: a building built beside 15
  (甲乙丙丁戊); the suffix is part of the building number (``"15甲"``), as letters are (``12A``).
- **Lanes** (弄, the Shanghai convention): ``长乐路628弄`` is the lane and belongs to the compound
  span (the compound as the library names it); the ``号`` after the lane is the building:
  ``628弄4号`` → building 4, ``628弄4号702室`` → building 4, room 702. ``628弄4-7号`` is one building
  with the door plates 4 … 7 → building ``"4~7"`` (write it so in the library). Outside a lane a
  dash keeps the northern building-unit reading: ``4-7号``, ``5-2`` → building 4 / 5, unit 7 / 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from .normalize import CN_NUMERAL_CHARS, clean_text, name_key, normalize_number

# --- compound-name variants ------------------------------------------------------------------

#: Alias kinds, from strongest to weakest. ``name`` is a canonical name itself.
KIND_NAME = "name"
KIND_MANUAL = "manual"
KIND_GENERATED = "generated"
KIND_PHASE = "phase"
KIND_SHORT = "short"
ALIAS_KINDS = (KIND_MANUAL, KIND_GENERATED, KIND_PHASE, KIND_SHORT)
_KIND_RANK = {KIND_NAME: 0, KIND_MANUAL: 1, KIND_GENERATED: 2, KIND_PHASE: 3, KIND_SHORT: 3, "fuzzy": 4}

_CN = CN_NUMERAL_CHARS
_PHASE_RE = re.compile(
    r"^(?P<base>.{{2,}}?)(?P<phase>(?:[东南西北中]|[0-9]+|[{cn}]+|[A-Z])(?:区|期|苑|组团|座))$".format(cn=_CN))
_GENERIC_SUFFIX_RE = re.compile(
    r"(?:小区|家园|花园|新村|公寓|社区|新城|嘉园|佳园|家苑|花苑|雅苑|名苑|新苑|苑|园|城|村|里|院|府|庭|居|湾|坊)$")
_DOOR_RE = re.compile(r"[0-9]+号$")
_BRACKET_CONTENT_RE = re.compile(r"[(（【\[〔][^)）】\]〕]*[)）】\]〕]")


def _core(name: str) -> str:
    core = _GENERIC_SUFFIX_RE.sub("", name)
    return core if len(core) >= 2 else ""


def compound_variants(name: str) -> List[Tuple[str, str]]:
    """Comparison keys under which a compound ``name`` is recognised, with their kind.

    ``天福家园(南区)`` gives ``天福家园南区`` (name), ``天福家园`` (phase: the compound without its
    phase, possibly shared by several phases), ``天福南区`` (short) and ``天福`` (short).
    """
    key = name_key(name)
    if len(key) < 2:
        return []
    out: Dict[str, str] = {key: KIND_NAME}

    def add(variant: str, kind: str) -> None:
        if len(variant) >= 2 and variant not in out:
            out[variant] = kind

    without = name_key(_BRACKET_CONTENT_RE.sub("", clean_text(name)))
    if without != key:
        add(without, KIND_PHASE)
    match = _PHASE_RE.match(key)
    if match:
        base, phase = match.group("base"), match.group("phase")
        add(base, KIND_PHASE)
        digits = normalize_number(phase[:-1]) if phase[-1] in "区期苑座" else None
        if digits and digits != phase[:-1]:
            add(base + digits + phase[-1], KIND_GENERATED)
        core = _core(base)
        if core:
            add(core + phase, KIND_SHORT)
    elif _DOOR_RE.search(key):
        add(key + "楼", KIND_GENERATED)  # 日月街223号 written 日月街223号楼
    else:
        core = _core(key)
        if core:
            add(core, KIND_SHORT)
        if not key.endswith("小区"):
            add(key + "小区", KIND_GENERATED)
    return list(out.items())


# --- the compound index ----------------------------------------------------------------------

@dataclass(frozen=True)
class CompoundHit:
    """How a text names a compound: ``canonical`` (None when not found or ambiguous), ``method``
    (``exact`` | ``alias`` | ``fuzzy`` | ``""``), ``candidates`` (canonical names when ambiguous or
    found only approximately) and the matched ``key``."""

    canonical: Optional[str]
    method: str
    candidates: Tuple[str, ...] = ()
    key: str = ""


_NO_HIT = CompoundHit(None, "")


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


class CompoundIndex:
    """Compound names and aliases ready for fast lookup in free text.

    ``entries`` are ``(text, canonical, kind)``; kind ``name`` marks canonical names. Generated
    variants (:func:`compound_variants`) are added for names. A key that is some compound's exact
    name never points to another compound; manual aliases beat generated ones; generated keys shared
    by several compounds stay ambiguous.
    """

    FUZZY_MIN_LENGTH = 4

    def __init__(self, entries: Iterable[Tuple[str, str, str]] = (), generate: bool = True):
        best: Dict[str, Tuple[int, Dict[str, str]]] = {}
        self.names: Dict[str, str] = {}  # canonical name → its key
        #: key → {canonical: kind} for every entry, including those a stronger entry hides
        self.entries: Dict[str, Dict[str, str]] = {}

        def put(key: str, canonical: str, kind: str) -> None:
            if len(key) < 2:
                return
            rank = _KIND_RANK.get(kind, 3)
            every = self.entries.setdefault(key, {})
            if canonical not in every or rank < _KIND_RANK.get(every[canonical], 3):
                every[canonical] = kind
            current = best.get(key)
            if current is None or rank < current[0]:
                best[key] = (rank, {canonical: kind})
            elif rank == current[0]:
                current[1].setdefault(canonical, kind)

        entries = list(entries)
        for text, canonical, kind in entries:
            if kind == KIND_NAME:
                self.names[canonical] = name_key(canonical)
                if generate:
                    for variant, vkind in compound_variants(text):
                        put(variant, canonical, vkind)
                else:
                    put(name_key(text), canonical, KIND_NAME)
        for text, canonical, kind in entries:
            if kind != KIND_NAME:
                if canonical not in self.names:
                    self.names[canonical] = name_key(canonical)
                    put(name_key(canonical), canonical, KIND_NAME)
                put(name_key(text), canonical, kind)
        #: key → (kind of the best entry, canonical names)
        self.keys: Dict[str, Tuple[str, Tuple[str, ...]]] = {
            key: (next(iter(kinds.values())), tuple(sorted(kinds))) for key, (_rank, kinds) in best.items()
        }
        by2: Dict[str, List[str]] = {}
        for key in self.keys:
            by2.setdefault(key[:2], []).append(key)
        for keys in by2.values():
            keys.sort(key=len, reverse=True)
        self._by2 = by2
        self._weak = frozenset(k for k, (kind, _c) in self.keys.items() if kind in (KIND_PHASE, KIND_SHORT))
        self._deletes: Dict[str, List[str]] = {}
        for key in self.keys:
            if len(key) >= self.FUZZY_MIN_LENGTH:
                for i in range(len(key)):
                    self._deletes.setdefault(key[:i] + key[i + 1:], []).append(key)
        self.max_length = max((len(k) for k in self.keys), default=0)
        self._cache: Dict[Tuple[str, str], CompoundHit] = {}

    @classmethod
    def from_names(cls, names: Union["CompoundIndex", Mapping[str, str], Iterable[str]]) -> "CompoundIndex":
        """An index from canonical names, or from a mapping alias → canonical name."""
        if isinstance(names, CompoundIndex):
            return names
        if isinstance(names, Mapping):
            entries = [(c, c, KIND_NAME) for c in set(names.values())]
            entries += [(a, c, KIND_MANUAL) for a, c in names.items() if name_key(a) != name_key(c)]
            return cls(entries)
        return cls([(n, n, KIND_NAME) for n in names if n])

    def __len__(self) -> int:
        return len(self.names)

    def _hit(self, key: str) -> CompoundHit:
        kind, canonicals = self.keys[key]
        method = "exact" if kind == KIND_NAME else "alias"
        if len(canonicals) > 1:
            return CompoundHit(None, method, canonicals, key)
        return CompoundHit(canonicals[0], method, (), key)

    def lookup(self, text: str) -> CompoundHit:
        """The compound named by ``text`` as a whole (no substring search)."""
        key = name_key(text)
        if key in self.keys:
            return self._hit(key)
        return self._fuzzy([key])

    def find(self, zone: str, span: str = "") -> CompoundHit:
        """The compound named inside ``zone`` (text before the building number).

        ``span`` is the zone without admin/road prefixes; it is tried first for typos.
        """
        cache_key = (zone, span)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        hit = self._find(name_key(zone), name_key(span))
        if len(self._cache) > 200000:
            self._cache.clear()
        self._cache[cache_key] = hit
        return hit

    def _exact(self, zone: str, strong_only: bool) -> str:
        """The longest key found inside ``zone`` (the earliest one among equally long keys).

        Weak keys (phase bases and short forms such as ``天福`` for ``天福家园``) count only as the
        whole span, never inside a longer name or the admin/road prefix (``明仁街道`` is not ``明仁小区``).
        """
        best_key = ""
        by2 = self._by2
        weak = self._weak
        for i in range(len(zone) - 1):
            keys = by2.get(zone[i:i + 2])
            if keys:
                for key in keys:
                    if len(key) <= len(best_key):
                        break
                    if zone.startswith(key, i) and not (
                            key in weak and (strong_only or i or len(key) != len(zone))):
                        best_key = key
                        break
        return best_key

    def _find(self, zone: str, span: str) -> CompoundHit:
        best_key = self._exact(span, False) if span else ""
        if not best_key and span != zone:
            best_key = self._exact(zone, True)
        if best_key:
            if len(best_key) < len(span) and (best_key in self._weak or self.keys[best_key][0] != KIND_NAME):
                # 前进小区南曲: a typo of the whole span (前进小区南区) beats a part of it that is
                # another compound's alias (前进小区 → 前进嘉园)
                fuzzy = self._fuzzy([span])
                if fuzzy.canonical or fuzzy.candidates:
                    return fuzzy
            return self._hit(best_key)
        # (piece, whole): a piece cut out of the text (to drop a prefix or trailing junk) may only
        # be a typo of a name of its own length or shorter. Otherwise cutting one character and
        # inserting another makes two edits look like one (紫金花园 → 金花园 → 金华花园).
        spans: List[Tuple[str, bool]] = []
        if span:
            spans.append((span, True))
            spans.extend((span[:n], False) for n in range(len(span) - 1, self.FUZZY_MIN_LENGTH - 2, -1))
        spans.extend((zone[-n:], n == len(zone)) for n in range(min(len(zone), self.max_length + 1),
                                                                self.FUZZY_MIN_LENGTH - 2, -1))
        return self._fuzzy(spans)

    def candidates(self, text: str, fuzzy: bool = True) -> Dict[str, str]:
        """Every compound ``text`` may name, with the kind of spelling: ``{canonical: kind}``, kind
        one of ``name`` | ``manual`` | ``generated`` | ``phase`` | ``short`` | ``fuzzy``.

        Unlike :meth:`find` this keeps spellings hidden by a stronger entry (an alias that is also
        another compound's name), so that the report's community can pick between them.
        """
        key = name_key(text)
        out: Dict[str, str] = {}
        if len(key) < 2:
            return out
        for i in range(len(key) - 1):
            for candidate in self._by2.get(key[i:i + 2], ()):
                if key.startswith(candidate, i) and not (
                        candidate in self._weak and len(candidate) != len(key)):
                    for canonical, kind in self.entries.get(candidate, {}).items():
                        if canonical not in out or _KIND_RANK[kind] < _KIND_RANK[out[canonical]]:
                            out[canonical] = kind
        spans = [key] + [key[:n] for n in range(len(key) - 1, self.FUZZY_MIN_LENGTH - 2, -1)] if fuzzy else []
        for span in spans:
            for found in self._fuzzy_keys(span):
                for canonical in self.entries.get(found, {}):
                    out.setdefault(canonical, "fuzzy")
        return out

    def _fuzzy_keys(self, span: str) -> List[str]:
        if len(span) < self.FUZZY_MIN_LENGTH - 1:
            return []
        deletes = self._deletes
        found = set(deletes.get(span, ()))
        for i in range(len(span)):
            variant = span[:i] + span[i + 1:]
            if variant in self.keys and len(variant) >= self.FUZZY_MIN_LENGTH:
                found.add(variant)
            found.update(deletes.get(variant, ()))
        return sorted(k for k in found if edit_distance_at_most_one(span, k))

    def _fuzzy(self, spans: Sequence[Union[str, Tuple[str, bool]]]) -> CompoundHit:
        keys = self.keys
        for item in spans:
            span, whole = item if isinstance(item, tuple) else (item, True)
            found = self._fuzzy_keys(span)
            if not whole:
                found = [k for k in found if len(k) <= len(span)]
            if found:
                canonicals = sorted({c for k in found for c in keys[k][1]})
                if len(canonicals) == 1:
                    return CompoundHit(canonicals[0], "fuzzy", tuple(canonicals), found[0])
                return CompoundHit(None, "fuzzy", tuple(canonicals), "")
        return _NO_HIT


# --- tokens ----------------------------------------------------------------------------------

#: Heavenly-stem suffixes of a building added next to another (15甲 beside 15): kept, like letters.
_STEM = "甲乙丙丁戊"
_ID = r"(?:[A-Z]?\d+(?:[A-Z]|[{stem}])?|[A-Z]|[{cn}]+)".format(cn=_CN, stem=_STEM)
_NUM = r"(?:\d+|[{cn}]+)".format(cn=_CN)
_TOKEN_RE = re.compile(
    r"(?P<rng>(?<![0-9A-Z])(?P<ra>\d+)~(?P<rb>\d+)(?:号楼|号院楼|#楼|号栋|号幢|号|栋|幢|#|楼)?)"
    r"|(?P<dash>(?<![0-9A-Z])(?P<d1>[A-Z]?\d+[A-Z]?|[A-Z])-(?P<d2>[A-Z]?\d+[A-Z]?|[A-Z])(?:-(?P<d3>\d+[A-Z]?))?"
    r"(?P<d3s>楼|层|室|房|号|单元)?)"
    r"|(?P<bld>(?P<bpre>第)?(?:(?P<b>{id})(?:号楼|#楼|号栋|号幢|栋楼|栋|幢|座|#|撞|懂|号院楼|排)"
    r"|(?P<bs>\d+[{stem}])楼))"  # 15甲楼: after a stem, 楼 names the building (no floor is 甲)
    r"|(?P<unit>(?P<u>{id})(?:单元|号门|门|梯|单(?!位)))"
    r"|(?P<room>(?P<r>[A-Z]?\d+[A-Z]?)(?:室|号房|房|户))"
    r"|(?P<floor>(?P<f>{num})(?:楼|层|F)(?![0-9A-Z]*(?:号楼|栋|幢)))"
    r"|(?P<hao>(?P<h>{id})号)"
    r"|(?P<udash>(?<![0-9A-Z])(?P<ud>\d+)-(?![0-9A-Z]))"
    r"|(?P<num>(?<![0-9A-Z])(?P<n>[A-Z]?\d+(?:[A-Z]|[{stem}])?)(?![0-9A-Z]))".format(id=_ID, num=_NUM,
                                                                                    stem=_STEM))
#: 至 / 到 between two numbers of a door range (106至110号), written as ~ like 106~110 / 106～110.
_RANGE_WORD_RE = re.compile(r"(?<=[0-9])(?:至|到)(?=[0-9]+(?:号|栋|幢|#|$))")
#: In a lane (弄), a-b号 is one building with the door plates a … b (Shanghai): 628弄4-7号 → 4~7.
_LANE_RANGE_RE = re.compile(r"弄([0-9]+)-([0-9]+)号")

#: A character before a number that makes it a road / door number (金德路191号, 杜甫村12组).
_ROAD_CHARS = frozenset("路街道巷弄里村组段同")  # 同: 胡同
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_SPACE_JOIN_RE = re.compile(r"(?<![0-9A-Z]) +| +(?![0-9A-Z])")
_DASH_YI_RE = re.compile(r"(?<=[0-9])一(?=[0-9])")  # 9一9一2192: 一 typed for a dash
_TRIM_CHARS = " -_,.:;/#("

_PREFIX_RES = tuple(re.compile(p) for p in (
    r"^中国",
    r"^[\u4e00-\u9fff]{2,6}?(?:省|自治区)",
    r"^[\u4e00-\u9fff]{2,6}?市(?![场政])",
    r"^[\u4e00-\u9fff]{1,6}?(?:(?<!小)区|县|旗)(?![0-9])",
    r"^[\u4e00-\u9fff]{1,8}?(?:街道|镇|乡|苏木)",
    r"^[\u4e00-\u9fff0-9]{1,8}?(?:社区|居委会|村委会)",
    r"^[\u4e00-\u9fff0-9A-Z]{1,10}?(?:大道|大街|胡同|路|街|巷|弄)(?:[0-9]+(?:~[0-9]+)?(?:号|弄)?)?",
    r"^[0-9]+号?",
))


def strip_prefixes(zone: str) -> str:
    """``zone`` without leading province/city/district/street/community/road-and-number parts."""
    for regex in _PREFIX_RES:
        match = regex.match(zone)
        if match and len(zone) - match.end() >= 2:
            zone = zone[match.end():]
    return zone


@dataclass(frozen=True)
class ParsedAddress:
    """Result of :func:`parse_address`. Numbers are ASCII digits without leading zeros."""

    compound: Optional[str] = None
    building: Optional[str] = None
    unit: Optional[str] = None
    room: Optional[str] = None
    floor: Optional[str] = None
    compound_text: str = ""  # the compound span as written (prefixes removed)
    compound_method: str = ""  # exact | alias | fuzzy: how compound (or the candidates) was found
    compound_candidates: Tuple[str, ...] = ()  # ambiguous or approximate canonical names
    compound_key: str = ""  # the index key that matched (tells the alias kind)

    @property
    def is_empty(self) -> bool:
        return not (self.compound or self.compound_text or self.building or self.unit or self.room)


def _num(text: Optional[str]) -> Optional[str]:
    return normalize_number(text) if text else None


@lru_cache(maxsize=200000)
def _parse_structure(text: str) -> Tuple[str, str, Optional[str], Optional[str], Optional[str],
                                         Optional[str]]:
    """(zone, span, building, unit, room, floor) of a cleaned text."""
    s = _DASH_YI_RE.sub("-", _SPACE_JOIN_RE.sub("", text))
    if "~" in s or "至" in s or "到" in s or "弄" in s:
        s = _LANE_RANGE_RE.sub(r"弄\1~\2号", _RANGE_WORD_RE.sub("~", s))
    tokens = []
    for m in _TOKEN_RE.finditer(s):
        kind = m.lastgroup if m.lastgroup in ("rng", "dash", "bld", "unit", "room", "floor", "hao", "udash",
                                              "num") else _kind(m)
        if kind in ("hao", "num", "rng") and m.start() > 0 and s[m.start() - 1] in _ROAD_CHARS \
                and s[m.start() - 1] != "弄":  # after a lane (弄) the 号 names the building
            kind = "road"
        tokens.append((kind, m))
    first_unit = next((i for i, (k, _m) in enumerate(tokens) if k == "unit"), len(tokens))
    head = tokens[:first_unit]
    zone_limit = len(s)
    bi = _last(head, ("bld", "rng"))
    if bi is None:
        bi = _first(head, ("dash",))
    if bi is None and first_unit < len(tokens):
        if head and head[-1][0] == "floor" and head[-1][1].end() == tokens[first_unit][1].start():
            bi = len(head) - 1  # 1075楼3单元: 楼 names the building when a unit follows
        else:
            later = _first(tokens[first_unit:], ("bld",))  # 9单元9栋: unit written first
            if later is not None:
                zone_limit = tokens[first_unit][1].start()
                bi = first_unit + later
    if bi is None:
        bi = _last(head, ("hao",))
    if bi is None:
        # a bare number names the building when it stands alone: at the end, before a unit or a space
        for i in range(len(head) - 1, -1, -1):
            kind, m = head[i]
            if kind == "num":
                if i > 0 and head[i - 1][0] == "floor":
                    break
                nxt = s[m.end():m.end() + 1]
                if not nxt or nxt == " " or i + 1 == first_unit and first_unit < len(tokens):
                    bi = i
                break
    building = unit = room = floor = None
    if bi is not None:
        kind, m = tokens[bi]
        zone_end = m.start()
        if kind == "dash":
            building, unit = m.group("d1"), m.group("d2")
            d3, d3s = m.group("d3"), m.group("d3s")
            if d3:
                if d3s in ("楼", "层"):
                    floor = d3
                else:
                    room = d3
        elif kind == "bld":
            building = m.group("b") or m.group("bs")
        elif kind == "rng":  # one building with several door plates: kept as the range
            building = "{}~{}".format(normalize_number(m.group("ra")), normalize_number(m.group("rb")))
        elif kind == "hao":
            building = m.group("h")
        elif kind == "floor":
            building = m.group("f")
        else:
            building = m.group("n")
        rest = tokens[bi + 1:] if zone_limit == len(s) else [t for i, t in enumerate(tokens) if i != bi]
        zone_end = min(zone_end, zone_limit)
    else:
        first = next((i for i, t in enumerate(tokens) if t[0] not in ("num", "hao", "road")), len(tokens))
        rest = tokens[first:]
        zone_end = rest[0][1].start() if rest else len(s)
    has_unit_token = any(k == "unit" for k, _m in rest)
    for kind, m in rest:
        if kind == "unit":
            if unit is None:
                unit = m.group("u")
        elif kind == "dash":
            if unit is None:
                unit = m.group("d1")
                room = m.group("d3") or m.group("d2")
            elif room is None:
                room = m.group("d2")
        elif kind == "udash":
            if unit is None:
                unit = m.group("ud")
        elif kind == "floor":
            if floor is None:
                floor = m.group("f")
        elif kind == "room":
            if room is None:
                room = m.group("r")
        elif kind in ("hao", "num"):
            value = m.group("h") if kind == "hao" else m.group("n")
            if unit is None and not has_unit_token and building is not None and floor is None \
                    and not (kind == "num" and len(value) >= 3 and value.isdigit()):
                unit = value
            elif room is None:
                room = value
    zone = s[:zone_end].strip(_TRIM_CHARS)
    span = strip_prefixes(zone.replace(" ", ""))
    return zone, span, _num(building), _num(unit), _num(room), _num(floor)


def _kind(m: "re.Match[str]") -> str:
    for name in ("rng", "dash", "bld", "unit", "room", "floor", "hao", "udash", "num"):
        if m.group(name) is not None:
            return name
    return "num"


def _last(tokens, kinds) -> Optional[int]:
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i][0] in kinds:
            return i
    return None


def _first(tokens, kinds) -> Optional[int]:
    for i, (kind, _m) in enumerate(tokens):
        if kind in kinds:
            return i
    return None


_INDEX_CACHE: Dict[int, Tuple[object, int, CompoundIndex]] = {}


def compound_index(compounds: Union[CompoundIndex, Mapping[str, str], Sequence[str]]) -> CompoundIndex:
    """A :class:`CompoundIndex` for ``compounds``, built once per collection object."""
    if isinstance(compounds, CompoundIndex):
        return compounds
    cached = _INDEX_CACHE.get(id(compounds))
    if cached is not None and cached[0] is compounds and cached[1] == len(compounds):
        return cached[2]
    index = CompoundIndex.from_names(compounds)
    if len(_INDEX_CACHE) > 8:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[id(compounds)] = (compounds, len(compounds), index)
    return index


def parse_address(text: Optional[str],
                  compounds: Union[CompoundIndex, Mapping[str, str], Sequence[str]] = ()) -> ParsedAddress:
    """Split ``text`` into compound, building, unit, room (and floor).

    ``compounds`` (library names and aliases, a mapping alias → name, or a :class:`CompoundIndex`)
    turns the compound span into the canonical library name; without it ``compound`` is the span
    with province/city/district/street/road prefixes removed.
    """
    cleaned = clean_text_keep_spaces(text)
    if not cleaned:
        return ParsedAddress()
    zone, span, building, unit, room, floor = _parse_structure(cleaned)
    zone = zone.replace(" ", "")
    if compounds is not None and len(compounds):
        index = compound_index(compounds)
        hit = index.find(zone, span) if zone else _NO_HIT
        return ParsedAddress(hit.canonical, building, unit, room, floor, span, hit.method, hit.candidates,
                             hit.key)
    return ParsedAddress(span or None, building, unit, room, floor, span)


def format_address(parsed: ParsedAddress) -> str:
    """``parsed`` written as one canonical address: the compound, then ``3号楼``, ``2单元``,
    ``301室`` (missing parts left out). Parsing the text again gives the same parts back, and
    ``format_address(parse_address(format_address(p)))`` equals ``format_address(p)`` for every
    text (property-tested in tests/core/test_properties.py)."""
    parts = [parsed.compound or parsed.compound_text or ""]
    for value, suffix in ((parsed.building, "号楼"), (parsed.unit, "单元"), (parsed.room, "室")):
        if value:
            parts.append(value + suffix)
    return "".join(parts)


_WS_RE = re.compile(r"\s+")


def clean_text_keep_spaces(text: Optional[str]) -> str:
    """:func:`clean_text` but with whitespace runs kept as one space (they separate numbers)."""
    if not text:
        return ""
    text = str(text)
    if not _WS_RE.search(text):
        return clean_text(text)
    return " ".join(clean_text(part) for part in _WS_RE.split(text.strip()) if part)


def parse_building(text: Optional[str]) -> Optional[str]:
    """A building cell (``3号楼``, ``3#``, ``第3栋``, ``A座``, ``03``) as its canonical number."""
    parsed = parse_address(text)
    if parsed.building:
        return parsed.building
    cleaned = clean_text(text)
    return _num(cleaned.rstrip("号楼栋幢座#")) if cleaned and len(cleaned) <= 6 and not _CJK_RE.search(
        cleaned.rstrip("号楼栋幢座#")) else None


def parse_unit(text: Optional[str]) -> Optional[str]:
    """A unit cell (``2单元``, ``二单元``, ``2门``, ``2-``, ``2梯``, ``02``) as its canonical number."""
    cleaned = clean_text(text)
    if not cleaned:
        return None
    core = re.sub(r"(单元|号门|门|梯|单|号|-)$", "", cleaned)
    core = re.sub(r"^第", "", core)
    if core and len(core) <= 4 and not re.search(r"[^0-9A-Z{}]".format(_CN), core):
        return _num(core)
    return parse_address(text).unit


def parse_room(text: Optional[str]) -> Optional[str]:
    """A room cell (``301室``, ``301``, ``3楼301``) as its canonical number."""
    cleaned = clean_text(text)
    if not cleaned:
        return None
    parsed = parse_address(text)
    if parsed.room:
        return parsed.room
    core = re.sub(r"(室|房|号房|号|户)$", "", cleaned)
    return _num(core) if core and len(core) <= 6 and not _CJK_RE.search(core) else None
