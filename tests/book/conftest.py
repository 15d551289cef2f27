"""Shared fixtures for the book's tests: the site is built once per test session and shared."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The test modules import their helpers from book_support.py next to this file (pytest runs with
# --import-mode=importlib, which does not put test folders on sys.path).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from book_support import ARTIFACTS, ROOT, BuiltSite  # noqa: E402

_BUILD_TIMES: list[float] = []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """Build the book once (``mkdocs build --strict``, every example executed) into a temp folder.

    ``ESTLAB_BOOK_SITE=DIR`` reuses a site already built into DIR (a developer's aid, to re-run
    the browser tests without a 4-minute build; CI never sets it).
    """
    if os.environ.get("ESTLAB_BOOK_SITE"):
        path = Path(os.environ["ESTLAB_BOOK_SITE"])
        if not (path / "index.html").exists():
            pytest.fail(f"ESTLAB_BOOK_SITE={path} holds no built site (no index.html): build it "
                        f"with `mkdocs build --strict -d {path}`, or unset the variable")
        return BuiltSite(path=path, returncode=0, log="(a site built before the tests)",
                         seconds=0.0)
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=900)  # both editions; a shared machine took 467 s for them (load average 15)
    seconds = time.perf_counter() - start
    _BUILD_TIMES.append(seconds)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "mkdocs-build.log").write_text(
        f"wall time: {seconds:.1f} s\nreturn code: {proc.returncode}\n\n{proc.stdout}\n{proc.stderr}",
        encoding="utf-8")
    return BuiltSite(path=site, returncode=proc.returncode, log=proc.stdout + proc.stderr,
                     seconds=seconds)


@pytest.fixture(scope="session")
def good_site(built_site) -> BuiltSite:
    """The built site, for tests that need a successful build (fails them with the log otherwise)."""
    if built_site.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{built_site.log[-4000:]}")
    return built_site


def pytest_terminal_summary(terminalreporter):
    """Report the book's build time at the end of the run (the budget is 2 minutes)."""
    for seconds in _BUILD_TIMES:
        terminalreporter.write_line(
            f"book: mkdocs build --strict with every example executed took {seconds:.1f} s")
