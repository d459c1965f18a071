"""Match parsed reports to the buildings of the standard address library.

Order: the compound by exact name → alias → one-character typo (restricted to the report's
community or grid when it is known), then the building by canonical key (a dict lookup), then
the unit against the building's unit count. Ambiguity is never guessed: the row stays unmatched
with reason ``ambiguous`` and its candidates. Reasons come from ``schema.UNMATCHED_REASONS``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from .address import (
    _KIND_RANK,
    CompoundHit,
    ParsedAddress,
    parse_address,
    parse_building,
    parse_room,
    parse_unit,
)
from .feedback import check
from .gcpause import paused_gc
from .library import ALIAS_SCORES, AddressLibrary, BuildingRecord, area_key
from .normalize import name_key, number_value

FUZZY_SCORE = 0.85
#: Score factor when the building was taken as the only building of its compound (散楼).
SINGLE_BUILDING_FACTOR = 0.9
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class MatchResult:
    """Outcome for one report: a ``building_id`` with ``method`` and ``score`` (or, at ``level``
    ``compound``, the compound ``parsed.compound`` without a building), or a ``reason``."""

    building_id: Optional[str]
    method: str = ""  # exact | alias | fuzzy
    score: float = 0.0
    reason: str = ""  # one of schema.UNMATCHED_REASONS when unmatched
    candidates: Tuple[Tuple[str, float], ...] = ()
    parsed: ParsedAddress = ParsedAddress()
    level: str = "building"  # building | compound (the report names a compound but no building)

    @property
    def matched(self) -> bool:
        return self.building_id is not None or self.level == "compound"

    def candidates_text(self) -> str:
        """Candidates as ``BLD-000001:0.82;BLD-000007:0.80``."""
        return ";".join("{}:{:.2f}".format(bid, score) for bid, score in self.candidates)


@dataclass
class BatchResult:
    """Matched and unmatched reports of a batch, each as ``(row, MatchResult)``."""

    matched: List[Tuple[Any, MatchResult]]
    unmatched: List[Tuple[Any, MatchResult]]


class _CellCache:
    """The address cells already parsed against one library: a round repeats the same compound,
    building and unit spellings on thousands of rows, and a cell always parses the same way."""

    LIMIT = 500000

    def __init__(self, index: Any):
        self.index = index
        self.compound: Dict[str, ParsedAddress] = {}
        self.building: Dict[str, Tuple[ParsedAddress, Optional[str]]] = {}
        self.address: Dict[str, ParsedAddress] = {}
        self.unit: Dict[str, Optional[str]] = {}
        self.room: Dict[str, Optional[str]] = {}
        #: library areas among the area keys of a report (read only: shared by the reports)
        self.known: Dict[Tuple[str, ...], Set[str]] = {}

    def clear_if_full(self) -> None:
        for memo in (self.compound, self.building, self.address, self.unit, self.room):
            if len(memo) > self.LIMIT:
                memo.clear()


def _cell_cache(library: AddressLibrary) -> _CellCache:
    cache = library.__dict__.get("_cell_cache")
    if cache is None or cache.index is not library.index:
        cache = library.__dict__["_cell_cache"] = _CellCache(library.index)
    return cache


def _parse_compound_cell(compound_cell: str, index: Any) -> ParsedAddress:
    key = name_key(compound_cell)
    if key in index.keys:
        hit = index._hit(key)
        return ParsedAddress(hit.canonical, compound_text=compound_cell, compound_method=hit.method,
                             compound_candidates=hit.candidates, compound_key=hit.key)
    parsed = parse_address(compound_cell, index)
    if parsed.compound is None and not parsed.compound_candidates:
        hit = index.lookup(compound_cell)
        if hit.canonical or hit.candidates:
            parsed = replace(parsed, compound=hit.canonical, compound_method=hit.method,
                             compound_candidates=hit.candidates, compound_key=hit.key)
    return parsed


def parse_values(values: Mapping[str, str], library: AddressLibrary) -> ParsedAddress:
    """Parse the address cells of one report row (compound / building / unit / room columns, or a
    free-text address column, or both) into one :class:`ParsedAddress` resolved against the library.

    Each distinct cell is parsed once per library (the pieces are memoised); the pieces combine
    as: the compound cell names the compound, the building cell the building, the free-text
    address fills what they leave empty, the unit and room cells win over the parsed ones.
    """
    compound_cell = (values.get("compound") or "").strip()
    building_cell = (values.get("building") or "").strip()
    unit_cell = (values.get("unit") or "").strip()
    room_cell = (values.get("room") or "").strip()
    address = (values.get("address") or "").strip()
    if not (compound_cell or building_cell or address):
        if unit_cell or room_cell:
            return ParsedAddress(unit=parse_unit(unit_cell), room=parse_room(room_cell))
        return ParsedAddress()
    cache = _cell_cache(library)
    index = library.index
    compound = building = unit = room = floor = None
    c_text = c_method = c_key = ""
    c_candidates: Tuple[str, ...] = ()
    if compound_cell:
        part = cache.compound.get(compound_cell)
        if part is None:
            cache.clear_if_full()
            part = cache.compound[compound_cell] = _parse_compound_cell(compound_cell, index)
        compound, building, unit, room, floor = part.compound, part.building, part.unit, part.room, part.floor
        c_text, c_method, c_candidates, c_key = (part.compound_text, part.compound_method,
                                                 part.compound_candidates, part.compound_key)
    if building_cell:
        cached = cache.building.get(building_cell)
        if cached is None:
            from_building = parse_address(building_cell, index)
            cache.clear_if_full()
            cached = cache.building[building_cell] = (
                from_building, from_building.building or parse_building(building_cell))
        from_building, number = cached
        building = number or building
        unit = unit or from_building.unit
        room = room or from_building.room
        if not compound_cell and (from_building.compound or from_building.compound_candidates):
            compound, c_text, c_method, c_candidates, c_key = (
                from_building.compound, from_building.compound_text, from_building.compound_method,
                from_building.compound_candidates, from_building.compound_key)
    if address:
        from_address = cache.address.get(address)
        if from_address is None:
            cache.clear_if_full()
            from_address = cache.address[address] = parse_address(address, index)
        if not (compound_cell or building_cell):
            compound, building, unit, room, floor = (from_address.compound, from_address.building,
                                                     from_address.unit, from_address.room, from_address.floor)
            c_text, c_method, c_candidates, c_key = (
                from_address.compound_text, from_address.compound_method,
                from_address.compound_candidates, from_address.compound_key)
        else:
            if compound is None and not c_candidates and (
                    from_address.compound or from_address.compound_candidates):
                compound, c_text, c_method, c_candidates, c_key = (
                    from_address.compound, from_address.compound_text, from_address.compound_method,
                    from_address.compound_candidates, from_address.compound_key)
            building = building or from_address.building
            unit = unit or from_address.unit
            room = room or from_address.room
    if unit_cell:
        if unit_cell in cache.unit:
            parsed_unit = cache.unit[unit_cell]
        else:
            cache.clear_if_full()
            parsed_unit = cache.unit[unit_cell] = parse_unit(unit_cell)
        unit = parsed_unit or unit
    if room_cell:
        if room_cell in cache.room:
            parsed_room = cache.room[room_cell]
        else:
            cache.clear_if_full()
            parsed_room = cache.room[room_cell] = parse_room(room_cell)
        room = parsed_room or room
    return ParsedAddress(compound, building, unit, room, floor, c_text or compound_cell, c_method,
                         c_candidates, c_key)


def _with_compound(parsed: ParsedAddress, source: ParsedAddress) -> ParsedAddress:
    return replace(parsed, compound=source.compound, compound_text=source.compound_text,
                   compound_method=source.compound_method, compound_candidates=source.compound_candidates,
                   compound_key=source.compound_key)


_ROUNDED: Dict[Tuple[float, int], float] = {}


def _round(value: float, digits: int) -> float:
    """``round(value, digits)``, remembered: matching rounds the same few scores again and again."""
    key = (value, digits)
    rounded = _ROUNDED.get(key)
    if rounded is None:
        if len(_ROUNDED) > 10000:
            _ROUNDED.clear()
        rounded = _ROUNDED[key] = round(value, digits)
    return rounded


def _method_score(hit_method: str, key_kind: str) -> Tuple[str, float]:
    if hit_method == "exact":
        return "exact", 1.0
    if hit_method == "fuzzy":
        return "fuzzy", FUZZY_SCORE
    return "alias", ALIAS_SCORES.get(key_kind, 0.9)


def coordinate_score(method: str, distance: float, max_distance: float) -> float:
    """Score of a row placed by its coordinates: 1.0 inside a footprint (``point``); on the nearest
    footprint (``nearest``) 0.9 × (1 − distance / max_distance), never below 0.45."""
    if method == "point":
        return 1.0
    return round(max(0.5, 1.0 - distance / max(max_distance, 1e-9)) * 0.9, 4)


def _building_candidates(library: AddressLibrary, compounds: Sequence[str], building: Optional[str],
                         score: float) -> Tuple[Tuple[str, float], ...]:
    out: List[Tuple[str, float]] = []
    for compound in compounds:
        exact = library.find(compound, building) if building else []
        if exact:
            out.extend((b.id, _round(score, 2)) for b in exact)
            continue
        # nearest building numbers of the compound
        near = _nearest_buildings(library.by_compound.get(compound, []), library, building)
        out.extend((b.id, _round(score * 0.6, 2)) for b in near[:3])
    return tuple(out[:MAX_CANDIDATES])


def _nearest_buildings(buildings: Sequence[BuildingRecord], library: AddressLibrary,
                       building: Optional[str]) -> List[BuildingRecord]:
    wanted = number_value(building)
    if wanted is None:
        return list(buildings[:3])

    def distance(b: BuildingRecord) -> int:
        value = number_value(library.building_no_of(b.id))
        return abs(value - wanted) if value is not None else 10 ** 9

    return sorted(buildings, key=distance)[:3]


_METHOD_OF_KIND = {"name": "exact", "fuzzy": "fuzzy"}
_DOOR_NAME_RE = re.compile(r"[0-9]+号(?:楼|院)?$")


def _resolve_in_area(parsed: ParsedAddress, library: AddressLibrary, known: Set[str]
                     ) -> Tuple[Optional[str], str, Tuple[str, ...]]:
    """(compound, method, tied candidates) among the compounds the text may name inside ``known``."""
    # a compound the text names (exactly or by alias) only gives way to another spelling of the same
    # text in the report's area, never to a typo correction
    found = parsed.compound is not None and parsed.compound_method != "fuzzy"
    options: Dict[str, str] = library.index.candidates(parsed.compound_text, fuzzy=not found) \
        if parsed.compound_text else {}
    for candidate in parsed.compound_candidates:
        options.setdefault(candidate, "fuzzy" if parsed.compound_method == "fuzzy" else "generated")
    if parsed.compound:
        options.setdefault(parsed.compound, "name" if parsed.compound_method == "exact" else "generated")
    inside = {c: k for c, k in options.items() if library.compound_areas.get(c, set()) & known}
    if not inside:
        return None, "", ()
    best = min(_KIND_RANK.get(k, 4) for k in inside.values())
    top = sorted(c for c, k in inside.items() if _KIND_RANK.get(k, 4) == best)
    if len(top) == 1:
        return top[0], _METHOD_OF_KIND.get(inside[top[0]], "alias"), ()
    return None, "", tuple(top)


def _only_holder(library: AddressLibrary, compounds: Sequence[str], building: Optional[str]) -> Optional[str]:
    """The one compound among ``compounds`` that has building ``building``, else None: of two
    compounds a spelling may name, only one may hold the building the report names."""
    if not building:
        return None
    holders = [c for c in compounds if library.find(c, building)]
    return holders[0] if len(holders) == 1 else None


def match_parsed(parsed: ParsedAddress, library: AddressLibrary, community: str = "", grid: str = "",
                 areas: Optional[Sequence[str]] = None) -> MatchResult:
    """Match one parsed report against ``library``.

    ``community`` / ``grid`` (or ``areas``, library area keys) restrict the compound to the report's
    area when the library knows that area: a spelling shared by compounds in several communities
    (an alias that is also another compound's name) is resolved there, a typo is only corrected
    there. A report that names a compound but no building is a compound-level match (``level``
    ``compound``, no building id) unless the compound is a single scattered building.
    """
    if parsed.is_empty and not parsed.compound_candidates:
        return MatchResult(None, reason="empty_address", parsed=parsed)
    if areas is None:
        areas = (area_key(community), area_key(grid))
    memo = _cell_cache(library).known
    known = memo.get(areas)
    if known is None:
        if len(memo) > _CellCache.LIMIT:
            memo.clear()
        known = memo[areas] = {a for a in areas if a and a in library.areas}
    hit_method = parsed.compound_method
    compound = parsed.compound
    entry = library.index.keys.get(parsed.compound_key) if parsed.compound_key else None
    kind = entry[0] if entry else ""
    if known and not (compound is not None and library.compound_areas.get(compound, set()) & known):
        local, local_method, tied = _resolve_in_area(parsed, library, known)
        if local is not None:
            if local != compound:
                kind = ""
            compound, hit_method = local, local_method
        elif tied:
            holder = _only_holder(library, tied, parsed.building)
            if holder is None:
                return MatchResult(None, reason="ambiguous", parsed=parsed,
                                   candidates=_building_candidates(library, tied, parsed.building, 0.5))
            compound, hit_method, kind = holder, "alias", ""
        elif compound is not None and hit_method == "fuzzy":
            candidates = _building_candidates(library, [compound], parsed.building, FUZZY_SCORE)
            return MatchResult(None, reason="no_compound", parsed=parsed, candidates=candidates)
        elif compound is None and parsed.compound_candidates:
            return MatchResult(None, reason="no_compound", parsed=parsed, candidates=_building_candidates(
                library, parsed.compound_candidates, parsed.building, 0.5))
    if compound is None and parsed.compound_candidates:
        compound = _only_holder(library, parsed.compound_candidates, parsed.building)
        if compound is None:
            return MatchResult(None, reason="ambiguous", parsed=parsed, candidates=_building_candidates(
                library, parsed.compound_candidates, parsed.building, 0.5))
        hit_method = "fuzzy" if hit_method == "fuzzy" else "alias"
        kind = ""
    if compound is None:
        reason = "no_compound" if (parsed.compound_text or parsed.building) else "empty_address"
        return MatchResult(None, reason=reason, parsed=parsed)
    method, score = _method_score(hit_method, kind)
    if compound != parsed.compound:
        parsed = ParsedAddress(compound, parsed.building, parsed.unit, parsed.room, parsed.floor,
                               parsed.compound_text, parsed.compound_method, parsed.compound_candidates,
                               parsed.compound_key)
    if parsed.building:
        found = library.find(compound, parsed.building)
    else:
        in_compound = library.by_compound.get(compound, [])
        if len(in_compound) == 1 and (not library.building_no_of(in_compound[0].id)
                                      or _DOOR_NAME_RE.search(compound)):
            found = in_compound  # a scattered building (散楼) named by its door address
        else:
            return MatchResult(None, method, _round(score, 4), parsed=parsed, level="compound")
    if not found:
        return MatchResult(None, reason="no_building", parsed=parsed,
                           candidates=_building_candidates(library, [compound], parsed.building, score))
    if len(found) > 1:
        return MatchResult(None, reason="ambiguous", parsed=parsed,
                           candidates=tuple((b.id, _round(score, 2)) for b in found[:MAX_CANDIDATES]))
    target = found[0]
    unit = number_value(parsed.unit)
    if unit is not None and target.units and target.units > 0 and (unit > target.units or unit < 1):
        return MatchResult(None, reason="no_unit", parsed=parsed, candidates=((target.id, _round(score, 2)),))
    return MatchResult(target.id, method, _round(score, 4), parsed=parsed)


def match_values(values: Mapping[str, str], library: AddressLibrary,
                 areas: Optional[Sequence[str]] = None) -> MatchResult:
    """Parse and match one report given as canonical column → cell text."""
    parsed = parse_values(values, library)
    return match_parsed(parsed, library, values.get("community") or "", values.get("grid") or "", areas)


def _report_keys(row: Any) -> List[str]:
    """The report's own area names, narrowest first: its file (one grid's form), grid, community."""
    values = _values(row)
    return list(_area_names(getattr(row, "source_file", None), values.get("grid"), values.get("community")))


def _area_names(source: Optional[str], grid: Optional[str], community: Optional[str]) -> Tuple[str, ...]:
    keys = []
    if source:
        keys.append("file:" + source)
    for value in (grid, community):
        key = area_key(value)
        if key:
            keys.append(key)
    return tuple(keys)


def learn_areas(pairs: Sequence[Tuple[Any, MatchResult]], library: AddressLibrary,
                min_count: int = 2, min_share: float = 0.5,
                _row_areas: Optional[Sequence[Tuple[str, ...]]] = None) -> Dict[str, Set[str]]:
    """Which library areas (community / grid codes) a report's file, grid or community stands for.

    Learnt from the rows matched exactly: reports carry ``利农社区`` where the library holds the
    code ``150502002001``, and one form file covers one grid. An area counts when it holds at least
    ``min_share`` of the exact matches of that report area, and at least ``min_count`` of them.
    """
    # count (report areas, building) pairs first: many rows of one form name the same building
    pair_counts: Counter = Counter()
    for n, (row, result) in enumerate(pairs):
        if result.building_id is None or result.method != "exact":
            continue
        report_areas = _row_areas[n] if _row_areas is not None else tuple(_report_keys(row))
        pair_counts[(report_areas, result.building_id)] += 1
    votes: Dict[str, Counter] = defaultdict(Counter)
    for (report_areas, building_id), count in pair_counts.items():
        record = library.by_id.get(building_id)
        if record is None:
            continue
        targets = [area_key(a) for a in (record.community, record.grid) if a]
        for report_area in report_areas:
            vote = votes[report_area]
            for target in targets:
                vote[target] += count
            vote[""] += count  # number of exact matches of this report area
    mapping: Dict[str, Set[str]] = {}
    for report_area, counter in votes.items():
        total = counter.pop("")
        chosen = {a for a, n in counter.items() if n >= min_count and n >= min_share * total}
        if chosen:
            mapping[report_area] = chosen
    return mapping


#: The cells :func:`match_values` reads; rows equal on these match alike.
_MATCH_KEYS = ("compound", "building", "unit", "room", "address", "community", "grid")


def _values(row: Any) -> Mapping[str, str]:
    if type(row) is dict:
        return row
    values = getattr(row, "values", None)
    # a mapping's ``values`` is its method; a report row's is its mapping of cells
    return row if values is None or callable(values) else values


def match_rows(rows: Sequence[Any], library: AddressLibrary, feedback: Optional[Any] = None,
               start: float = 0.0, span: float = 100.0) -> BatchResult:
    """Match report rows (objects with a ``values`` mapping, e.g. ``ReportRow``); cancellable.

    Two passes: the second re-matches, inside the library areas learnt from the first pass's exact
    matches (:func:`learn_areas`: the report's file, then grid, then community), the rows whose
    compound does not lie in their own area.
    """
    # The rows, parsed addresses and results form no reference cycles; without this the cyclic
    # garbage collector rescans the growing lists again and again (a third of the matching time).
    with paused_gc():
        return _match_rows(rows, library, feedback, start, span)


def _match_rows(rows: Sequence[Any], library: AddressLibrary, feedback: Optional[Any], start: float,
                span: float) -> BatchResult:
    total = len(rows)
    results: List[MatchResult] = []
    # A round repeats the same spellings many times (one compound, many problems): each distinct
    # cell is parsed once (parse_values), each distinct parsed address is matched once per area.
    # MatchResult is immutable, so sharing it between rows is safe.
    cache: Dict[Tuple[ParsedAddress, str, str], MatchResult] = {}
    names_of: Dict[Tuple[Optional[str], Optional[str], Optional[str]], Tuple[str, ...]] = {}
    row_areas: List[Tuple[str, ...]] = []
    for i, row in enumerate(rows):
        if i % 500 == 0:
            check(feedback, i, total, start, span * 0.8)
        values = _values(row)
        get = values.get
        community, grid = get("community"), get("grid")
        parsed = parse_values(values, library)
        key = (parsed, community or "", grid or "")
        result = cache.get(key)
        if result is None:
            if len(cache) > _CellCache.LIMIT:
                cache.clear()
            result = cache[key] = match_parsed(parsed, library, key[1], key[2])
        results.append(result)
        area_key_ = (getattr(row, "source_file", None), grid, community)
        names = names_of.get(area_key_)
        if names is None:
            names = names_of[area_key_] = _area_names(*area_key_)
        row_areas.append(names)
    mapping = learn_areas(list(zip(rows, results)), library, _row_areas=row_areas)
    if mapping:
        tiers_of: Dict[Tuple[str, ...], List[Tuple[Set[str], Tuple[str, ...]]]] = {}
        compound_areas = library.compound_areas
        for i in range(total):
            if i % 500 == 0:
                check(feedback, i, total, start + span * 0.8, span * 0.2)
            report_areas = row_areas[i]
            tiers = tiers_of.get(report_areas)
            if tiers is None:
                tiers = []
                for report_area in report_areas:
                    if report_area in mapping:
                        areas = mapping[report_area] | {report_area}
                        tiers.append((areas, tuple(areas)))
                tiers_of[report_areas] = tiers
            if not tiers:
                continue
            result = results[i]
            if result.reason == "empty_address":
                continue
            compound = result.parsed.compound
            if compound and compound_areas.get(compound, set()) & tiers[0][0] and (
                    result.matched or result.reason in ("no_unit", "no_building")):
                continue
            for _areas, area_tuple in tiers:
                again = match_parsed(result.parsed, library, areas=area_tuple)
                if again.matched or again.reason not in ("ambiguous", "no_compound"):
                    results[i] = again
                    break
    check(feedback, total, total, start, span)
    matched: List[Tuple[Any, MatchResult]] = []
    unmatched: List[Tuple[Any, MatchResult]] = []
    for row, result in zip(rows, results):
        if result.building_id is not None or result.level == "compound":
            matched.append((row, result))
        else:
            unmatched.append((row, result))
    return BatchResult(matched, unmatched)


__all__ = ["MatchResult", "BatchResult", "parse_values", "match_parsed", "match_values", "match_rows",
           "learn_areas", "CompoundHit"]
