"""Build cityhealth_plugin/models/cityhealth_demo.model3: every CityHealth algorithm as one model.

The model is generated, not drawn by hand, so that it follows the algorithms' parameters exactly;
run `.venv/bin/python scripts/build_model.py` (env as in `make demo`) after adding an algorithm and
commit the .model3 (a test checks that the shipped model equals what this script builds and that it
runs on the demo city).
Children pass layers to each other with expressions such as
``@democity_GEOPACKAGE || '|layername=buildings'``.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis_app import ROOT, QgisSession  # noqa: E402

MODEL_PATH = os.path.join(ROOT, "cityhealth_plugin", "models", "cityhealth_demo.model3")
MODEL_NAME = "cityhealth_demo"  # the stable id cityhealth:cityhealth_demo
#: What the toolbox, the Model Designer and qgis_process list show (provider.DISPLAY_NAME_KEY).
MODEL_DISPLAY_NAME = "城市体检示例流程"


def add_assessment(child, city, model):
    """cityhealth:assess of both rounds at block and compound level, after the ledger of 2025.

    All four children write one GeoPackage (layers assessment_block / assessment_compound, both
    rounds in each, told apart by ``round``) and one workbook: they run one after the other and each
    keeps what the others wrote. ``model`` is unused here but kept for the common signature.
    """
    previous = ("ledger2025",)
    for i, year in enumerate((2024, 2025)):
        for j, (level, value) in enumerate((("block", 3), ("compound", 1))):
            child_id = "assess{}{}".format(year, level)
            child(child_id, "cityhealth:assess", 120 + 300 * i, 540 + 100 * j,
                  links={"LEDGER": ("ledger2025", "OUTPUT"), "FACILITIES": city("facilities"),
                         "PARKS": city("parks"), "ROADS": city("roads"), "COMPOUNDS": city("compounds"),
                         "BUILDINGS": city("buildings")},
                  static={"LEVEL": value, "ROUND": year},
                  outputs={"OUTPUT": "assessment_{}_{}".format(level, year),
                           "REPORT": "assessment_report_{}_{}".format(level, year)},
                  after=previous)
            previous = (child_id,)


def add_closed_loop(child, city, model):
    """Closed loop on the ledger of both rounds: work orders of 2024, the demo's returned status imported
    (some rows rejected), rounds 2024 → 2025 compared, remediation statistics."""
    ledger = {"LEDGER": ("ledger2025", "OUTPUT")}
    child("workorders2024", "cityhealth:workorders", 120, 540, links=ledger,
          static={"ROUND": 2024, "DISPATCH_DATE": "2024-10-08"}, outputs={"OUTPUT": "workorders"},
          after=("ledger2025",))
    child("demoreturns", "cityhealth:demoreturns", 420, 540, links={"INPUT": ("workorders2024", "OUTPUT")},
          params={"SEED": "SEED"}, outputs={"OUTPUT": "returned"}, after=("workorders2024",))
    child("importstatus", "cityhealth:importstatus", 120, 640,
          links={**ledger, "INPUT": ("demoreturns", "OUTPUT")}, static={"TODAY": "2025-03-31"},
          outputs={"REJECTED": "rejected"}, after=("demoreturns",))
    child("comparerounds", "cityhealth:comparerounds", 420, 640, links=ledger,
          static={"ROUND_FROM": 2024, "ROUND_TO": 2025}, after=("importstatus",))
    child("remediationstats", "cityhealth:remediationstats", 120, 740, links=ledger,
          static={"ROUND": 2024, "AS_OF": "2024-12-31"},
          outputs={"OUTPUT": "remediation_stats", "BLOCKS": "remediation_blocks",
                   "DISTRICTS": "remediation_districts"}, after=("comparerounds",))


def add_maps(child, city, model):
    """The printed outputs of round 2025: a block atlas of one district (sorted by street and name),
    a compound atlas of one street, and the thematic maps; all read the ledger of child ledger2025
    (which holds both rounds); the atlases show the indicators of the assessment of 2025 (children
    assess2025block / assess2025compound, whose GeoPackage holds assessment_block and _compound)."""
    ledger = {"LEDGER": ("ledger2025", "OUTPUT")}
    child("atlas_blocks", "cityhealth:atlas", 120, 540,
          links=dict(ledger, ASSESSMENT=("assess2025block", "OUTPUT")),
          static={"LEVEL": 0, "ROUND": 2025, "FILTER": "\"district_code\" = '150571'", "SORT": "street,name",
                  "SPLIT": 0, "TEMPLATE": "a3_landscape", "QUALITY": 0},
          outputs={"OUTPUT": "block_atlas"}, after=("ledger2025", "assess2025block"))
    child("atlas_compounds", "cityhealth:atlas", 420, 540,
          links=dict(ledger, ASSESSMENT=("assess2025compound", "OUTPUT")),
          static={"LEVEL": 1, "ROUND": 2025, "FILTER": "\"street\" = '西门街道'", "SORT": "community,name",
                  "SPLIT": 0, "TEMPLATE": "a4_portrait", "QUALITY": 0},
          outputs={"OUTPUT": "compound_atlas"}, after=("ledger2025", "assess2025compound"))
    child("thematicmaps", "cityhealth:thematicmaps", 720, 540, links=ledger,
          static={"LEVEL": 0, "ROUND": 2025, "FIELDS": "", "QUALITY": 0},
          outputs={"OUTPUT": "thematic_maps"}, after=("ledger2025",))
def add_thematic_checks(child, city, model):
    """Thematic checks (专项体检) on the demo city after the ledger of 2025: parking supply and demand
    (with the 2025 parking reports on the roads), substandard walkways (with the 2025 walkway reports),
    the road network check and the blocks cut from the road centre-lines. ``model`` is unused (common
    signature)."""
    child("parking", "cityhealth:parking", 720, 540,
          links={"COMPOUNDS": city("compounds"), "BLOCKS": city("blocks"), "FACILITIES": city("facilities"),
                 "ROADS": city("roads"), "LEDGER": ("ledger2025", "OUTPUT")},
          static={"ROUND": 2025},
          outputs={"OUTPUT": "parking_compounds", "BLOCKS_OUTPUT": "parking_blocks",
                   "ROADS_OUTPUT": "parking_roads", "STATS": "parking_stats"},
          after=("ledger2025",))
    child("walkways", "cityhealth:walkways", 720, 640,
          links={"ROADS": city("roads"), "BLOCKS": city("blocks"), "COMPOUNDS": city("compounds"),
                 "LEDGER": ("ledger2025", "OUTPUT")},
          static={"ROUND": 2025},
          outputs={"SEGMENTS": "walkway_segments", "BLOCKS_OUTPUT": "walkway_blocks",
                   "COMPOUNDS_OUTPUT": "walkway_compounds", "STATS": "walkway_stats"},
          after=("parking",))
    child("roadnetwork", "cityhealth:roadnetwork", 720, 740,
          links={"ROADS": city("roads"), "BLOCKS": city("blocks"), "DISTRICTS": city("districts")},
          outputs={"BLOCKS_OUTPUT": "roadnetwork_blocks", "DISTRICTS_OUTPUT": "roadnetwork_districts",
                   "NODES": "roadnetwork_nodes"},
          after=("democity",))
    child("blocksfromroads", "cityhealth:blocksfromroads", 720, 840,
          links={"ROADS": city("roads"), "DISTRICTS": city("districts")},
          outputs={"OUTPUT": "blocks_from_roads"}, after=("democity",))
def ledger_layer_expression(layer: str, round_no: int) -> str:
    """Expression for one round of a layer of the ledger child ``ledger2025`` wrote, from its output
    ``LAYERS`` (';'-separated URIs): a GeoPackage's ``path|layername=x`` gets the round subset, a
    PostGIS ledger's ``postgres://…`` URI (``DEMO_DB``) already carries it (processing/store.py)."""
    pick = ("array_first(array_filter(string_to_array(@ledger2025_LAYERS, ';'), "
            "regexp_match(@element, '(layername={0}$)|(\"{0}\")')))").format(layer)
    return ("with_variable('u', {0}, if(left(@u, 11) = 'postgres://', @u, "
            "regexp_substr(@u, '^([^|]+)') || '|layername={1}|subset=\"round\" = {2}'))").format(
                pick, layer, round_no)


