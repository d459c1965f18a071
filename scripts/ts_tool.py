"""Work with the zh_CN .ts file: list untranslated messages as TSV, or fill them from a TSV.

    .venv/bin/python scripts/ts_tool.py export [TS] > todo.tsv      # context<TAB>source<TAB>(empty)
    .venv/bin/python scripts/ts_tool.py import todo.tsv [TS]        # fills translations, marks them finished
    .venv/bin/python scripts/ts_tool.py merge OTHER.ts [TS]         # takes OTHER's finished translations

``merge`` resolves a conflict in the .ts after a git merge: keep one side, run `make translate`
(pylupdate5 adds every new source string), then merge the other side's file
(``git show BRANCH:cityhealth_plugin/i18n/cityhealth_zh_CN.ts > /tmp/other.ts``).

Newlines and tabs inside messages are written as \\n and \\t in the TSV.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TS = os.path.join(ROOT, "cityhealth_plugin", "i18n", "cityhealth_zh_CN.ts")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unesc(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def messages(tree):
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def export(ts: str) -> int:
    tree = ET.parse(ts)
    for context, message in messages(tree):
        translation = message.find("translation")
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            print("{}\t{}\t".format(context, _esc(message.findtext("source"))))
    return 0


def finished(ts: str):
    """{(context, source): translation} of the finished translations in ``ts``."""
    table = {}
    for context, message in messages(ET.parse(ts)):
        translation = message.find("translation")
        if translation.get("type") != "unfinished" and (translation.text or "").strip():
            table[(context, message.findtext("source"))] = translation.text
    return table


def import_(tsv: str, ts: str, table=None) -> int:
    if table is not None:
        return _fill(table, ts)
    table = {}
    with open(tsv, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not parts[2].strip():
                print("{}:{}: expected context<TAB>source<TAB>translation".format(tsv, number),
                      file=sys.stderr)
                return 1
            table[(parts[0], _unesc(parts[1]))] = _unesc(parts[2])
    return _fill(table, ts)


def _fill(table, ts: str) -> int:
    tree = ET.parse(ts)
    filled = 0
    for context, message in messages(tree):
        key = (context, message.findtext("source"))
        if key in table and (message.find("translation").get("type") == "unfinished"
                             or not (message.find("translation").text or "").strip()):
            translation = message.find("translation")
            translation.text = table[key]
            translation.attrib.pop("type", None)
            filled += 1
    tmp = ts + ".part"
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    with open(tmp, encoding="utf-8") as handle:
        body = handle.read().replace("<?xml version='1.0' encoding='utf-8'?>",
                                     '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.replace(tmp, ts)
    print("filled {} of {} translations".format(filled, len(table)))
    return 0


def main(argv) -> int:
    if len(argv) >= 2 and argv[1] == "export":
        return export(argv[2] if len(argv) > 2 else DEFAULT_TS)
    if len(argv) >= 3 and argv[1] == "import":
        return import_(argv[2], argv[3] if len(argv) > 3 else DEFAULT_TS)
    if len(argv) >= 3 and argv[1] == "merge":
        return import_("", argv[3] if len(argv) > 3 else DEFAULT_TS, table=finished(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
