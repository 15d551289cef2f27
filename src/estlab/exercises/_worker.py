"""The separate process that runs the student's code: ``python -m estlab.exercises._worker``.

It reads ``{"items": [{"key": "2.1", "path": "..."}, ...]}`` on stdin, and for each exercise
writes one JSON line ``{"event": "start", ...}`` before the check and one
``{"event": "result", ...}`` after it, on a private copy of stdout. The student's own prints go to
stderr, so they cannot corrupt the protocol. The parent (:mod:`estlab.exercises._runner`)
enforces the time limit and survives anything this process does, including dying.
"""

import json
import os
import sys
import time
import traceback
import warnings
from pathlib import Path

from estlab._i18n import set_language, translate

__all__ = ["run_one", "main"]


def _not_implemented(exercise):
    return translate("not implemented yet: open {filename} and replace the `raise "
                     "NotImplementedError` line with your code (stuck? estlab exercises hint "
                     "{key}).").format(filename=exercise.filename, key=exercise.key)


def _student_frame(tb, path):
    """The last traceback frame inside the student's file, as ``(line number, code)``."""
    frames = [f for f in traceback.extract_tb(tb) if Path(f.filename).resolve() == path]
    return (frames[-1].lineno, (frames[-1].line or "").strip()) if frames else None


def run_one(exercise, path):
    """Run ``exercise.check`` on the file at ``path``; return ``(passed, message, kind)``.

    ``kind`` is ``"pass"``, ``"mistake"`` (a recognised error, the message is the hint),
    ``"stub"`` (still the stub) or ``"error"`` (the code raised or returned something unusable).
    """
    import numpy as np

    from estlab.exercises._exercise import Mistake, NotImplementedYet, ScriptFailed, Student

    path = Path(path).resolve()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            exercise.check(Student(path))
    except Mistake as exc:  # a script that crashed is a generic failure: it gets a hint too
        return False, str(exc), "error" if isinstance(exc, ScriptFailed) else "mistake"
    except (NotImplementedYet, NotImplementedError):
        return False, _not_implemented(exercise), "stub"
    except SyntaxError as exc:
        if exc.filename and Path(exc.filename).resolve() == path:
            return False, translate("{name} does not parse: SyntaxError on line {lineno}: "
                                    "{msg}.").format(name=path.name, lineno=exc.lineno,
                                                     msg=exc.msg), "error"
        raise
    except (Exception, SystemExit) as exc:  # anything the student's code did
        where = _student_frame(exc.__traceback__, path)
        name = type(exc).__name__
        if isinstance(exc, SystemExit):
            message = translate("{name} called sys.exit({code!r}); return a value instead.")
            return False, message.format(name=path.name, code=exc.code), "error"
        if where is not None:
            return False, translate("your code raised {name}: {exc} ({file}, line {line}: "
                                    "{code})").format(name=name, exc=exc, file=path.name,
                                                      line=where[0], code=where[1]), "error"
        return False, translate("the check could not use your answer: {name}: {exc}. Does your "
                                "function return what the stub's docstring asks for?").format(
                                    name=name, exc=exc), "error"
    return True, "", "pass"


def main():
    """Run the items given on stdin; one JSON line per event on the original stdout."""
    from estlab.exercises._registry import get_exercise

    payload = json.loads(sys.stdin.read())
    items = payload["items"]
    set_language(payload.get("lang", "en"))  # the parent's choice, not this process's locale
    # Keep a private channel for results, then send fd 1 (and sys.stdout) to stderr so that the
    # student's prints, even from C code, cannot interleave with the protocol.
    channel = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    home = os.getcwd()
    for item in items:
        os.chdir(home)  # undo a previous exercise's os.chdir
        channel.write(json.dumps({"event": "start", "key": item["key"]}) + "\n")
        start = time.perf_counter()
        exercise = get_exercise(item["key"])
        passed, message, kind = run_one(exercise, item["path"])
        channel.write(json.dumps({"event": "result", "key": item["key"], "passed": passed,
                                  "message": message, "kind": kind,
                                  "seconds": time.perf_counter() - start}) + "\n")
    channel.close()


if __name__ == "__main__":
    main()