def add_analysis_stats(child, city, model):
    """Spatial statistics (issue 13), round 2025: hot spots of problems per 100 households by block;
    the problem grid (250 m hexagons), per block, density rasters and DBSCAN clusters per category
    (no complaints layer in the demo: the satisfaction survey is not located, so no double-high);
    Pearson and Spearman of problems per 100 households with the drivers per block (facility coverage:
    elderly care, community service or health station within 300 m).

    The demo's blocks are separated by roads (no queen contiguity): each block's 6 nearest blocks
    (centroids) are its neighbours. Runs after the closed loop, which rewrites the ledger.
    """
    # the ledger's layers from its layer URIs (model variables hold only the string and number outputs
    # of a child, not its file destination OUTPUT): GeoPackage or PostGIS (ledger_layer_expression)
    blocks = ledger_layer_expression("ledger_block", 2025)
    child("hotspots2025", "cityhealth:hotspots", 720, 540, expressions={"INPUT": blocks},
          static={"FIELD": "problems_per_100hh", "NEIGHBOURS": 2, "K": 6, "FDR": True},
          outputs={"OUTPUT": "hotspots_block_2025"}, after=("remediationstats",))
    problems = ledger_layer_expression("problems", 2025)
    child("problemgrid2025", "cityhealth:problemgrid", 720, 640,
          expressions={"PROBLEMS": problems, "ZONES": blocks}, links={"BUILDINGS": city("buildings")},
          static={"CATEGORY_FIELD": "category", "HOUSEHOLDS_FIELD": "households", "ZONE_FIELD": "block_id",
                  "GRID_TYPE": 1, "CELL_SIZE": 250, "RADIUS": 300, "PIXEL_SIZE": 20, "EPS": 100,
                  "MIN_SIZE": 5, "PERCENTILE": 80},
          outputs={"OUTPUT": "problem_grid_2025", "ZONES_OUTPUT": "problem_blocks_2025",
                   "CLUSTERS": "problem_clusters_2025", "DENSITY_FOLDER": "problem_density_2025"},
          after=("hotspots2025",))
    child("correlation2025", "cityhealth:correlation", 720, 740, expressions={"BLOCKS": blocks},
          links={"BUILDINGS": city("buildings"), "COMPOUNDS": city("compounds"),
                 "FACILITIES": city("facilities")},
          static={"BLOCK_FIELD": "block_id", "RATE_FIELDS": ["problems_per_100hh"], "RADIUS": 300,
                  "FACILITY_TYPES": "elderly_care,community_service,health_station", "YEAR": 2025},
          outputs={"OUTPUT": "correlation_2025", "PLOT": "correlation_plot_2025"}, after=("problemgrid2025",))


