"""A small horizontal bar chart as SVG text (QGIS 3.22 layouts have no chart item).

The layout shows it in a picture item. Colours are opaque (no ``opacity``): a semi-transparent
item makes the PDF writer rasterise the whole page.
"""

from __future__ import annotations

from typing import Sequence, Tuple
from xml.sax.saxutils import escape, quoteattr

BAR_COLOUR = "#c0392b"
AXIS_COLOUR = "#555555"


def bar_chart_svg(
    counts: Sequence[Tuple[str, int]],
    title: str,
    font_family: str,
    width: float = 400.0,
    height: float = 240.0,
    empty_text: str = "—",
) -> str:
    """SVG of one bar per ``(label, count)``, longest count = full width, count written after the bar."""
    font = quoteattr(font_family or "sans-serif")  # one family: Qt's SVG renderer reads no lists
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w:g}" height="{h:g}" '
        'viewBox="0 0 {w:g} {h:g}">'.format(w=width, h=height),
        '<rect x="0" y="0" width="{:g}" height="{:g}" fill="#ffffff"/>'.format(width, height),
        '<text x="4" y="18" font-family={} font-size="15" fill="#222222">{}</text>'.format(
            font, escape(title)
        ),
    ]
    top, left, right = 30.0, width * 0.34, 44.0
    if not counts:
        parts.append(
            '<text x="{:g}" y="{:g}" font-family={} font-size="14" fill="{}">{}</text>'.format(
                width / 2 - 20, height / 2, font, AXIS_COLOUR, escape(empty_text)
            )
        )
    else:
        biggest = max(n for _l, n in counts) or 1
        row = (height - top - 4) / len(counts)
        bar = max(4.0, min(row * 0.7, 22.0))
        font_size = max(9.0, min(14.0, row * 0.75))
        for i, (label, count) in enumerate(counts):
            y = top + i * row
            length = (width - left - right) * count / biggest
            parts.append(
                '<text x="{:g}" y="{:g}" font-family={} font-size="{:g}" fill="#222222" '
                'text-anchor="end">{}</text>'.format(
                    left - 6, y + bar * 0.8, font, font_size, escape(str(label))
                )
            )
            parts.append(
                '<rect x="{:g}" y="{:g}" width="{:g}" height="{:g}" fill="{}"/>'.format(
                    left, y, max(length, 0.5), bar, BAR_COLOUR
                )
            )
            parts.append(
                '<text x="{:g}" y="{:g}" font-family={} font-size="{:g}" fill="#222222">{}</text>'.format(
                    left + length + 4, y + bar * 0.8, font, font_size, count
                )
            )
        parts.append(
            '<line x1="{x:g}" y1="{t:g}" x2="{x:g}" y2="{b:g}" stroke="{c}" stroke-width="1"/>'.format(
                x=left, t=top - 2, b=height - 2, c=AXIS_COLOUR
            )
        )
    parts.append("</svg>")
    return "\n".join(parts)
