"""Where the indicator configuration of a QGIS project lives (shared by the dialog and assess).

The dialog (Plugins → 城市体检 → 指标配置…) saves the configuration twice: as JSON in the project
(``QgsProject.writeEntry("cityhealth", "indicator_config", …)``, so it travels with the .qgz) and,
when the project has a file, as ``<project name>_指标配置.json`` next to it; the path of that file is
stored too (``indicator_config_path``). ``cityhealth:assess`` with an empty CONFIG uses the
project's configuration, else the shipped national set, so batch runs and models see exactly what
the planner set. A CONFIG path given explicitly always wins.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Tuple

from ..core.indicators.config import DEFAULT_CONFIG, dumps_config, load_config, loads_config, save_config

SCOPE = "cityhealth"
KEY_JSON = "indicator_config"
KEY_PATH = "indicator_config_path"


def project_config(project) -> Tuple[Optional[Dict[str, Any]], str]:
    """(configuration, where from) of ``project``; (None, "") when it holds none."""
    if project is None:
        return None, ""
    text, ok = project.readEntry(SCOPE, KEY_JSON, "")
    if ok and text:
        return loads_config(text), "project"
    path, ok = project.readEntry(SCOPE, KEY_PATH, "")
    if ok and path and os.path.isfile(path):
        return load_config(path), path
    return None, ""


def config_file_next_to(project) -> str:
    """``<project>_指标配置.json`` next to the project file ("" for an unsaved project)."""
    name = project.fileName() if project is not None else ""
    if not name:
        return ""
    stem = os.path.splitext(os.path.basename(name))[0]
    return os.path.join(os.path.dirname(os.path.abspath(name)), "{}_指标配置.json".format(stem))


def store_project_config(project, config: Dict[str, Any]) -> str:
    """Save ``config`` into ``project`` (and next to its file); returns the file written or ""."""
    project.writeEntry(SCOPE, KEY_JSON, dumps_config(config))
    path = config_file_next_to(project)
    if path:
        save_config(config, path)
        project.writeEntry(SCOPE, KEY_PATH, path)
    return path


def resolve_config(path: str, project) -> Tuple[Dict[str, Any], str]:
    """The configuration assess uses: ``path`` if given, else the project's, else the national set."""
    if path:
        return load_config(path), path
    config, source = project_config(project)
    if config is not None:
        return config, source
    return load_config(DEFAULT_CONFIG), DEFAULT_CONFIG