def add_planning_a(child, city, model):
    """Renewal planning (issue 14, part a), round 2025: joint-management areas (片区联管) of the
    compounds without property management and the scattered buildings, 50 m apart at most, not
    across arterial roads, 300–3000 households; and the comprehensive renovation package (综合改一次)
    of every compound, priced with the shipped cost table. Both read the open problems from the ledger
    after the closed loop.
    """
    child("jointmanagement", "cityhealth:jointmanagement", 1020, 540,
          links={"COMPOUNDS": city("compounds"), "BUILDINGS": city("buildings"), "ROADS": city("roads"),
                 "COMMUNITIES": city("communities"), "LEDGER": ("ledger2025", "OUTPUT")},
          static={"ROUND": 2025, "DISTANCE": 50, "ALLOW_ARTERIAL": False, "MIN_HOUSEHOLDS": 300,
                  "MAX_HOUSEHOLDS": 3000},
          outputs={"OUTPUT": "jointmanagement"}, after=("correlation2025",))
    child("renovationpackage", "cityhealth:renovationpackage", 1020, 640,
          links={"COMPOUNDS": city("compounds"), "BUILDINGS": city("buildings"),
                 "LEDGER": ("ledger2025", "OUTPUT")},
          static={"ROUND": 2025, "STOREY_HEIGHT": 3.0, "ROAD_SHARE": 0.25},
          outputs={"OUTPUT": "renovation_packages", "WORKBOOK": "renovation_bill"},
          after=("jointmanagement",))
def add_planning_b(child, city, model):
    """The residents' voice (issue 14), round 2025: the demo city's satisfaction survey
    (reports/2025/满意度调查.xlsx) per compound, community and block, demands ranked per area, and the
    complaint list (complaints/2025/市民投诉_2025.xlsx) as complaint points, which ledger2025 takes in
    (add_citizen).
    """
    child("residentvoice2025", "cityhealth:residentvoice", 1020, 540,
          links={"LIBRARY": city("buildings"), "ALIASES": ("addresslibrary", "ALIASES_LAYER")},
          expressions={"SURVEYS": "@democity_REPORTS_PATH || '/2025/满意度调查.xlsx'",
                       "COMPLAINTS": "@democity_COMPLAINTS_PATH || '/2025/市民投诉_2025.xlsx'"},
          static={"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
                  "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units",
                  "COMMUNITY_FIELD": "community_code", "ROUND": 2025, "TOP": 5},
          outputs={"SATISFACTION": "voice_satisfaction_2025", "DEMANDS": "voice_demands_2025",
                   "COMPLAINT_POINTS": "voice_complaints_2025", "UNUSED": "voice_unused_2025"},
          after=("democity", "addresslibrary"))
    # complete community per community of the demo city; its vacant and under-used land ranked as sites
    child("completecommunity", "cityhealth:completecommunity", 1020, 640,
          links={"UNITS": city("communities"), "BUILDINGS": city("buildings"),
                 "FACILITIES": city("facilities"), "PARKS": city("parks"), "CANDIDATES": city("vacant_land")},
          static={"UNIT_FIELD": "community_code", "HOUSEHOLDS_FIELD": "households", "MIN_COVERAGE": 0.8,
                  "CANDIDATE_ID_FIELD": "site_id"},
          outputs={"OUTPUT": "complete_units", "GAPS": "complete_gaps", "SITES": "complete_sites"},
          after=("democity",))


