"""Which font family the layouts use, per platform, with fallbacks.

Qt's PDF writer (Qt 5.15) writes the text layer of Noto Sans / Serif CJK with some glyphs mapped to
CJK radicals (``门`` → U+2ED4 ``⻔``, ``页`` → U+2EDA, ``户`` → U+2F3E, ``片`` → U+2F5A): the page
looks right but a search for "西门" in the PDF fails. The WenQuanYi fonts (Debian
``fonts-wqy-microhei`` / ``fonts-wqy-zenhei``) give the right characters, so they come first on
Linux; Noto Sans CJK SC is the fallback (right glyphs on the page, wrong copied text).
On Windows Microsoft YaHei, then SimHei; on macOS PingFang SC.
"""

from __future__ import annotations

import sys
from typing import Iterable, List, Optional

FONT_PREFERENCE = {
    "linux": (
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "Noto Serif CJK SC",
        "Droid Sans Fallback",
    ),
    "win32": ("Microsoft YaHei", "微软雅黑", "SimHei", "黑体", "SimSun", "Noto Sans CJK SC"),
    "darwin": ("PingFang SC", "Heiti SC", "STHeiti", "Songti SC", "Noto Sans CJK SC"),
}
#: Other names of the same families (as fontconfig lists them in a Chinese locale).
ALIASES = {
    "WenQuanYi Micro Hei": ("文泉驿微米黑", "文泉驛微米黑"),
    "WenQuanYi Zen Hei": ("文泉驿正黑", "文泉驛正黑"),
    "Microsoft YaHei": ("微软雅黑",),
    "SimHei": ("黑体",),
    "Noto Sans CJK SC": ("思源黑体",),
}
#: Families whose PDF text layer maps some characters to CJK radicals (see the module docstring).
RADICAL_TRAP_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Noto Sans Mono CJK SC",
    "Source Han Sans SC",
)


def preference(platform: Optional[str] = None) -> List[str]:
    """The font families to try on ``platform`` (``sys.platform`` when None), best first."""
    platform = platform or sys.platform
    key = (
        "win32" if platform.startswith(("win", "cygwin")) else ("darwin" if platform == "darwin" else "linux")
    )
    return list(FONT_PREFERENCE[key])


def choose_family(available: Iterable[str], platform: Optional[str] = None) -> str:
    """The first preferred family that is installed (``available``: installed family names).

    Returns "" when none is installed (the caller keeps Qt's default and warns)."""
    installed = {name.lower(): name for name in available}
    for family in preference(platform):
        for name in (family,) + ALIASES.get(family, ()):
            if name.lower() in installed:
                return installed[name.lower()]
    return ""
