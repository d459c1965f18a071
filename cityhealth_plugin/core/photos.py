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
    if not _SPLIT.search(cell_text):  # one name (the usual case)
        name = cell_text.strip().strip('"').strip()
        return [name] if name else []
    return [p.strip().strip('"').strip() for p in _SPLIT.split(cell_text) if p.strip().strip('"').strip()]


def _inside(path: str, root: str) -> bool:
    if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
        return True  # the common case, without os.path.commonpath's cost
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives on Windows
        return False


def _record(result: PhotoResolution, name: str, found: Optional[str]) -> None:
    """Note ``name`` as missing, or its file ``found`` once among the paths."""
    if found is None:
        result.missing.append(name)
    elif found not in result.paths:
        result.paths.append(found)


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
        self._search_folders: Dict[str, Tuple[str, ...]] = {}
        self._holders_of: Dict[str, Dict[str, Tuple[str, ...]]] = {}

    def _root(self, report_dir: str) -> str:
        root = self._roots.get(report_dir)
        if root is None:
            root = self._roots[report_dir] = os.path.realpath(os.path.abspath(report_dir))
        return root

    def _folders(self, root: str) -> Tuple[str, ...]:
        """The report folder and its photo subfolders, in search order."""
        folders = self._search_folders.get(root)
        if folders is None:
            folders = self._search_folders[root] = tuple(
                os.path.normpath(os.path.join(root, base)) for base in ("",) + self.search_dirs)
        return folders

    def _holders(self, root: str) -> Dict[str, Tuple[str, ...]]:
        """File name → the folders of :meth:`_folders` holding a file or link of that name, in order."""
        holders = self._holders_of.get(root)
        if holders is None:
            found: Dict[str, List[str]] = {}
            for directory in self._folders(root):
                for name, kind in self._listing(directory)[1].items():
                    if kind != "other":
                        found.setdefault(name, []).append(directory)
            holders = self._holders_of[root] = {name: tuple(dirs) for name, dirs in found.items()}
        return holders

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

    def is_file(self, path: str) -> bool:
        """``os.path.isfile(path)``, answered from the listing of its folder (listed once: a round's
        photos share a few folders, and a ``stat`` per photo costs more than the listing). A link,
        and a name the listing lacks (a case-insensitive file system, a file made since), are asked
        of the file system."""
        folder, name = os.path.split(path)
        kind = self._listing(folder or ".")[1].get(name)
        return kind == "file" or (kind != "other" and os.path.isfile(path))

    def _existing(self, path: str, root: str) -> Optional[str]:
        directory, name = os.path.split(path)
        return self._existing_in(directory, name, root)

    def _existing_in(self, directory: str, name: str, root: str) -> Optional[str]:
        real_dir, entries = self._listing(directory)
        kind = entries.get(name)
        if kind == "file":
            found = os.path.join(real_dir, name)
            return found if _inside(found, root) else None
        if kind == "link":
            # realpath also defeats symlinks that point outside the report folder.
            found = os.path.realpath(os.path.join(directory, name))
            return found if _inside(found, root) and os.path.isfile(found) else None
        return None

    def resolve(self, cell_text: str, report_dir: str) -> PhotoResolution:
        """Resolve the photo names in ``cell_text`` against ``report_dir`` and the search folders."""
        result = PhotoResolution()
        if not cell_text:
            return result
        root = self._root(report_dir)
        holders = self._holders(root)
        for name in split_photo_names(cell_text):
            if ":" not in name and "/" not in name and "\\" not in name and name != "." and name != "..":
                # a bare file name (the usual case): no URL, drive, absolute path or parent step can
                # hide in it, and it lies directly in the report folder or one of its photo folders
                found = None
                for directory in holders.get(name, ()):
                    found = self._existing_in(directory, name, root)
                    if found is not None:
                        break
                _record(result, name, found)
                continue
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
            _record(result, name, found)
        return result

    def resolve_in(self, cell_text: str, folders: Iterable[str]) -> PhotoResolution:
        """Resolve each name in ``cell_text`` as :meth:`resolve` does against each of ``folders`` in
        turn, the first folder holding it winning. A name is ``missing`` when some folder could hold
        it but none does, ``refused`` when every folder refuses it (or no folder is given)."""
        result = PhotoResolution()
        roots = [f for f in dict.fromkeys(folders) if f]
        for name in split_photo_names(cell_text):
            found, missing = None, False
            for folder in roots:
                one = self.resolve(name, folder)
                if one.paths:
                    found = one.paths[0]
                    break
                missing = missing or bool(one.missing)
            if found is not None or missing:
                _record(result, name, found)
            else:
                result.refused.append(name)
        return result


def row_photo_folders(source_file: str, layer_dir: str) -> List[str]:
    """The folders the photos of a problem row that no join checked (a hand-made problems layer)
    are looked up in: the folder of the row's ``source_file`` (relative to the layer's folder, or
    absolute), then the problems layer's folder ``layer_dir``. Every folder lies inside
    ``layer_dir``: a row cannot name another folder to read from (an absolute ``source_file``
    elsewhere, or one climbing out with ``../``, leaves the layer's folder only). ``layer_dir`` ""
    (a memory layer): no folder, every photo is refused."""
    if not layer_dir:
        return []
    base = os.path.realpath(os.path.abspath(layer_dir))
    source = (source_file or "").strip().replace("\\", "/")
    folders = []
    if source and not _DRIVE.match(source) and not source.startswith("//"):
        folder = os.path.realpath(os.path.join(base, os.path.dirname(source)))  # absolute: itself
        if _inside(folder, base):
            folders.append(folder)
    folders.append(base)
    return list(dict.fromkeys(folders))


def resolve_photos(cell_text: str, report_dir: str,
                   search_dirs: Iterable[str] = ("照片", "photos", "图片")) -> PhotoResolution:
    """Resolve the photo names in ``cell_text`` against ``report_dir`` and its ``search_dirs``.

    Names resolve relative to the report folder, then inside its photo subfolders; the first
    existing file wins. For many rows, use one :class:`PhotoFinder` instead.
    """
    return PhotoFinder(search_dirs).resolve(cell_text, report_dir)
