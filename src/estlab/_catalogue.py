"""Maintaining estlab's message catalogue: extract the msgids, update the .po, compile the .mo.

The run-time side is :mod:`estlab._i18n`; this module is for the people who change messages::

    python -m estlab._catalogue update    # add new msgids to the .po (untranslated), drop unused
    python -m estlab._catalogue compile   # the .po -> the .mo shipped as package data

No network and no extra dependency: the compiler is the logic of CPython's
``Tools/i18n/msgfmt.py`` (about fifty lines, vendored because that script is not installed with
Python and GNU ``msgfmt`` may be absent; Babel would be a dependency for the same fifty lines).
The ``.mo`` is committed, and the tests check that it is exactly what the ``.po`` compiles to, that
GNU ``msgfmt --check`` (where installed) reads the same catalogue, and that the ``.po`` holds every
msgid the code uses and no other, each translated.
"""

import array
import ast
import re
import struct
import sys
from pathlib import Path

from estlab._i18n import DOMAIN, LOCALE_DIR, po_path

__all__ = ["compile_all", "compile_po", "extract", "parse_po", "update", "write_po"]


# -- the .po file: parse, write, compile ------------------------------------------------------

def parse_po(text):
    """Entries of a .po file: a list of dicts with ``msgid``, ``msgstr``, ``flags``, ``line``.

    The subset estlab uses: no contexts, no plurals (Korean has none; English messages avoid
    them), ``#, fuzzy`` and other flags kept so that a test can refuse them.

    Examples
    --------
    >>> [e["msgstr"] for e in parse_po('msgid "a\\\\nb"\\nmsgstr ""\\n"x"\\n')]
    ['x']
    """
    entries, entry, field, flags = [], None, None, set()

    def finish():
        if entry is not None:
            entries.append(entry)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgid "):
            finish()
            entry, field = {"msgid": "", "msgstr": "", "flags": flags, "line": number}, "msgid"
            flags = set()
            line = line[len("msgid "):]
        elif line.startswith("msgstr "):
            if entry is None:
                raise ValueError(f"line {number}: msgstr before any msgid")
            field = "msgstr"
            line = line[len("msgstr "):]
        elif line.startswith(("msgctxt", "msgid_plural", "msgstr[")):
            raise ValueError(f"line {number}: contexts and plurals are not used by estlab")
        if not (line.startswith('"') and line.endswith('"')) or field is None:
            raise ValueError(f"line {number}: expected a quoted string; got {raw!r}")
        entry[field] += ast.literal_eval(line)
    finish()
    return entries


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _po_string(keyword, text, width=96):
    """``msgid "..."``, wrapped as GNU gettext does: an empty first line, then chunks."""
    if len(keyword) + len(_quote(text)) + 1 <= width and "\n" not in text[:-1]:
        return f"{keyword} {_quote(text)}"
    chunks, line = [], ""
    for word in re.findall(r"\S*\s*", text):
        if line and len(_quote(line + word)) > width:
            chunks.append(line)
            line = ""
        line += word
    chunks.append(line)
    return "\n".join([f'{keyword} ""'] + [_quote(c) for c in chunks if c])


def write_po(entries, header):
    """The text of a .po file holding ``header`` (msgstr of the empty msgid) and ``entries``.

    Each entry is a dict with ``msgid``, ``msgstr`` and optional ``where`` (source references).
    """
    parts = [f'msgid ""\n{_po_string("msgstr", header)}\n']
    for e in entries:
        refs = "".join(f"#: {w}\n" for w in e.get("where", ()))
        parts.append(f"{refs}{_po_string('msgid', e['msgid'])}\n"
                     f"{_po_string('msgstr', e['msgstr'])}\n")
    return "\n".join(parts)


def compile_po(text):
    """The .mo bytes of a .po text, as CPython's ``Tools/i18n/msgfmt.py`` writes them.

    Fuzzy entries and empty translations are left out (gettext then falls back to English);
    the header (the empty msgid) is kept.
    """
    messages = {}
    for e in parse_po(text):
        if "fuzzy" in e["flags"] or (e["msgid"] and not e["msgstr"]):
            continue
        messages[e["msgid"].encode("utf-8")] = e["msgstr"].encode("utf-8")
    keys = sorted(messages)
    offsets, ids, strs = [], b"", b""
    for key in keys:  # the strings, each NUL-terminated, in sorted order
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)  # header, then the two offset tables
    valuestart = keystart + len(ids)
    koffsets, voffsets = [], []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    output = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8,
                         0, 0)  # magic, version, count, key table, value table, no hash table
    output += array.array("i", koffsets + voffsets).tobytes()
    return output + ids + strs


