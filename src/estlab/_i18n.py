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

Maintaining the catalogue (extract, update, compile) is :mod:`estlab._catalogue`'s job::

    python -m estlab._catalogue update    # add new msgids to the .po, drop unused ones
    python -m estlab._catalogue compile   # the .po -> the .mo shipped as package data

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

import contextlib
import gettext as _gettext
import os
import re
from pathlib import Path

from estlab._errors import EstlabError

__all__ = ["LANGUAGES", "N_", "UnsupportedLanguageError", "_", "current", "language", "resolve",
           "set_language", "translate"]

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


def po_path(code="ko"):
    """The catalogue translators edit for ``code``; the compiled ``.mo`` sits beside it."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
