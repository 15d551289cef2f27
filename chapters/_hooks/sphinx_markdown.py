"""Show estlab's Sphinx-style docstrings as the Markdown mkdocstrings renders (a griffe extension).

The docstrings of ``src/estlab`` are written for Sphinx: ``:math:`x```, ``.. math::`` blocks,
``:class:`~estlab.distributions.Normal```, double-backtick literals and ``::`` literal blocks.
The book renders Markdown, so mkdocstrings would print those roles raw. Rather than rewriting the
sources (doctests, other branches and docstrings yet to be written all keep the Sphinx form), this
extension rewrites each docstring's text when griffe loads the package, before mkdocstrings parses
its numpy sections:

    :math:`\\beta`                 ->  $\\beta$ (arithmatex, typeset by the vendored MathJax)
    .. math:: + indented body       ->  a $$ block per blank-line separated equation
    :class:`~estlab.optim.SGD`      ->  SGD as code, linked to its API entry ("~": last name only)
    :func:`newton` (relative)       ->  resolved like Sphinx: class, module, then parent packages
    :func:`numpy.linalg.solve`      ->  numpy.linalg.solve as code, no link
    double-backtick literal         ->  single-backtick code
    Example:: + indented block      ->  "Example:" and a fenced code block

Links are ``<autoref optional>`` elements (what mkdocstrings itself emits for signatures):
autorefs turns them into links when the target is on an API page, and into a
``<span title="...">`` holding the code otherwise, so the strict build never fails on a
docstring's reference. Only targets inside estlab that a reader can import from a public name are
linked (names a package exports lazily through a module ``__getattr__``, as ``estlab.workflow``
does, are looked up by importing it); private helpers and other libraries are code.
tests/book/test_api_reference.py checks the built pages: no role left, math rendered, links
present, and no public target left unlinked.

Doctest blocks (``>>>`` up to the next blank line) and literal blocks are copied unchanged.
Enabled in mkdocs.yml under the python handler's options:
``extensions: [chapters/_hooks/sphinx_markdown.py]``.
"""

from __future__ import annotations

import html
import importlib
import re
import types
from collections.abc import Callable, Iterator

import griffe

XREF_CLASS = "estlab-xref"
# The roles that name a Python object (Sphinx's Python domain), with or without the ``py:`` domain.
REF_ROLES = frozenset({"class", "func", "meth", "attr", "mod", "exc", "data", "obj", "const",
                       "type"})

_INLINE = re.compile(
    r"(?P<dbl>``(?P<lit>[^`](?:.*?[^`])??)``(?!`))"       # ``literal``
    r"|(?P<role>:(?:py:)?(?P<kind>[a-z]+):`(?P<body>[^`]+)`)",  # :kind:`body`
    re.DOTALL)
