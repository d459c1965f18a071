#!/usr/bin/env bash
# make demo: generate the demo city and run the whole CityHealth model on it through qgis_process.
# Outputs go to out/demo/ (replaced on every run); a summary is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/out/demo
PROFILE=$ROOT/.qgis-profile
SIZE=${DEMO_SIZE:-0}   # 0 = small (about 2,000 buildings), 1 = large
SEED=${DEMO_SEED:-2024}
OUT=${DEMO_OUT:-$OUT}

export QT_QPA_PLATFORM=offscreen QGIS_PLUGINPATH=$ROOT QGIS_CUSTOM_CONFIG_PATH=$PROFILE
mkdir -p "$PROFILE/profiles/default/QGIS"
ini=$PROFILE/profiles/default/QGIS/QGIS3.ini
grep -q '^\[locale\]' "$ini" 2>/dev/null || printf '\n[locale]\nuserLocale=zh_CN\noverrideFlag=true\n' >> "$ini"
grep -q '^cityhealth_plugin=true' "$ini" 2>/dev/null \
  || qgis_process.bin plugins enable cityhealth_plugin >/dev/null 2>&1   # exits 1 if already enabled

# The ledger: out/demo/体检台账.gpkg, or with DEMO_DB=postgresql://user@127.0.0.1:PORT/dbname schema
# cityhealth of that database (processing/store.py; photos stay files under $OUT/cityhealth_photos).
LEDGER=$OUT/体检台账.gpkg
if [ -n "${DEMO_DB:-}" ]; then
  LEDGER="$DEMO_DB?schema=cityhealth"
  # like the GeoPackage, which is made afresh: the demo's schema cityhealth is made afresh too (its
  # problem_history is append-only, so emptying it is refused by design), then prepared by
  # cityhealth:initdatabase (tables, history trigger, version column, roles, row-level security)
  PGOPTIONS="--client-min-messages=warning" psql "$DEMO_DB" -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION IF NOT EXISTS postgis;" -c "DROP SCHEMA IF EXISTS cityhealth CASCADE;" \
    || { echo "demo: cannot reach the database DEMO_DB=$DEMO_DB" >&2; exit 1; }
  qgis_process.bin run cityhealth:initdatabase -- DATABASE="$DEMO_DB" SCHEMA=cityhealth CRS=EPSG:4550 \
    >"$PROFILE/initdatabase.log" 2>&1 \
    || { cat "$PROFILE/initdatabase.log" >&2; echo "demo: cityhealth:initdatabase failed on DEMO_DB=$DEMO_DB" >&2; exit 1; }
  echo "demo: the ledger goes into schema cityhealth of $DEMO_DB"
fi