def add_postgis(child, city, model):
    """cityhealth:initdatabase (issue 15), switched off: the demo city has no database server.

    It is in the model so that the Model Designer shows where the shared PostGIS ledger starts;
    activate it and give DATABASE (a saved connection name or a URI) to prepare one. ``make demo``
    runs it separately when DEMO_DB is set (scripts/demo.sh).
    """
    child("initdatabase", "cityhealth:initdatabase", 720, 440,
          static={"DATABASE": "", "SCHEMA": "cityhealth", "CRS": "EPSG:4550", "ROLES": ""})
    model.deactivateChildAlgorithm("initdatabase")


def add_citizen(child, city, model):
    """Residents' complaints in the ledger (issue 14): the complaint points of residentvoice2025 (it needs
    the address library's aliases) go into ledger2025 as citizen-reported problems, so everything
    reading the 2025 ledger (assessment, closed loop, atlases, planning) counts them; problemgrid2025
    takes them as its located complaints (double-high cells and blocks). And the complete-community check
    on the joint-management areas (completecommunity_areas)."""
    from qgis.core import QgsProcessingModelChildDependency, QgsProcessingModelChildParameterSource

    points = QgsProcessingModelChildParameterSource.fromChildOutput("residentvoice2025", "COMPLAINT_POINTS")
    for child_id in ("ledger2025", "problemgrid2025"):  # the grid's double-high areas need located complaints
        other = model.childAlgorithm(child_id)
        other.addParameterSources("COMPLAINTS", [points])
        other.setDependencies(list(other.dependencies())
                              + [QgsProcessingModelChildDependency("residentvoice2025")])
        model.setChildAlgorithm(other)
    # the complete-community check once more, on the joint-management areas (片区联管) instead of communities
    child("completecommunity_areas", "cityhealth:completecommunity", 1320, 540,
          links={"UNITS": ("jointmanagement", "AREAS_LAYER"), "BUILDINGS": city("buildings"),
                 "FACILITIES": city("facilities"), "PARKS": city("parks"), "CANDIDATES": city("vacant_land")},
          static={"UNIT_FIELD": "area_id", "HOUSEHOLDS_FIELD": "households", "MIN_COVERAGE": 0.8,
                  "CANDIDATE_ID_FIELD": "site_id"},
          outputs={"OUTPUT": "complete_area_units", "GAPS": "complete_area_gaps",
                   "SITES": "complete_area_sites"},
          after=("jointmanagement",))


