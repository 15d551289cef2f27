"""Paths and page lists shared by the book's tests (conftest.py puts this folder on sys.path)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
ARTIFACTS = ROOT / "test-artifacts"


@dataclasses.dataclass(frozen=True)
class BuiltSite:
    """The result of one ``mkdocs build --strict``: where the site is, the log, the wall time."""

    path: Path
    returncode: int
    log: str
    seconds: float


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads ``mkdocs.yml``: its ``!!python/...`` and ``!ENV`` tags become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """``mkdocs.yml`` as data, without running its Python tags (the toc's slugify is one)."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader subclass)


def nav_pages() -> list[str]:
    """Every Markdown page named in ``mkdocs.yml``'s nav, in order (``"01-estimators/index.md"``, ...)."""
    config = mkdocs_config()
    pages = []

    def walk(node):
        if isinstance(node, str):
            pages.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config["nav"])
    return pages


def page_url(page: str) -> str:
    """Site-relative URL of a nav page: ``"02-mle/index.md"`` -> ``"02-mle/"``, ``"index.md"`` -> ``""``."""
    return page.removesuffix("index.md").removesuffix(".md")


def example_files() -> list[Path]:
    """Every runnable example of the book except the SageMaker ones (those need AWS or moto)."""
    return sorted(p for p in CHAPTERS.glob("*/examples/*.py") if not p.name.startswith("sagemaker_"))


# --- Driving Debian's chromium against the built site (test_browser.py, test_layout.py) ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# True once MathJax has typeset every formula of the page (it runs after the load event).
MATH_TYPESET = ("() => window.MathJax && MathJax.startup && MathJax.startup.document"
                " && [...document.querySelectorAll('.arithmatex')]"
                ".every(e => e.querySelector('mjx-container'))")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the tests report failures themselves
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
