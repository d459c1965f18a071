"""Translations. ``cityhealth_zh_CN.ts`` is the source; ``make translate`` compiles the ``.qm``."""

from __future__ import annotations

import os
from typing import Optional

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = os.path.dirname(__file__)
_translator: Optional[QTranslator] = None


def user_locale() -> str:
    """The locale QGIS runs in: the user's override if set, else the system locale."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return settings.value("locale/userLocale", "") or QLocale.system().name()
    return settings.value("locale/userLocale", "") or QLocale.system().name()


def install_translator(locale: Optional[str] = None) -> Optional[str]:
    """Install the plugin's translator for ``locale`` (full name first, then language).

    Returns the path of the loaded ``.qm`` file, or ``None`` when no translation applies.
    Safe to call more than once: the previous translator is replaced.
    """
    global _translator
    locale = locale or user_locale()
    app = QCoreApplication.instance()
    if app is None:
        return None
    candidates = [locale, locale.split("_")[0]] if locale else []
    for name in candidates:
        path = os.path.join(I18N_DIR, "cityhealth_{}.qm".format(name))
        if not os.path.exists(path):
            continue
        translator = QTranslator()
        if translator.load(path):
            if _translator is not None:
                QCoreApplication.removeTranslator(_translator)
            QCoreApplication.installTranslator(translator)
            _translator = translator
            return path
    return None


def remove_translator() -> None:
    """Uninstall the translator installed by :func:`install_translator`."""
    global _translator
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
