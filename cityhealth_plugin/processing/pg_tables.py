"""The ledger's tables in PostGIS, from the field specs of the GeoPackage ledger (one source).

The same names as the GeoPackage: ``problems`` (points), ``photos``, ``ledger_<level>``
(multipolygons), ``ledger_runs``, ``problem_history``, ``round_comparison`` and
``round_comparison_counts``; every table has the primary key ``fid`` and, with a geometry,
the column ``geom`` (``core/db/ddl.py``). The ledger roll-ups carry the category and indicator
columns of the problem catalogue.
"""

from __future__ import annotations

from typing import List, Optional

from ..core import ledger as core_ledger
from ..core import schema
from ..core.catalogue import Catalogue, load_catalogue
from ..core.db.ddl import TableSpec
from .closedloop_ledger import HISTORY_SPEC
from .ledger_writer import PHOTO_LAYER_FIELDS, PROBLEM_LAYER_FIELDS, RUN_LAYER_FIELDS, level_field_spec


def ledger_spec(catalogue: Catalogue) -> core_ledger.LedgerSpec:
    """The roll-up columns of ``catalogue`` (as ``cityhealth:buildledger`` makes them)."""
    return core_ledger.LedgerSpec(
        categories=tuple(catalogue.categories()),
        indicators=tuple((i.code, i.name_cn) for i in catalogue.indicators if i.level == "housing"))


def ledger_tables(catalogue: Optional[Catalogue] = None) -> List[TableSpec]:
    """Every table of the ledger database, in creation order."""
    spec = ledger_spec(catalogue or load_catalogue())
    tables = [
        TableSpec(schema.LAYER_PROBLEMS, tuple(PROBLEM_LAYER_FIELDS), "Point"),
        TableSpec(schema.LAYER_PHOTOS, tuple(PHOTO_LAYER_FIELDS)),
    ]
    tables += [TableSpec(schema.ledger_layer(level), tuple(level_field_spec(level, spec)), "MultiPolygon")
               for level in schema.LEDGER_LEVELS]
    tables += [
        TableSpec(schema.LAYER_RUNS, tuple(RUN_LAYER_FIELDS)),
        TableSpec(schema.LAYER_PROBLEM_HISTORY, tuple(HISTORY_SPEC)),
        TableSpec(schema.LAYER_ROUND_COMPARISON, tuple(schema.ROUND_COMPARISON_FIELDS.items())),
        TableSpec(schema.LAYER_ROUND_COMPARISON_COUNTS, tuple(schema.ROUND_COMPARISON_COUNT_FIELDS.items())),
    ]
    return tables
