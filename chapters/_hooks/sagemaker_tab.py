# (hidden) show a SageMaker example's SDK code, and what it printed when it ran for this build
import re as _re
import sys as _sys
import textwrap as _textwrap
from pathlib import Path as _Path


def sdk_code(path, section="sdk"):
    text = _Path(path).read_text(encoding="utf-8")
    match = _re.search(rf"# --8<-- \[start:{section}\]\n(.*?)\n[ \t]*# --8<-- \[end:{section}\]",
                       text, _re.S)
    if match is None:
        raise ValueError(f"{path} has no section {section!r}")
    print("```python\n" + _textwrap.dedent(match.group(1)) + "\n```")


def sagemaker_output(path, title="What it printed when it ran for this page"):
    """The example's output (run by chapters/_hooks/sagemaker_runs.py), in a folded box."""
    runs = _sys.modules["chapters/_hooks/sagemaker_runs.py"]
    text = runs.wrapped(path)
    print(f'??? success "{title}"\n\n    ````text')
    print(_textwrap.indent(text, "    "))
    print("    ````")
