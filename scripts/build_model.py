"""Build cityhealth_plugin/models/cityhealth_demo.model3: every CityHealth algorithm as one model.

The model is generated, not drawn by hand, so that it follows the algorithms' parameters exactly;
run `python scripts/build_model.py` after adding an algorithm and commit the .model3 (a test
checks that the shipped model equals what this script builds and that it runs on the demo city).
Children pass layers to each other with expressions such as
``@democity_GEOPACKAGE || '|layername=buildings'``.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis_app import ROOT, QgisSession  # noqa: E402

MODEL_PATH = os.path.join(ROOT, "cityhealth_plugin", "models", "cityhealth_demo.model3")
MODEL_NAME = "cityhealth_demo"


def add_maps(child, city, model):
    """The printed outputs of round 2025: a block atlas of one district (sorted by street and name),
    a compound atlas of one street, and the thematic maps; all read the ledger of child ledger2025
    (which holds both rounds). The assessment is not wired yet: ASSESSMENT stays empty."""
    ledger = {"LEDGER": ("ledger2025", "OUTPUT")}
    child("atlas_blocks", "cityhealth:atlas", 120, 540, links=ledger,
          static={"LEVEL": 0, "ROUND": 2025, "FILTER": "\"district_code\" = '150571'", "SORT": "street,name",
                  "SPLIT": 0, "TEMPLATE": "a3_landscape", "QUALITY": 0},
          outputs={"OUTPUT": "block_atlas"}, after=("ledger2025",))
    child("atlas_compounds", "cityhealth:atlas", 420, 540, links=ledger,
          static={"LEVEL": 1, "ROUND": 2025, "FILTER": "\"street\" = '西门街道'", "SORT": "community,name",
                  "SPLIT": 0, "TEMPLATE": "a4_portrait", "QUALITY": 0},
          outputs={"OUTPUT": "compound_atlas"}, after=("ledger2025",))
    child("thematicmaps", "cityhealth:thematicmaps", 720, 540, links=ledger,
          static={"LEVEL": 0, "ROUND": 2025, "FIELDS": "", "QUALITY": 0},
          outputs={"OUTPUT": "thematic_maps"}, after=("ledger2025",))


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
          links={"LIBRARY": city("buildings")},
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
    add_maps(child, city, model)
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
