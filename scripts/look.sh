#!/usr/bin/env bash
# make look: render what a planner opens (after `make demo`) to PNG pages in out/look/, to look at:
# the review workbook, a survey form, a work order, the assessment workbook (LibreOffice headless →
# PDF → pdftoppm), and the atlas PDFs when present. Installs libreoffice-calc when missing (root).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${DEMO_OUT:-$PWD/out/demo}
LOOK=$PWD/out/look
[ -d "$OUT" ] || { echo "look: run make demo first ($OUT missing)" >&2; exit 1; }
if ! command -v soffice >/dev/null; then
  echo "look: installing libreoffice-calc"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libreoffice-calc >/dev/null
fi
rm -rf "$LOOK" && mkdir -p "$LOOK"
files=("$OUT/未匹配_2024.xlsx" "$OUT/体检评估.xlsx")
form=$(ls "$OUT"/调查表/*.xlsx 2>/dev/null | head -1 || true); [ -n "$form" ] && files+=("$form")
order=$(ls "$OUT"/工单/*.xlsx 2>/dev/null | head -1 || true); [ -n "$order" ] && files+=("$order")
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  HOME=$LOOK soffice --headless --convert-to pdf --outdir "$LOOK" "$f" >/dev/null 2>&1
done
for pdf in "$LOOK"/*.pdf "$OUT"/图集/*.pdf; do
  [ -f "$pdf" ] || continue
  stem=$(basename "${pdf%.pdf}")
  pdftoppm -png -r 60 -l 3 "$pdf" "$LOOK/$stem"
done
echo "look: $(ls "$LOOK"/*.png 2>/dev/null | wc -l) pages in $LOOK"
