"""Renderers of the printed maps. Every colour is opaque: a semi-transparent symbol makes Qt's PDF
writer rasterise the page (and the file ten times larger)."""

from __future__ import annotations

from typing import Iterable, List, Sequence, Tuple

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsClassificationJenks,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
)

#: Buildings by number of problems: (lower, upper, colour, label).
PROBLEM_CLASSES = (
    (0, 0, "#f2f2f2", "0"),
    (1, 2, "#fdd49e", "1–2"),
    (3, 5, "#fc8d59", "3–5"),
    (6, 10, "#d7301f", "6–10"),
    (11, 1e9, "#7f0000", "≥ 11"),
)
#: Opaque, distinguishable colours for problem categories (cycled).
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#636363",
    "#6baed6",
    "#fd8d3c",
    "#74c476",
    "#9e9ac8",
)
#: Thematic maps: five opaque classes from light to dark.
RAMP = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")


def fill(colour: str, stroke: str = "#9a9a9a", width: float = 0.1) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple(
        {"color": colour, "outline_color": stroke, "outline_width": str(width), "outline_width_unit": "MM"}
    )


def outline(colour: str = "#08306b", width: float = 0.7) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": colour, "outline_width": str(width), "outline_width_unit": "MM"}
    )


def buildings_renderer(field: str = "problems_total", title: str = "") -> QgsGraduatedSymbolRenderer:
    ranges = [
        QgsRendererRange(lower, upper, fill(colour, "#8a8a8a", 0.08), label)
        for lower, upper, colour, label in PROBLEM_CLASSES
    ]
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    return renderer


def problems_renderer(categories: Iterable[str], field: str = "category_cn") -> QgsCategorizedSymbolRenderer:
    cats: List[QgsRendererCategory] = []
    for i, value in enumerate(sorted(set(c for c in categories if c))):
        symbol = QgsMarkerSymbol.createSimple(
            {
                "name": "circle",
                "color": PALETTE[i % len(PALETTE)],
                "outline_color": "#ffffff",
                "outline_width": "0.2",
                "size": "2.0",
                "size_unit": "MM",
            }
        )
        cats.append(QgsRendererCategory(value, symbol, value))
    return QgsCategorizedSymbolRenderer(field, cats)


def single(symbol) -> QgsSingleSymbolRenderer:
    return QgsSingleSymbolRenderer(symbol)


def highlight_renderer(expression: str, colour: str = "#e31a1c") -> QgsRuleBasedRenderer:
    """Only the features matching ``expression`` (e.g. the atlas feature), filled with ``colour``."""
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(fill(colour, "#800000", 0.3), 0, 0, expression))
    return QgsRuleBasedRenderer(root)


def graduated_renderer(
    field: str, values: Sequence[float], classes: int = 5
) -> Tuple[QgsGraduatedSymbolRenderer, int]:
    """Natural breaks (Jenks) of ``values`` into at most ``classes`` opaque classes; returns the
    renderer and the number of classes (fewer when there are few distinct values)."""
    distinct = sorted(set(v for v in values if v is not None))
    renderer = QgsGraduatedSymbolRenderer(field)
    if not distinct:
        renderer.addClassRange(QgsRendererRange(0, 0, fill(RAMP[0]), "0"))
        return renderer, 1
    if len(distinct) <= classes:
        bounds = [(v, v) for v in distinct]
    else:
        method = QgsClassificationJenks()
        breaks = method.classes(list(values), classes)
        bounds = [(r.lowerBound(), r.upperBound()) for r in breaks]
    n = len(bounds)
    whole = all(float(v).is_integer() for v in distinct)
    previous = None
    for i, (lower, upper) in enumerate(bounds):
        colour = RAMP[round(i * (len(RAMP) - 1) / max(n - 1, 1))]
        # counts: classes 0, 1–2, 3–5 … (Jenks bounds overlap: each class includes its upper bound)
        first = lower if previous is None or not whole or lower == upper else previous + 1
        label = _number(first) if first >= upper else "{} – {}".format(_number(first), _number(upper))
        renderer.addClassRange(QgsRendererRange(lower, upper, fill(colour, "#777777", 0.1), label))
        previous = upper
    return renderer, n


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else "{:.2f}".format(value)