# Written in place, not into a temporary folder renamed at the end: the matched problems record
# absolute photo paths, which a rename would leave pointing nowhere.
rm -rf "$OUT" && mkdir -p "$OUT"
mkdir -p "$OUT/专项体检"
mkdir -p "$OUT/更新规划"
echo "demo: running cityhealth:cityhealth_demo (generate the city, library, survey forms, join both rounds, ledger, assessment, closed loop, atlases and maps, thematic checks and statistics, renewal planning) …"
start=$(date +%s)
set +e
qgis_process.bin run cityhealth:cityhealth_demo --json -- \
  SIZE="$SIZE" SEED="$SEED" \
  democity:city="$OUT/city" \
  addresslibrary:library="$OUT/地址库.gpkg" \
  surveyforms:forms="$OUT/调查表" \
  join2024:problems_2024="$OUT/匹配结果_2024.gpkg" \
  join2024:unmatched_2024="$OUT/未匹配_2024.xlsx" \
  join2025:problems_2025="$OUT/匹配结果_2025.gpkg" \
  join2025:unmatched_2025="$OUT/未匹配_2025.xlsx" \
  ledger2024:ledger_2024="$LEDGER" \
  ledger2025:ledger_2025="$LEDGER" \
  assess2024block:assessment_block_2024="$OUT/体检评估.gpkg" \
  assess2024block:assessment_report_block_2024="$OUT/体检评估.xlsx" \
  assess2024compound:assessment_compound_2024="$OUT/体检评估.gpkg" \
  assess2024compound:assessment_report_compound_2024="$OUT/体检评估.xlsx" \
  assess2025block:assessment_block_2025="$OUT/体检评估.gpkg" \
  assess2025block:assessment_report_block_2025="$OUT/体检评估.xlsx" \
  assess2025compound:assessment_compound_2025="$OUT/体检评估.gpkg" \
  assess2025compound:assessment_report_compound_2025="$OUT/体检评估.xlsx" \
  workorders2024:workorders="$OUT/工单" \
  demoreturns:returned="$OUT/工单回执" \
  importstatus:rejected="$OUT/工单回执_退回行.xlsx" \
  remediationstats:remediation_stats="$OUT/整改统计.xlsx" \
  remediationstats:remediation_blocks="$OUT/整改统计_街区.gpkg" \
  remediationstats:remediation_districts="$OUT/整改统计_区.gpkg" \
  atlas_blocks:block_atlas="$OUT/图集/街区图集_2025.pdf" \
  atlas_compounds:compound_atlas="$OUT/图集/小区图集_2025_西门街道.pdf" \
  thematicmaps:thematic_maps="$OUT/专题图" \
  parking:parking_compounds="$OUT/专项体检/停车供需_小区.gpkg" \
  parking:parking_blocks="$OUT/专项体检/停车供需_街区.gpkg" \
  parking:parking_roads="$OUT/专项体检/乱停车道路.gpkg" \
  parking:parking_stats="$OUT/专项体检/停车缺口_IND-COMM-015.csv" \
  walkways:walkway_segments="$OUT/专项体检/不达标步行道.gpkg" \
  walkways:walkway_blocks="$OUT/专项体检/步行道_街区.gpkg" \
  walkways:walkway_compounds="$OUT/专项体检/步行道_小区.gpkg" \
  walkways:walkway_stats="$OUT/专项体检/步行道_IND-COMM-019.csv" \
  roadnetwork:roadnetwork_blocks="$OUT/专项体检/路网_街区.gpkg" \
  roadnetwork:roadnetwork_districts="$OUT/专项体检/路网_区.gpkg" \
  roadnetwork:roadnetwork_nodes="$OUT/专项体检/路网_交叉口与断头路.gpkg" \
  blocksfromroads:blocks_from_roads="$OUT/专项体检/道路围合街区.gpkg" \
  hotspots2025:hotspots_block_2025="$OUT/专项体检/热点_街区_2025.gpkg" \
  problemgrid2025:problem_grid_2025="$OUT/专项体检/问题格网_2025.gpkg" \
  problemgrid2025:problem_blocks_2025="$OUT/专项体检/问题街区_2025.gpkg" \
  problemgrid2025:problem_clusters_2025="$OUT/专项体检/问题聚类_2025.gpkg" \
  problemgrid2025:problem_density_2025="$OUT/专项体检/核密度_2025" \
  correlation2025:correlation_2025="$OUT/专项体检/相关分析_2025.xlsx" \
  correlation2025:correlation_plot_2025="$OUT/专项体检/相关分析_散点矩阵_2025.png" \
  jointmanagement:jointmanagement="$OUT/更新规划/片区联管.gpkg" \
  renovationpackage:renovation_packages="$OUT/更新规划/综合改一次.gpkg" \
  renovationpackage:renovation_bill="$OUT/更新规划/综合改一次.xlsx" \
  residentvoice2025:voice_satisfaction_2025="$OUT/更新规划/居民诉求_满意度.gpkg" \
  residentvoice2025:voice_demands_2025="$OUT/更新规划/居民诉求_排序.xlsx" \
  residentvoice2025:voice_complaints_2025="$OUT/更新规划/居民投诉点.gpkg" \
  residentvoice2025:voice_unused_2025="$OUT/更新规划/居民诉求_未使用行.xlsx" \
  completecommunity:complete_units="$OUT/更新规划/完整社区.gpkg" \
  completecommunity:complete_gaps="$OUT/更新规划/完整社区_缺口.xlsx" \
  completecommunity:complete_sites="$OUT/更新规划/完整社区_候选地块.xlsx" \
  completecommunity_areas:complete_area_units="$OUT/更新规划/片区完整社区.gpkg" \
  completecommunity_areas:complete_area_gaps="$OUT/更新规划/片区完整社区_缺口.xlsx" \
  completecommunity_areas:complete_area_sites="$OUT/更新规划/片区完整社区_候选地块.xlsx" \
  >"$OUT/run.json" 2>"$OUT/run.log"
rc=$?
set -e
if [ $rc != 0 ]; then
  echo "demo: qgis_process failed (exit $rc); its log:" >&2
  grep -v -e DeprecationWarning -e XDG_RUNTIME_DIR "$OUT/run.log" | tail -30 >&2
  exit $rc
fi
echo "demo: finished in $(( $(date +%s) - start )) s"
"$ROOT/.venv/bin/python" scripts/demo_summary.py "$OUT"
