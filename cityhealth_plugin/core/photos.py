"""Resolve the photo file names written in a report cell to files next to the report.

Grid workers write one or more photo names per problem (``照片/3号楼井盖.jpg``, ``a.jpg;b.jpg``).
Names resolve relative to the folder of the report file, then inside its usual photo subfolders.
A missing photo is listed, never fatal. Anything that would reach outside the report folder
(``../``, absolute paths elsewhere, drive letters, UNC paths, URLs) is refused: a report must not
make the plugin read arbitrary files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

#: Separators between several photo names in one cell: ; , 、 ； ， and newlines.
_SPLIT = re.compile(r"[;,、；，\r\n]+")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class PhotoResolution:
    """Outcome for one cell: existing absolute ``paths``, ``missing`` names, ``refused`` names."""

    paths: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    refused: List[str] = field(default_factory=list)


def split_photo_names(cell_text: str) -> List[str]:
    """The photo names in a cell, stripped, empty pieces dropped."""
    if not cell_text:
        return []
    return [p.strip().strip('"').strip() for p in _SPLIT.split(cell_text) if p.strip().strip('"').strip()]


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives on Windows
        return False


class PhotoFinder:
    """Resolves photo names like :func:`resolve_photos`, listing each folder once.

    A join resolves thousands of names in a few folders; asking the file system about every
    candidate path (``realpath`` walks each component) costs far more than the rest of the join.
    The finder lists a folder on first use and answers from that listing; symbolic links are still
    followed with ``realpath`` and refused when they point outside the report folder. Make one
    finder per run: it does not see files added after a folder was listed.
    """

    def __init__(self, search_dirs: Iterable[str] = ("照片", "photos", "图片")):
        self.search_dirs = tuple(search_dirs)
        self._roots: Dict[str, str] = {}
        self._listings: Dict[str, Tuple[str, Dict[str, str]]] = {}

    def _root(self, report_dir: str) -> str:
        root = self._roots.get(report_dir)
        if root is None:
            root = self._roots[report_dir] = os.path.realpath(os.path.abspath(report_dir))
        return root

    def _listing(self, directory: str) -> Tuple[str, Dict[str, str]]:
        cached = self._listings.get(directory)
        if cached is None:
            real = os.path.realpath(directory)
            entries: Dict[str, str] = {}
            try:
                with os.scandir(real) as scan:
                    for entry in scan:
                        entries[entry.name] = ("link" if entry.is_symlink()
                                               else "file" if entry.is_file() else "other")
            except OSError:
                pass
            cached = self._listings[directory] = (real, entries)
        return cached

    def _existing(self, path: str, root: str) -> Optional[str]:
        directory, name = os.path.split(path)
        real_dir, entries = self._listing(directory)
        kind = entries.get(name)
        if kind == "file":
            found = os.path.join(real_dir, name)
            return found if _inside(found, root) else None
        if kind == "link":
            # realpath also defeats symlinks that point outside the report folder.
            found = os.path.realpath(path)
            return found if _inside(found, root) and os.path.isfile(found) else None
        return None

    def resolve(self, cell_text: str, report_dir: str) -> PhotoResolution:
        """Resolve the photo names in ``cell_text`` against ``report_dir`` and the search folders."""
        result = PhotoResolution()
        if not cell_text:
            return result
        root = self._root(report_dir)
        for name in split_photo_names(cell_text):
            if _URL.match(name) or _DRIVE.match(name) or name.startswith(("\\\\", "//")):
                result.refused.append(name)
                continue
            rel = name.replace("\\", "/")
            if os.path.isabs(rel):
                candidate = os.path.realpath(rel)
                if not _inside(candidate, root):
                    result.refused.append(name)
                    continue
                found = candidate if os.path.isfile(candidate) else None
            else:
                if ".." in rel.split("/"):
                    result.refused.append(name)
                    continue
                found = None
                for base in ("",) + self.search_dirs:
                    found = self._existing(os.path.normpath(os.path.join(root, base, rel)), root)
                    if found is not None:
                        break
            if found is None:
                result.missing.append(name)
            elif found not in result.paths:
                result.paths.append(found)
        return result


def resolve_photos(cell_text: str, report_dir: str,
                   search_dirs: Iterable[str] = ("照片", "photos", "图片")) -> PhotoResolution:
    """Resolve the photo names in ``cell_text`` against ``report_dir`` and its ``search_dirs``.

    Names resolve relative to the report folder, then inside its photo subfolders; the first
    existing file wins. For many rows, use one :class:`PhotoFinder` instead.
    """
    return PhotoFinder(search_dirs).resolve(cell_text, report_dir)