def build():
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildDependency,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterEnum,
        QgsProcessingParameterNumber,
    )
    from qgis.PyQt.QtCore import QPointF

    src = QgsProcessingModelChildParameterSource
    model = QgsProcessingModelAlgorithm(MODEL_NAME, "模型 Models", "models")
    model.setHelpContent({
        "CITYHEALTH_DISPLAY_NAME": MODEL_DISPLAY_NAME,
        "ALG_DESC": "城市体检示例流程：生成示例城市 → 标准地址库 → 调查表 → 两轮上报匹配 → 空间台账。"
                    " The whole CityHealth chain on the demo city: demo city → address library → survey "
                    "forms → join both rounds of reports → spatial ledger (both rounds in one GeoPackage).",
    })
    size = QgsProcessingParameterEnum("SIZE", "示例城市规模 Demo city size", ["small", "large"], False, 0)
    seed = QgsProcessingParameterNumber("SEED", "随机种子 Seed", QgsProcessingParameterNumber.Integer, 2024)
    for i, param in enumerate((size, seed)):
        model.addModelParameter(param, QgsProcessingModelParameter(param.name()))
        model.parameterComponent(param.name()).setPosition(QPointF(120 + 220 * i, 40))

    def child(child_id, alg_id, x, y, static=None, expressions=None, params=None, outputs=None, after=(),
              links=None):
        c = QgsProcessingModelChildAlgorithm(alg_id)
        c.setChildId(child_id)
        c.setDescription(child_id)
        c.setPosition(QPointF(x, y))
        for name, value in (static or {}).items():
            c.addParameterSources(name, [src.fromStaticValue(value)])
        for name, expression in (expressions or {}).items():
            c.addParameterSources(name, [src.fromExpression(expression)])
        for name, (other, output) in (links or {}).items():
            c.addParameterSources(name, [src.fromChildOutput(other, output)])
        for name, model_param in (params or {}).items():
            c.addParameterSources(name, [src.fromModelParameter(model_param)])
        outs = {}
        for name, label in (outputs or {}).items():
            out = QgsProcessingModelOutput(label)
            out.setChildId(child_id)
            out.setChildOutputName(name)
            out.setDescription(label)
            outs[label] = out
        c.setModelOutputs(outs)
        c.setDependencies([QgsProcessingModelChildDependency(d) for d in after])
        model.addChildAlgorithm(c)
        return c

    # the library fields of the demo city's buildings, as every address algorithm asks for them
    fields = {"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
              "UNITS_FIELD": "units"}

    def city(layer):
        return ("democity", layer.upper() + "_LAYER")
    child("democity", "cityhealth:democity", 120, 140, params={"SIZE": "SIZE", "SEED": "SEED"},
          outputs={"OUTPUT_FOLDER": "city"})
    child("addresslibrary", "cityhealth:addresslibrary", 120, 240,
          links={"BUILDINGS": city("buildings"), "COMPOUNDS": city("compounds"), "GRIDS": city("grids")},
          static={**fields, "COMMUNITY_FIELD": "community_code", "GRID_FIELD": "grid_code",
                  "COMPOUND_NAME_FIELD": "compound_name", "COMPOUND_ALIAS_FIELD": "aliases",
                  "GRID_NAME_FIELD": "grid_code"},
          outputs={"OUTPUT": "library"}, after=("democity",))
    child("surveyforms", "cityhealth:surveyforms", 420, 240,
          links={"LIBRARY": city("buildings"), "COMMUNITIES": city("communities"), "GRIDS": city("grids")},
          static={**fields, "GROUP_FIELD": "grid_code", "GRID_FIELD": "grid_code",
                  "COMMUNITY_FIELD": "community_code", "ROWS": 200},
          outputs={"OUTPUT_FOLDER": "forms"}, after=("democity",))
    for i, year in enumerate((2024, 2025)):
        child("join{}".format(year), "cityhealth:joinreports", 120 + 300 * i, 340,
              links={"LIBRARY": city("buildings"), "ALIASES": ("addresslibrary", "ALIASES_LAYER")},
              expressions={"REPORTS": "@democity_REPORTS_PATH || '/{}'".format(year)},
              static={**fields, "GRID_FIELD": "grid_code", "ROUND": year},
              outputs={"OUTPUT": "problems_{}".format(year), "UNMATCHED": "unmatched_{}".format(year)},
              after=("democity", "addresslibrary"))
    previous = ()
    for i, year in enumerate((2024, 2025)):
        # both rounds go into one ledger GeoPackage: pass the same path to ledger_2024 and ledger_2025
        child("ledger{}".format(year), "cityhealth:buildledger", 120 + 300 * i, 440,
              links={"PROBLEMS": ("join{}".format(year), "OUTPUT"), "BUILDINGS": city("buildings"),
                     "COMPOUNDS": city("compounds"), "BLOCKS": city("blocks"),
                     "COMMUNITIES": city("communities"), "DISTRICTS": city("districts")},
              static={"ROUND": year}, outputs={"OUTPUT": "ledger_{}".format(year)},
              after=("join{}".format(year),) + previous)
        previous = ("ledger{}".format(year),)
    add_assessment(child, city, model)
    add_closed_loop(child, city, model)
    add_maps(child, city, model)
    add_thematic_checks(child, city, model)
    add_analysis_stats(child, city, model)
    add_planning_a(child, city, model)
    add_planning_b(child, city, model)
    add_postgis(child, city, model)
    add_citizen(child, city, model)
    model.updateDestinationParameters()
    return model


def main() -> int:
    with QgisSession():
        model = build()
        os.makedirs(os.path.dirname(MODEL_PATH), exist_ok=True)
        tmp = MODEL_PATH + ".part"
        if not model.toFile(tmp):
            print("build_model: could not write {}".format(tmp), file=sys.stderr)
            return 1
        os.replace(tmp, MODEL_PATH)
        print("build_model: wrote {}".format(os.path.relpath(MODEL_PATH, ROOT)))
        del model
    return 0


if __name__ == "__main__":
    sys.exit(main())
