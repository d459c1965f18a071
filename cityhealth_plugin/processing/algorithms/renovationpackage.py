"""cityhealth:renovationpackage — 综合改一次: renovation items, quantities and costs per compound."""

from __future__ import annotations

import os
from typing import Dict, List

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ...core.feedback import check
from ...core.messages import CityHealthError
from ...core.planning import renovation
from ..base import CityHealthAlgorithm, processing_error
from ..closedloop_ledger import check_ledger, read_table
from ..geometry import as_multipolygon, polygon_parts, transform_between
from ..io import make_fields, to_int, to_text
from ..thematic import work_crs

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "resources")
DEFAULT_COSTS = os.path.join(RESOURCES, "renovation_costs.csv")
DONE = ("已整改", "已复核")
FIELDS = [("compound_id", str), ("compound_name", str), ("rank", int), ("households", int),
          ("problems_open", int), ("problems_per_hh", float), ("safety_problems", int), ("items", int),
          ("item_list", str), ("total_cost", float), ("cost_per_hh", float)]


class RenovationPackageAlgorithm(CityHealthAlgorithm):
    """Open problems and building attributes of each compound become priced renovation items."""

    ALG_ID = "renovationpackage"
    GROUP = "planning"

    COMPOUNDS = "COMPOUNDS"
    BUILDINGS = "BUILDINGS"
    LEDGER = "LEDGER"
    ROUND = "ROUND"
    COSTS = "COSTS"
    STOREY_HEIGHT = "STOREY_HEIGHT"
    ROAD_SHARE = "ROAD_SHARE"
    OUTPUT = "OUTPUT"
    WORKBOOK = "WORKBOOK"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Comprehensive renovation package (综合改一次)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Per compound, the open problems of ROUND in the ledger (status not 已整改 / 已复核) trigger the "
            "items of the cost table (COSTS, default resources/renovation_costs.csv: item, name_cn, unit, "
            "unit_cost in 元, basis, triggers = problem codes or categories, safety, source — typical 2023 "
            "old-compound renovation prices, to be replaced by the city's own). Quantities are measured on "
            "the buildings that reported the problem (all buildings for a compound-level problem): roof "
            "area = footprint area, facade area = perimeter × storeys × STOREY_HEIGHT, pipe length ≈ "
            "footprint perimeters, entrances, lifts for 4+ storeys without a lift, road area = (compound "
            "area − footprints) × ROAD_SHARE.\n\n"
            "Outputs: a layer of the compounds with their total and rank, and an .xlsx with the city "
            "summary ranked by need (compounds with safety items first, then open problems per household) "
            "and the bill of quantities of every compound.")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.COMPOUNDS, self.tr("Compounds"), poly))
        self.addParameter(QgsProcessingParameterFeatureSource(self.BUILDINGS, self.tr("Buildings"), poly))
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round"), QgsProcessingParameterNumber.Integer, 2025, False, 1900, 2200))
        self.addParameter(QgsProcessingParameterFile(
            self.COSTS, self.tr("Cost table (CSV; empty: the shipped defaults)"), extension="csv",
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.STOREY_HEIGHT, self.tr("Storey height (m)"), QgsProcessingParameterNumber.Double, 3.0, False,
            2.0, 6.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROAD_SHARE, self.tr("Share of the open space that is road"),
            QgsProcessingParameterNumber.Double, 0.25, False, 0.0, 1.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Renovation packages"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.WORKBOOK, self.tr("Bill of quantities"), self.tr("Excel workbook (*.xlsx)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        compounds = self.parameterAsSource(parameters, self.COMPOUNDS, context)
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        ledger = self.parameterAsFile(parameters, self.LEDGER, context)
        check_ledger(ledger)
        round_no = self.parameterAsInt(parameters, self.ROUND, context)
        costs_path = self.parameterAsFile(parameters, self.COSTS, context) or DEFAULT_COSTS
        try:
            with open(costs_path, encoding="utf-8-sig") as handle:
                costs = renovation.load_costs(handle.read(), costs_path)
        except CityHealthError as error:
            raise processing_error(error) from None
        except (OSError, UnicodeDecodeError) as error:
            raise QgsProcessingException(self.tr("Cannot read the cost table {0}: {1}").format(
                costs_path, error)) from None
        height = self.parameterAsDouble(parameters, self.STOREY_HEIGHT, context)
        share = self.parameterAsDouble(parameters, self.ROAD_SHARE, context)
        crs = work_crs(compounds, context)
        b_tr = transform_between(buildings.sourceCrs(), crs, context.transformContext())
        c_tr = transform_between(compounds.sourceCrs(), crs, context.transformContext())

        by_compound: Dict[str, List[renovation.Building]] = {}
        for f in buildings.getFeatures():
            cid = to_text(f["compound_id"])
            if not cid or not f.hasGeometry():
                continue
            geom = f.geometry()
            if b_tr is not None:
                geom.transform(b_tr)
            by_compound.setdefault(cid, []).append(renovation.Building(
                to_text(f["building_id"]), geom.area(), geom.length(), max(to_int(f["storeys"]) or 1, 1),
                max(to_int(f["units"]) or 1, 1), to_int(f["has_lift"]) == 1))
        problems: Dict[str, List[renovation.Problem]] = {}
        for row in read_table(ledger, "problems", '"round" = {}'.format(int(round_no))):
            cid = to_text(row.get("compound_id"))
            if cid and to_text(row.get("status")) not in DONE:
                problems.setdefault(cid, []).append(renovation.Problem(
                    to_text(row.get("problem_code")), to_text(row.get("category")),
                    to_text(row.get("building_id"))))

        packages, geoms, names = [], {}, {}
        total = max(compounds.featureCount(), 1)
        for n, f in enumerate(compounds.getFeatures()):
            check(feedback, n, total, 0, 80)
            cid = to_text(f["compound_id"])
            if not cid:
                continue
            geom = f.geometry() if f.hasGeometry() else None
            if geom is not None and c_tr is not None:
                geom.transform(c_tr)
            geoms[cid] = geom
            names[cid] = to_text(f["compound_name"])
            packages.append(renovation.package(cid, to_int(f["households"]) or 0,
                                               geom.area() if geom is not None else 0.0,
                                               by_compound.get(cid, []), problems.get(cid, []), costs, height,
                                               share))
        ranked = renovation.rank(packages)
        fields = make_fields(FIELDS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                          crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        feats = []
        for r, pkg in enumerate(ranked, start=1):
            feat = QgsFeature(fields)
            geom = geoms.get(pkg.compound_id)
            if geom is not None:
                feat.setGeometry(as_multipolygon(polygon_parts(geom)))
            feat.setAttributes([pkg.compound_id, names[pkg.compound_id], r, pkg.households, pkg.problems,
                                pkg.per_household, pkg.safety_problems, len(pkg.lines),
                                "|".join(ln.item.item for ln in pkg.lines), pkg.total,
                                round(pkg.total / pkg.households, 2) if pkg.households else None])
            feats.append(feat)
        if feats and not sink.addFeatures(feats, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        workbook = self.parameterAsFileOutput(parameters, self.WORKBOOK, context)
        renovation.write_workbook(workbook, [p for p in ranked if p.lines], names)
        priced = [p for p in ranked if p.lines]
        feedback.pushInfo(self.tr("{0} compounds, {1} with renovation items, {2:,.0f} 元 in total.").format(
            len(ranked), len(priced), sum(p.total for p in priced)))
        return {self.OUTPUT: dest, self.WORKBOOK: workbook}