# -- extraction: every msgid the code uses --------------------------------------------------------

#: Calls whose first argument is a msgid.
_MESSAGE_CALLS = {"_", "N_", "Mistake", "ScriptFailed", "translate"}
#: Calls whose second argument (a description such as "the gradient") is a msgid.
_WHAT_CALLS = {"as_number", "as_array"}
_SOURCES = ("_cli.py", "_i18n.py", "exercises")


def _name(func):
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def extract(root=None):
    """Every msgid in estlab's student-facing code: ``{msgid: [file:line, ...]}``.

    Found by reading the source (``ast``): the first argument of ``_``, ``N_``, ``Mistake`` and
    ``translate``; the description given to ``as_number``/``as_array`` when it is prose (with
    a space: ``"coef"`` names code and stays as it is); and the title,
    statement and hints of every ``Exercise(...)``. A message built with an f-string cannot be
    translated, so one in those places is an error.
    """
    root = Path(__file__).parent if root is None else Path(root)  # the estlab package
    files = []
    for source in _SOURCES:
        path = root / source
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    found, errors = {}, []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(root.parent).as_posix()

        def add(node, _where=where):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.setdefault(node.value, []).append(f"{_where}:{node.lineno}")
                return True
            return False

        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in _MESSAGE_CALLS and node.args:
                first = node.args[0]
                if not add(first) and isinstance(first, ast.JoinedStr):
                    errors.append(f"{where}:{first.lineno}: an f-string given to {name}(); use a "
                                  "template with named fields and .format()/keywords")
            elif name in _WHAT_CALLS and len(node.args) > 1:
                what = node.args[1]  # prose ("the gradient"), not code ("coef", "softmax(Z)")
                if isinstance(what, ast.Constant) and " " in str(what.value):
                    add(what)
            elif name == "Exercise" and len(node.args) >= 6:
                hints = node.args[6].elts if len(node.args) > 6 else ()
                for arg in (node.args[3], node.args[5], *hints):
                    if not add(arg):
                        errors.append(f"{where}:{arg.lineno}: an Exercise text that is not a "
                                      "string literal")
    if errors:
        raise ValueError("untranslatable messages:\n" + "\n".join(errors))
    return found


_HEADER = ("Project-Id-Version: estlab\n"
           "PO-Revision-Date: 2026-12-03 13:00+0000\n"
           "Last-Translator: estlab developers\n"
           "Language-Team: Korean\n"
           "Language: {code}\n"
           "MIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=UTF-8\n"
           "Content-Transfer-Encoding: 8bit\n"
           "Plural-Forms: nplurals=1; plural=0;\n")


def update(code="ko"):
    """Rewrite the .po of ``code``: every msgid the code uses, in source order; keep translations.

    Returns ``(added, removed)`` msgid counts.
    """
    path = po_path(code)
    old = {e["msgid"]: e for e in parse_po(path.read_text(encoding="utf-8"))} if path.exists() \
        else {}
    found = extract()
    entries = [{"msgid": m, "msgstr": old.get(m, {}).get("msgstr", ""), "where": w[:3]}
               for m, w in found.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_po(entries, _HEADER.format(code=code)), encoding="utf-8")
    kept = set(old) - {""}
    return len(set(found) - kept), len(kept - set(found))


def compile_all():
    """Compile every ``locale/*/LC_MESSAGES/estlab.po`` into the ``.mo`` beside it."""
    written = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po.read_text(encoding="utf-8")))
        written.append(mo)
    return written


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        added, removed = update()
        print(f"{po_path()}: {added} new msgids (untranslated), {removed} unused removed")
    elif command == "compile":
        for mo in compile_all():
            print(f"wrote {mo}")
    else:
        print("usage: python -m estlab._catalogue update|compile", file=sys.stderr)
        sys.exit(2)
