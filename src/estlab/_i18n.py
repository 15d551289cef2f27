"""One message catalogue for everything a student reads: exercises, ``estlab check``, hints.

English is the source language: every message is written in English in the code, and that
English text is the *msgid* of a GNU gettext catalogue. The Korean catalogue is
``estlab/locale/ko/LC_MESSAGES/estlab.po`` (the one file translators edit) compiled to
``estlab.mo`` beside it, which Python's standard :mod:`gettext` reads at run time. A message
missing from a catalogue falls back to its English text, so English is always the default.

Messages with values in them are templates with named fields, formatted *after* translation::

    _("Your learning rate {lr:.4g} diverges.").format(lr=lr)

so that a translation may move the fields where its grammar needs them.

The language comes from, in order: an explicit ``lang`` (``estlab check --lang ko``,
``check(..., lang="ko")``), then the locale variables in the order gettext reads them
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the first one set decides, and a ``:``-list
in ``LANGUAGE`` is tried left to right), and English when none names a supported language.

Maintenance (no network, no extra dependency)::

    python -m estlab._i18n update    # add new msgids to the .po, drop unused ones
    python -m estlab._i18n compile   # the .po -> the .mo shipped as package data

The compiler is the logic of CPython's ``Tools/i18n/msgfmt.py`` (about fifty lines, vendored
here because that script is not installed with Python and GNU ``msgfmt`` may be absent); the
tests check that the committed ``.mo`` is exactly what the ``.po`` compiles to, and against GNU
``msgfmt`` where it is installed.

Examples
--------
>>> translate("Hint {i}", "ko").format(i=1)
'힌트 1'
>>> translate("Hint {i}", "en").format(i=1)
'Hint 1'
>>> with language("ko"):
...     _("Solution")
'풀이'
"""

import array
import ast
import contextlib
import gettext as _gettext
import os
import re
import struct
import sys
from pathlib import Path

from estlab._errors import EstlabError

__all__ = ["LANGUAGES", "N_", "UnsupportedLanguageError", "_", "compile_po", "current",
           "extract", "language", "parse_po", "resolve", "set_language", "translate"]

#: Supported languages: code -> its own name.
LANGUAGES = {"en": "English", "ko": "한국어"}
DOMAIN = "estlab"
LOCALE_DIR = Path(__file__).parent / "locale"
_ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # as gettext.find reads them


class UnsupportedLanguageError(EstlabError, ValueError):
    """A language estlab has no catalogue for.

    Examples
    --------
    >>> resolve("xx")
    Traceback (most recent call last):
    ...
    estlab._i18n.UnsupportedLanguageError: unsupported language 'xx'; supported: en (English), ...
    """


def _supported():
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def _code(tag):
    """``"ko_KR.UTF-8"`` -> ``"ko"``; ``"C"`` and ``"POSIX"`` -> ``"en"``; else the bare code."""
    tag = tag.strip()
    if tag in ("C", "POSIX") or tag.startswith(("C.", "POSIX.")):
        return "en"
    return re.split(r"[_.@-]", tag, maxsplit=1)[0].lower()


def _from_environment(environ=None):
    """The language the locale variables ask for, in gettext's order; ``"en"`` by default.

    Examples
    --------
    >>> _from_environment({"LANG": "ko_KR.UTF-8"})
    'ko'
    >>> _from_environment({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"})
    'en'
    >>> _from_environment({"LANGUAGE": "fr:ko", "LANG": "en_US.UTF-8"})
    'ko'
    >>> _from_environment({})
    'en'
    """
    environ = os.environ if environ is None else environ
    for var in _ENV_ORDER:
        value = environ.get(var)
        if value:
            for tag in value.split(":"):
                code = _code(tag) if tag else ""
                if code in LANGUAGES:
                    return code
            if var != "LANGUAGE":  # LANGUAGE may list none we know; the others decide alone
                return "en"
    return "en"


def resolve(lang=None):
    """The supported language code for ``lang`` (None: the current setting, else the locale).

    ``lang`` may be a code (``"ko"``) or a locale name (``"ko_KR.UTF-8"``).
    """
    if lang is None:
        lang = _current if _current is not None else _from_environment()
    code = _code(str(lang)) if lang else ""
    if code not in LANGUAGES:  # said in the language in use (valid), not the one asked for
        said_in = _current if _current is not None else _from_environment()
        message = _catalogue(said_in).gettext(N_("unsupported language {lang!r}; supported: "
                                                 "{supported}."))
        raise UnsupportedLanguageError(message.format(lang=lang, supported=_supported()))
    return code


def N_(msgid):
    """Mark ``msgid`` for the catalogue without translating it now (it is translated later)."""
    return msgid


_current = None  # None: follow the locale
_catalogues = {}


def _catalogue(code):
    if code not in _catalogues:
        if code == "en":
            _catalogues[code] = _gettext.NullTranslations()
        else:
            _catalogues[code] = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    return _catalogues[code]


def set_language(lang):
    """Use ``lang`` from now on (None: follow the locale again); return the code now in use."""
    global _current
    _current = None if lang is None else resolve(lang)
    return resolve()


def current():
    """The language messages are translated into right now."""
    return resolve()


@contextlib.contextmanager
def language(lang):
    """Translate into ``lang`` inside the block (None leaves the current choice alone)."""
    global _current
    saved = _current
    if lang is not None:
        _current = resolve(lang)
    try:
        yield resolve()
    finally:
        _current = saved


def translate(msgid, lang=None):
    """``msgid`` in ``lang`` (default: the current language); English when it has none."""
    return _catalogue(resolve(lang)).gettext(msgid)


def _(msgid):
    """``msgid`` translated into the current language (the name xgettext and Babel expect)."""
    return translate(msgid)




# -- the .po file: parse, write, compile -------------------------------------------------------

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
    root = Path(__file__).parent if root is None else Path(root)
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


def po_path(code="ko"):
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


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
        print("usage: python -m estlab._i18n update|compile", file=sys.stderr)
        sys.exit(2)