_MATH_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\. math::(?P<rest>.*)$")
_DIRECTIVE_OPTION = re.compile(r"^\s*:[a-z-]+:")  # :label:, :nowrap: ... under a directive
_TITLED_TARGET = re.compile(r"^(?P<title>.*\S)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

# resolve(kind, target) -> the identifier to link to, or None for plain code.
Resolver = Callable[[str, str], "str | None"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _code(text: str) -> str:
    """A Markdown code span for ``text`` (backticks inside need a longer fence and padding)."""
    if "`" not in text:
        return f"`{text}`"
    return f"`` {text} ``"


def _math_inline(tex: str) -> str:
    tex = " ".join(tex.split())  # a role that wraps lines must not start a Markdown list or heading
    return f"\\({tex}\\)" if "$" in tex else f"${tex}$"


def _reference(kind: str, body: str, resolve: Resolver) -> str:
    body = " ".join(body.split())
    titled = _TITLED_TARGET.match(body)
    if titled:
        title, target = titled["title"], titled["target"].strip()
    else:
        title, target = None, body
    no_link = target.startswith("!")
    short = target.startswith("~")
    target = target.lstrip("!~")
    if title is None:
        title = target.rsplit(".", 1)[-1] if short else target.lstrip(".")
    # The class marks the references this extension wrote (the built-site test finds them by it).
    code = f'<code class="{XREF_CLASS}">{html.escape(title)}</code>'
    identifier = None if no_link else resolve(kind, target)
    if identifier is None:
        return _code(title)
    # The HTML form is the only one that can say "optional" (a Markdown [title][id] must resolve).
    return f'<autoref identifier="{html.escape(identifier)}" optional>{code}</autoref>'


def convert_inline(text: str, resolve: Resolver) -> str:
    """Rewrite roles and double-backtick literals in prose (``text`` may span several lines)."""

    def replace(match: re.Match) -> str:
        if match["dbl"]:
            return _code(match["lit"])
        kind, body = match["kind"], match["body"]
        if kind == "math":
            return _math_inline(body)
        if kind in REF_ROLES:
            return _reference(kind, body, resolve)
        return _code(body)  # :ref:, :doc:, :term: ... have no target in this book: show the text

    return _INLINE.sub(replace, text)


def _block(lines: list[str], start: int, indent: int) -> int:
    """Index just past the block of lines indented more than ``indent`` that begins at ``start``."""
    end = start
    last = start
    while end < len(lines):
        line = lines[end]
        if line.strip():
            if _indent(line) <= indent:
                break
            last = end + 1
        end += 1
    return last


def _math_block(first: str, body: list[str], pad: str) -> Iterator[str]:
    """Sphinx's ``.. math::``: blank lines separate equations, ``\\\\`` alone means ``split``."""
    equations: list[list[str]] = [[first.strip()] if first.strip() else []]
    for line in body:
        if _DIRECTIVE_OPTION.match(line) and not any(equations):
            continue  # :label: and friends have no Markdown counterpart
        if line.strip():
            equations[-1].append(line.strip())
        elif equations[-1]:
            equations.append([])
    for equation in equations:
        if not equation:
            continue
        tex = "\n".join(equation)
        if "\\\\" in tex and "\\begin" not in tex:
            tex = f"\\begin{{split}}{tex}\\end{{split}}"
        yield ""
        yield f"{pad}$$"
        yield from (f"{pad}{line}" for line in tex.split("\n"))
        yield f"{pad}$$"
        yield ""


def convert(docstring: str, resolve: Resolver) -> str:
    """The Markdown form of one Sphinx-flavoured numpydoc docstring (see the module docstring)."""
    lines = docstring.split("\n")
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            out.extend(convert_inline("\n".join(prose), resolve).split("\n"))
            prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(">>>"):  # a doctest runs up to the next blank line: copy it verbatim
            flush()
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
            continue
        if stripped.startswith("```"):  # already a Markdown fence
            flush()
            fence = stripped[:3]
            out.append(line)
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                out.append(lines[i])
                i += 1
            if i < len(lines):
                out.append(lines[i])
                i += 1
            continue
        math = _MATH_DIRECTIVE.match(line)
        if math:
            flush()
            indent = len(math["indent"])
            end = _block(lines, i + 1, indent)
            out.extend(_math_block(math["rest"], lines[i + 1:end], math["indent"]))
            i = end
            continue
        if stripped.endswith("::") and not stripped.startswith(".."):
            end = _block(lines, i + 1, _indent(line))
            if end > i + 1:  # a literal block follows: "Text::" reads "Text:", "::" alone vanishes
                text = line.rstrip()[:-1] if stripped != "::" else ""
                if text.strip():
                    prose.append(text)
                flush()
                body = [l for l in lines[i + 1:end]]
                while body and not body[0].strip():
                    body.pop(0)
                depth = min(_indent(l) for l in body if l.strip())
                pad = " " * _indent(line)
                out.extend(["", f"{pad}```"])
                out.extend(f"{pad}{l[depth:]}" if l.strip() else "" for l in body)
                out.extend([f"{pad}```", ""])
                i = end
                continue
        prose.append(line)
        i += 1
    flush()
    return "\n".join(out)


def _walk(obj: griffe.Object) -> Iterator[griffe.Object]:
    """Every object defined in ``obj`` (itself included), never following aliases."""
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


def _final(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    if not obj.is_alias:
        return obj
    try:
        return obj.final_target
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


def _runtime_path(path: str) -> str | None:
    """Where ``path`` is defined, asking Python (for lazy exports, a module ``__getattr__``).

    ``estlab.workflow.JobFailedError`` exists only when imported: ``estlab.workflow`` maps its
    names to submodules in ``__getattr__``, which griffe cannot read. Importing the package and
    reading the object's ``__module__`` and ``__qualname__`` gives the path griffe knows.
    """
    parts = path.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except Exception:  # noqa: BLE001 - a missing optional dependency: not a target
            continue
        try:
            for name in parts[split:]:
                obj = getattr(obj, name)
        except Exception:  # noqa: BLE001 - no such attribute, or a lazy import that fails
            return None
        module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        if isinstance(obj, types.ModuleType):
            return obj.__name__
        if isinstance(module, str) and isinstance(qualname, str) and "<" not in qualname:
            return f"{module}.{qualname}"
        return None
    return None


def _lazy_exports(module: griffe.Module) -> list[str]:
    """Canonical paths of what a module with ``__getattr__`` lists in its runtime ``__all__``."""
    if "__getattr__" not in module.members:
        return []
    try:
        names = importlib.import_module(module.path).__all__
    except Exception:  # noqa: BLE001
        return []
    paths = (_runtime_path(f"{module.path}.{name}") for name in names)
    return [path for path in paths if path is not None]


def _public_objects(pkg: griffe.Module, lookup: Callable[[str], griffe.Object | None]) -> set[str]:
    """Canonical paths of what a reader can reach through public names, starting at the package.

    Public as griffe (and so mkdocstrings) sees it: no leading underscore, and an imported name
    only when the module exports it in ``__all__``. Private modules are entered only through the
    names their public parents re-export (statically, or lazily through ``__getattr__``). As
    mkdocstrings shows no object without a docstring (``show_if_no_docstring: false``), in itself
    or its members, such an object is not a target.
    """
    public: set[str] = set()
    queue = [pkg]
    while queue:
        node = queue.pop()
        if node.path in public:
            continue
        public.add(node.path)
        if not (node.is_module or node.is_class):
            continue
        if node.is_module:
            lazy = (lookup(path) for path in _lazy_exports(node))
            queue.extend(obj for obj in lazy if obj is not None and obj.has_docstrings)
        for member in list(node.members.values()):
            try:
                if member.name.startswith("_") or not member.is_public:
                    continue
            except (griffe.AliasResolutionError, griffe.CyclicAliasError):
                continue
            target = _final(member)
            if (target is not None and target.path.split(".")[0] == pkg.name
                    and target.has_docstrings):
                queue.append(target)
    return public


class SphinxRolesToMarkdown(griffe.Extension):
    """Rewrite every docstring of the loaded package from Sphinx roles to mkdocstrings Markdown."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs) -> None:
        collection = loader.modules_collection

        def lookup(path: str) -> griffe.Object | None:
            try:
                return _final(collection[path])
            except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
                pass
            if path.split(".")[0] != pkg.name:
                return None  # never import another library to look a name up
            defined = _runtime_path(path)
            if defined is None or defined == path:
                return None
            try:
                return _final(collection[defined])
            except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
                return None

        public = _public_objects(pkg, lookup)

        def resolver(obj: griffe.Object) -> Resolver:
            module = obj.module
            scopes = [o for o in (obj, obj.parent) if o is not None and o.is_class]
            scopes.append(module)
            package = module.path.split(".")
            while len(package) > 1:  # parent packages, then the top level (estlab.X from anywhere)
                package = package[:-1]
                scopes.append(collection[".".join(package)])

            def resolve(kind: str, target: str) -> str | None:
                if target.startswith("."):  # Sphinx: relative to the current module or package
                    name = target.lstrip(".")
                    bases = [module.path, module.path.rsplit(".", 1)[0]]
                    candidates = [f"{base}.{name}" for base in bases]
                else:
                    candidates = [f"{scope.path}.{target}" for scope in scopes] + [target]
                for candidate in candidates:
                    found = lookup(candidate)
                    if found is not None:
                        if found.path.split(".")[0] != pkg.name or found.path not in public:
                            return None  # another library, or a private helper: code, no link
                        return found.path
                return None

            return resolve

        for obj in _walk(pkg):
            docstring = obj.docstring
            if docstring is None or not docstring.value:
                continue
            value = convert(docstring.value, resolver(obj))
            if value != docstring.value:
                docstring.value = value
                docstring.__dict__.pop("parsed", None)  # a cached parse of the old text
