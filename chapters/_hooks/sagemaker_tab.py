# (hidden) show a SageMaker example's SDK code, and what it printed when it ran for this build;
# `start`/`stop` pick the lines from a comment marker to the next one inside the SDK section;
# on a Korean page the box's title comes from chapters/_hooks/book_text.ko.json (i18n.translate)
import re as _re
import sys as _sys
import textwrap as _textwrap
from pathlib import Path as _Path


def sdk_code(path, section="sdk", start=None, stop=None):
    """Print a section of ``path`` as a Python block; ``start``/``stop`` pick lines inside it."""
    text = _Path(path).read_text(encoding="utf-8")
    match = _re.search(rf"# --8<-- \[start:{section}\]\n(.*?)\n[ \t]*# --8<-- \[end:{section}\]",
                       text, _re.S)
    if match is None:
        raise ValueError(f"{path} has no section {section!r}")
    code = match.group(1)
    if start is not None:  # whole lines, from the line holding `start` to the one before `stop`
        begin = code.rfind("\n", 0, code.index(start)) + 1
        end = code.rfind("\n", 0, code.index(stop)) if stop is not None else len(code)
        code = code[begin:end]
    print("```python\n" + _textwrap.dedent(code).rstrip() + "\n```")


def sagemaker_output(path, title="What it printed when it ran for this page", kind="success"):
    """The example's output (run by chapters/_hooks/sagemaker_runs.py), in a folded box.

    The page does not wait for the run: a token stands in the box, and the build puts the
    output in its place when the run has ended (``sagemaker_runs.deferred``)."""
    runs = _sys.modules["chapters/_hooks/sagemaker_runs.py"]
    text = runs.deferred(path)
    i18n = _sys.modules["chapters/_hooks/i18n.py"]
    replay = _sys.modules.get("chapters/_hooks/replay.py")
    if replay is not None:  # the Korean page that replays this block shows its own title
        replay.variant(f'??? {kind} "{title}"', f'??? {kind} "{i18n.translate(title, "ko")}"')
    print(f'??? {kind} "{i18n.translate(title)}"\n\n    ````text')
    print(_textwrap.indent(text, "    "))
    print("    ````")
