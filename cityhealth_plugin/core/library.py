"""The standard address library (标准地址空间库): one canonical key per building and unit.

Built from building records (id, compound name, building number, units, community, grid) and
compound records (name, aliases). Every building gets the key ``<compound key>|<building no>``
and every unit ``<compound key>|<building no>|<unit>``, where the compound key is
:func:`~cityhealth_plugin.core.normalize.name_key` of the canonical compound name. The alias
table lists every other spelling the matcher accepts (kind ``generated`` | ``phase`` | ``short`` |
``manual``) and round-trips as plain records, so it can live in a GeoPackage table; spellings a
planner accepted come back as ``manual`` and win over generated ones on the next run. Conflicts
(duplicate keys, buildings outside any compound, names that collide after normalisation) are
listed, never silently resolved.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union

from .address import _KIND_RANK, KIND_MANUAL, KIND_NAME, CompoundIndex, parse_building
from .normalize import name_key

# Layer names and fields of the library GeoPackage (cityhealth:addresslibrary).
LAYER_LIBRARY_BUILDINGS = "library_buildings"
LAYER_LIBRARY_UNITS = "library_units"
LAYER_LIBRARY_ALIASES = "library_aliases"
LAYER_LIBRARY_CONFLICTS = "library_conflicts"
LIBRARY_BUILDING_FIELDS = {
    "building_id": str, "compound_name": str, "building_no": str, "units": int,
    "community": str, "grid": str, "library_key": str,
}
LIBRARY_UNIT_FIELDS = {"unit_key": str, "building_id": str, "library_key": str, "compound_name": str,
                       "building_no": str, "unit": str}
ALIAS_FIELDS = {"alias": str, "compound": str, "kind": str}
CONFLICT_FIELDS = {"kind": str, "key": str, "ids": str, "detail": str}
CONFLICT_KINDS = ("duplicate_key", "outside_compound", "name_collision", "unknown_alias")
#: Kinds found in real geometry: a building inside a compound polygon that has no name
#: (``unnamed_compound``, instead of "in no compound"), and buildings without a compound whose keys
#: ``|<building no>`` coincide (``shared_empty_key``: the key tells them apart from nothing).
#: :func:`conflict_counts` lists them when they occur.
MORE_CONFLICT_KINDS = ("unnamed_compound", "shared_empty_key")

#: Scores of a match by how the compound was recognised.
ALIAS_SCORES = {"manual": 0.98, "generated": 0.95, "phase": 0.9, "short": 0.9}


@dataclass
class BuildingRecord:
    """One building footprint of the library."""

    id: str
    compound: str
    building: str
    units: Optional[int] = None
    community: str = ""
    grid: str = ""
    outside: bool = False  # the caller found the footprint in no compound polygon
    unnamed_compound: str = ""  # the caller found it in this compound polygon, which has no name


@dataclass
class CompoundRecord:
    """A compound (小区) with the other names residents use for it."""

    name: str
    aliases: Sequence[str] = ()
    community: str = ""


@dataclass(frozen=True)
class AliasRecord:
    """A spelling ``alias`` accepted for ``compound`` (canonical name), of ``kind``."""

    alias: str
    compound: str
    kind: str

    def as_record(self) -> Dict[str, str]:
        return {"alias": self.alias, "compound": self.compound, "kind": self.kind}


@dataclass(frozen=True)
class Conflict:
    """A problem in the library a planner must resolve: ``kind`` of :data:`CONFLICT_KINDS`."""

    kind: str
    key: str
    ids: Tuple[str, ...]
    detail: str = ""

    def as_record(self) -> Dict[str, str]:
        return {"kind": self.kind, "key": self.key, "ids": ";".join(self.ids), "detail": self.detail}


@functools.lru_cache(maxsize=1 << 16)
def area_key(text: Optional[str]) -> str:
    """Comparison key of a community or grid name or code (``明仁社区`` ~ ``明仁``)."""
    key = name_key(text)
    for suffix in ("社区居委会", "居委会", "社区", "网格"):
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[:-len(suffix)]
    return key


def building_key(compound: str, building: Optional[str]) -> str:
    """Canonical key of a building: ``<compound key>|<building no>``."""
    return "{}|{}".format(name_key(compound), building or "")


def unit_key(compound: str, building: Optional[str], unit: Union[int, str]) -> str:
    """Canonical key of a unit: ``<compound key>|<building no>|<unit>``."""
    return "{}|{}".format(building_key(compound, building), unit)


def aliases_from_records(records: Iterable[Union[Mapping[str, Any], AliasRecord]]) -> List[AliasRecord]:
    """Alias records read back from a table (dicts with ``alias``, ``compound``, ``kind``)."""
    out = []
    for record in records:
        if isinstance(record, AliasRecord):
            out.append(record)
            continue
        alias = str(record.get("alias") or "").strip()
        compound = str(record.get("compound") or "").strip()
        kind = str(record.get("kind") or KIND_MANUAL).strip() or KIND_MANUAL
        if alias and compound:
            out.append(AliasRecord(alias, compound, kind))
    return out


class AddressLibrary:
    """Buildings by canonical key, the compound index with aliases, and the conflicts found.

    Treat a library as fixed once built: matching remembers the report cells it parsed against it
    (:mod:`~cityhealth_plugin.core.matching`); a changed alias table means a new library.
    """

    def __init__(self, buildings: Iterable[BuildingRecord], compounds: Iterable[CompoundRecord] = (),
                 aliases: Iterable[Union[Mapping[str, Any], AliasRecord]] = ()):
        self.buildings: List[BuildingRecord] = list(buildings)
        compounds = list(compounds)
        self.conflicts: List[Conflict] = []
        self._canonical_by_key: Dict[str, str] = {}
        self._resolve_names(compounds)

        names = sorted(set(self._canonical_by_key.values()))
        entries: List[Tuple[str, str, str]] = [(c, c, KIND_NAME) for c in names]
        for record in compounds:
            canonical = self._canonical_by_key.get(name_key(record.name))
            for alias in record.aliases:
                if canonical and alias and alias.strip():
                    entries.append((alias.strip(), canonical, KIND_MANUAL))
        for record in aliases_from_records(aliases):
            canonical = self._canonical_by_key.get(name_key(record.compound))
            if record.kind != KIND_MANUAL:
                continue  # generated spellings are generated again from the current names
            if canonical is None:
                detail = "alias {} names a compound not in the library".format(record.alias)
                key = name_key(record.alias)
                self.conflicts.append(Conflict("unknown_alias", key, (record.compound,), detail))
                continue
            entries.append((record.alias, canonical, KIND_MANUAL))
        self.index = CompoundIndex(entries)

        self.by_key: Dict[str, List[BuildingRecord]] = defaultdict(list)
        self.by_compound: Dict[str, List[BuildingRecord]] = defaultdict(list)
        self.compound_areas: Dict[str, Set[str]] = defaultdict(set)
        self.areas: Set[str] = set()
        self.by_id: Dict[str, BuildingRecord] = {b.id: b for b in self.buildings}
        self._key_of: Dict[str, str] = {}
        self._bno_of: Dict[str, str] = {}
        for record in compounds:
            canonical = self._canonical_by_key.get(name_key(record.name))
            if canonical and record.community:
                self.compound_areas[canonical].add(area_key(record.community))
                self.areas.add(area_key(record.community))
        numbers: Dict[str, str] = {}  # building cell → number: a library repeats 1号楼, 2号楼 …
        keyless: Dict[str, List[str]] = defaultdict(list)  # key "|<no>" of buildings without compound
        for building in self.buildings:
            canonical = self.canonical_compound(building.compound)
            number = numbers.get(building.building)
            if number is None:
                number = numbers[building.building] = parse_building(building.building) or ""
            key = building_key(canonical, number) if canonical else "|" + number
            self._key_of[building.id] = key
            self._bno_of[building.id] = number
            if not canonical and building.unnamed_compound:
                self.conflicts.append(Conflict(
                    "unnamed_compound", key, (building.id,), "building {} lies in compound polygon {}, which "
                    "has no name".format(building.id, building.unnamed_compound)))
            elif not canonical or building.outside:
                self.conflicts.append(Conflict("outside_compound", key, (building.id,),
                                               "building {} lies in no compound".format(building.id)))
            if not canonical:
                keyless[key].append(building.id)
                continue
            self.by_key[key].append(building)
            self.by_compound[canonical].append(building)
            for area in (building.community, building.grid):
                if area:
                    self.compound_areas[canonical].add(area_key(area))
                    self.areas.add(area_key(area))
        for key, group in sorted(self.by_key.items()):
            if len(group) > 1:
                self.conflicts.append(Conflict("duplicate_key", key, tuple(b.id for b in group),
                                               "{} buildings share the key {}".format(len(group), key)))
        for key, ids in sorted(keyless.items()):
            if len(ids) > 1:
                self.conflicts.append(Conflict(
                    "shared_empty_key", key, tuple(ids), "{} buildings without a compound share the key {}: "
                    "give them their compound (or door address) to tell them apart".format(len(ids), key)))

    # --- construction helpers --------------------------------------------------------------
    def _resolve_names(self, compounds: Sequence[CompoundRecord]) -> None:
        spellings: Dict[str, Counter] = defaultdict(Counter)
        preferred: Dict[str, str] = {}
        for record in compounds:
            name = record.name.strip() if record.name else ""
            key = name_key(name)
            if key:
                spellings[key][name] += 1
                preferred.setdefault(key, name)
        provisional = CompoundIndex([(n, n, KIND_NAME) for n in preferred.values()]
                                    + [(a.strip(), r.name.strip(), KIND_MANUAL) for r in compounds
                                       for a in r.aliases if a and a.strip() and r.name and r.name.strip()],
                                    generate=False)
        for building in self.buildings:
            name = building.compound.strip() if building.compound else ""
            key = name_key(name)
            if not key:
                continue
            if key not in preferred and len(provisional.keys.get(key, ((), ()))[1]) == 1:
                continue  # the alias of one compound record, not a compound of its own
            spellings[key][name] += 1
        for key, counter in spellings.items():
            canonical = preferred.get(key) or counter.most_common(1)[0][0]
            self._canonical_by_key[key] = canonical
            if len(counter) > 1:
                self.conflicts.append(Conflict("name_collision", key, tuple(sorted(counter)),
                                               "compound names {} are the same after normalisation".format(
                                                   " / ".join(sorted(counter)))))
        for record in compounds:
            canonical = self._canonical_by_key.get(name_key(record.name))
            for alias in record.aliases:
                if canonical and alias and alias.strip():
                    self._canonical_by_key.setdefault(name_key(alias), canonical)

    # --- queries ---------------------------------------------------------------------------
    def canonical_compound(self, name: Optional[str]) -> Optional[str]:
        """Canonical name of a compound written as ``name`` (exact or alias), else None."""
        key = name_key(name)
        if not key:
            return None
        canonical = self._canonical_by_key.get(key)
        if canonical:
            return canonical
        entry = self.index.keys.get(key)
        if entry and len(entry[1]) == 1:
            return entry[1][0]
        return None

    def key_of(self, building_id: str) -> str:
        """Canonical key of the building ``building_id``."""
        return self._key_of.get(building_id, "")

    def building_no_of(self, building_id: str) -> str:
        return self._bno_of.get(building_id, "")

    def find(self, compound: str, building: Optional[str]) -> List[BuildingRecord]:
        """Buildings under the canonical ``compound`` with number ``building``."""
        return self.by_key.get(building_key(compound, building), [])

    @property
    def compound_names(self) -> List[str]:
        return sorted(self.by_compound)

    def unit_rows(self) -> List[Dict[str, Any]]:
        """One record per building unit (buildings whose unit count is known)."""
        rows = []
        for building in self.buildings:
            canonical = self.canonical_compound(building.compound)
            if not canonical or not building.units or building.units <= 0:
                continue
            number = self._bno_of[building.id]
            for unit in range(1, int(building.units) + 1):
                rows.append({"unit_key": unit_key(canonical, number, unit), "building_id": building.id,
                             "library_key": self._key_of[building.id], "compound_name": canonical,
                             "building_no": number, "unit": str(unit)})
        return rows

    def alias_records(self) -> List[AliasRecord]:
        """Every accepted spelling other than the canonical names (also those another compound's
        name hides: the report's community may still pick them), sorted."""
        out = []
        for key, kinds in self.index.entries.items():
            best_rank = _KIND_RANK[self.index.keys[key][0]]
            for canonical, kind in kinds.items():
                if kind not in (KIND_NAME, KIND_MANUAL) and _KIND_RANK[kind] > best_rank:
                    continue  # a generated spelling a stronger one replaced (it is generated again anyway)
                if kind == KIND_NAME:
                    if key == self.index.names.get(canonical):
                        continue
                    kind = KIND_MANUAL
                out.append(AliasRecord(key, canonical, kind))
        return sorted(out, key=lambda a: (a.compound, a.kind, a.alias))

    def conflict_records(self) -> List[Dict[str, str]]:
        return [c.as_record() for c in self.conflicts]


def conflict_counts(library: AddressLibrary) -> Dict[str, int]:
    """Number of conflicts per kind (every kind of :data:`CONFLICT_KINDS`, zero when none, and the
    other kinds that occur)."""
    counts = {kind: 0 for kind in CONFLICT_KINDS}
    for conflict in library.conflicts:
        counts[conflict.kind] = counts.get(conflict.kind, 0) + 1
    return counts
