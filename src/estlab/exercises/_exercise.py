"""One exercise, and the small vocabulary its check is written in.

An :class:`Exercise` names a file the student edits (``ch02/normal_mle.py``), a statement, graded
hints and a check. The file in the package *is* the reference solution; the lines between
``# [solution]`` and ``# [/solution]`` are what the student writes, and the stub replaces them
with ``raise NotImplementedError``.

A check is a plain function ``check(student)`` run in a separate process. It calls the student's
code through :class:`Student` and raises :class:`Mistake` with a targeted message when the answer
is wrong ("you divided by n - 1 ..."); returning normally means PASS.

Every message is an English template with named fields, ``Mistake("got {lr:.4g}", lr=lr)``:
the template is the msgid of estlab's message catalogue (:mod:`estlab._i18n`), translated
before the fields are filled in, so the statement, hints and feedback of an exercise read in
the student's language.
"""

import contextlib
import dataclasses
import functools
import importlib
import importlib.util
import itertools
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from estlab._i18n import language, translate

__all__ = ["Exercise", "Mistake", "NotImplementedYet", "ScriptFailed", "Student", "as_array",
           "as_number", "close", "watch_calls"]


class Mistake(Exception):
    """The student's answer is wrong; the message says how (a targeted hint).

    Parameters
    ----------
    template : str
        The message in English, with named fields (``"got {lr:.4g}"``); it is the msgid looked
        up in the catalogue, then formatted with ``params``. Literal braces are doubled.
    **params
        The values of the fields.

    Examples
    --------
    >>> str(Mistake("you divided by n - 1"))
    'you divided by n - 1'
    >>> err = Mistake("A learning rate must be positive; got {lr:.6g}.", lr=-0.5)
    >>> print(err)
    A learning rate must be positive; got -0.5.
    >>> print(err.template)
    A learning rate must be positive; got {lr:.6g}.
    """

    def __init__(self, template, **params):
        self.template, self.params = template, params
        super().__init__(translate(template).format(**params))


class ScriptFailed(Mistake):
    """The student's script exited with an error that no check recognised (a generic failure)."""


class NotImplementedYet(Exception):
    """The student's file still holds the stub (it raised ``NotImplementedError``)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: the file to edit, its statement, graded hints and its check.

    Parameters
    ----------
    chapter : int
        Chapter number (1 to 11).
    number : int
        Position within the chapter: exercise ``chapter.number``.
    slug : str
        File stem of the student's file, ``ch{chapter:02d}/{slug}.py``.
    title : str
        Short title shown in reports and in the book.
    kind : str
        ``"function"`` (implement a function), ``"quantity"`` (derive and compute a quantity) or
        ``"script"`` (change or write a workflow script).
    statement : str
        The task, in Markdown.
    hints : tuple of str
        Graded hints, from a nudge to nearly the answer.
    check : callable
        ``check(student)``; raises :class:`Mistake` when the answer is wrong.
    timeout : float
        Seconds the check may take before it is stopped and reported as a failure.

    Examples
    --------
    >>> ex = Exercise(1, 1, "demo", "Demo", "function", "Write it.", ("Think.",), print)
    >>> ex.key, ex.filename
    ('1.1', 'ch01/demo.py')
    """

    chapter: int
    number: int
    slug: str
    title: str
    kind: str
    statement: str
    hints: tuple = field(default=())
    check: object = field(default=None, repr=False, compare=False)
    timeout: float = 10.0

    @property
    def key(self):
        """``"2.1"``: how the book and the command line name the exercise."""
        return f"{self.chapter}.{self.number}"

    @property
    def filename(self):
        """The student's file relative to the working folder, e.g. ``ch02/normal_mle.py``."""
        return f"ch{self.chapter:02d}/{self.slug}.py"

    @property
    def solution_path(self):
        """Absolute path of the reference solution inside the package."""
        return Path(__file__).parent / self.filename

    def translated(self, lang=None):
        """This exercise with its title, statement and hints in ``lang`` (default: current).

        Examples
        --------
        >>> from estlab.exercises import get_exercise
        >>> get_exercise("3.1").translated("ko").title
        '로지스틱 손실의 기울기'
        """
        with language(lang):
            return dataclasses.replace(self, title=translate(self.title),
                                       statement=translate(self.statement),
                                       hints=tuple(translate(h) for h in self.hints))


_counter = itertools.count()


class Student:
    """The student's file, as a check sees it: import it, call its functions, run it as a script.

    Parameters
    ----------
    path : path-like
        The student's ``.py`` file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "f.py").write_text("def double(x):\\n    return 2 * x\\n")
    >>> Student(folder / "f.py").function("double")(21)
    42
    """

    def __init__(self, path):
        self.path = Path(path)
        self._module = None

    @property
    def name(self):
        """The file name, as messages quote it."""
        return self.path.name

    def module(self):
        """Import the student's file (once) and return the module."""
        if self._module is None:
            if not self.path.is_file():
                raise Mistake("{path} does not exist; run `estlab exercises init` to create it.",
                              path=self.path)
            spec = importlib.util.spec_from_file_location(
                f"_estlab_student_{next(_counter)}_{self.path.stem}", self.path)
            module = importlib.util.module_from_spec(spec)
            folder = str(self.path.parent)
            if folder not in sys.path:
                sys.path.insert(0, folder)
            spec.loader.exec_module(module)
            self._module = module
        return self._module

    def function(self, name, *, may_return_none=False):
        """The student's function ``name``, or a :class:`Mistake` saying it is missing.

        A call that returns None raises a :class:`Mistake` naming the forgotten ``return``,
        unless ``may_return_none`` (for a check that diagnoses a None answer itself).
        """
        value = getattr(self.module(), name, None)
        if not callable(value):
            raise Mistake("{name} defines no function `{name2}`; keep the name and signature from "
                          "the stub.",
                          name=self.name, name2=name)
        if may_return_none:
            return value

        @functools.wraps(value)
        def returning(*args, **kwargs):
            result = value(*args, **kwargs)
            if result is None:
                raise Mistake("your function returned None: did you forget `return`? (`{name}` in "
                              "{name2} ends without returning its answer.)",
                              name=name, name2=self.name)
            return result

        return returning

    def run(self, args=(), *, env=None, cwd=None, timeout=60.0):
        """Run the file as a script (``python file.py args``) in a fresh process.

        Returns the ``CompletedProcess`` (text output captured). A stub that raised
        ``NotImplementedError`` becomes :class:`NotImplementedYet`; a non-zero exit becomes a
        :class:`Mistake` quoting the last lines of stderr; a script that runs longer than
        ``timeout`` seconds is stopped and reported.
        """
        if not self.path.is_file():
            raise Mistake("{path} does not exist; run `estlab exercises init` to create it.",
                          path=self.path)
        full_env = dict(os.environ)
        full_env.update(env or {})
        try:
            proc = subprocess.run([sys.executable, str(self.path), *map(str, args)],
                                  capture_output=True, text=True, env=full_env, cwd=cwd,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Mistake("{name} was still running after {timeout:g} s and was stopped (an "
                          "infinite loop?).",
                          name=self.name, timeout=timeout) from None
        if proc.returncode != 0:
            if "NotImplementedError" in proc.stderr:
                raise NotImplementedYet(self.name)
            raise ScriptFailed("{name} exited with code {code}: {error}{where}",
                               **self._failure(proc))
        return proc

    def _failure(self, proc):
        """The fields of ``train.py exited with code 1: ValueError: ... (train.py, line 12: x)``."""
        lines = proc.stderr.strip().splitlines()
        error = lines[-1].strip() if lines else translate("(no error message)")
        marker = f'File "{self.path}", line '
        frames = [i for i, line in enumerate(lines) if line.strip().startswith(marker)]
        where = ""
        if frames:
            i = frames[-1]
            number = lines[i].strip()[len(marker):].split(",")[0]
            code = lines[i + 1].strip() if i + 1 < len(lines) else ""
            where = translate(" ({name}, line {number}: {code})").format(
                name=self.name, number=number, code=code)
        return dict(name=self.name, code=proc.returncode, error=error, where=where)


def as_number(value, what):
    """``float(value)``, or a :class:`Mistake` saying a number was expected.

    Examples
    --------
    >>> as_number(np.float64(2.5), "sigma")
    2.5
    >>> as_number([1, 2], "sigma")
    Traceback (most recent call last):
    ...
    estlab.exercises._exercise.Mistake: sigma should be a single number; got list [1, 2].
    """
    try:
        if np.ndim(value) != 0:
            raise TypeError
        number = float(value)
    except (TypeError, ValueError):
        raise Mistake("{what} should be a single number; got {type_name} {value}.",
                      what=translate(what), type_name=type(value).__name__,
                      value=_short(value)) from None
    if not np.isfinite(number):
        raise Mistake("{what} is {number}: something overflowed or divided by zero.",
                      what=translate(what), number=number)
    return number


def as_array(value, what, shape=None):
    """``np.asarray(value, float)`` with the expected ``shape``, or a :class:`Mistake`.

    Examples
    --------
    >>> as_array([1, 2], "theta", shape=(2,))
    array([1., 2.])
    >>> as_array([1, 2], "theta", shape=(3,))
    Traceback (most recent call last):
    ...
    estlab.exercises._exercise.Mistake: theta should have shape (3,); got shape (2,).
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake("{what} should be an array of numbers; got {type_name} {value}.",
                      what=translate(what), type_name=type(value).__name__,
                      value=_short(value)) from None
    if shape is not None and arr.shape != tuple(shape):
        raise Mistake("{what} should have shape {shape}; got shape {arr_shape}.",
                      what=translate(what), shape=tuple(shape), arr_shape=arr.shape)
    if not np.all(np.isfinite(arr)):
        raise Mistake("{what} contains NaN or infinity: something overflowed or diverged.",
                      what=translate(what))
    return arr


def close(actual, expected, rtol=1e-6, atol=1e-10):
    """True when ``actual`` matches ``expected`` elementwise within the tolerances.

    Examples
    --------
    >>> close(1.0 + 1e-9, 1.0), close(1.1, 1.0)
    (True, False)
    """
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))


def _owner(dotted):
    """The object a dotted name names: a module, or an attribute of one (``scipy.stats.gamma``)."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        parent, _, attr = dotted.rpartition(".")
        if not parent:
            raise
        return getattr(_owner(parent), attr)


@contextlib.contextmanager
def watch_calls(*targets):
    """Record, in order, the calls to library functions made while the block runs.

    A check that asks for a method ("by Newton's method") uses it to see whether the student
    called a library that does the work instead (``scipy.stats.gamma.fit``,
    ``scipy.optimize.brentq``). Each target is replaced by a spy that records its dotted name
    and then calls the original, so the student's code still runs; everything is restored on
    exit. Import the student's module inside the block, so that ``from scipy.optimize import
    brentq`` picks up the spy too. Targets that cannot be imported are skipped.

    Examples
    --------
    >>> import math
    >>> with watch_calls("math.sqrt") as calls:
    ...     _ = math.sqrt(4.0)
    >>> calls, math.sqrt(9.0)
    (['math.sqrt'], 3.0)
    """
    calls, patched = [], []
    try:
        for target in targets:
            parent, _, attr = target.rpartition(".")
            try:
                owner = _owner(parent)
                original = getattr(owner, attr)
            except (ImportError, AttributeError):
                continue

            def spy(*args, _original=original, _name=target, **kwargs):
                calls.append(_name)
                return _original(*args, **kwargs)

            own = attr in vars(owner)  # else inherited (a class method) or found via __getattr__
            setattr(owner, attr, spy)
            patched.append((owner, attr, original, own))
        yield calls
    finally:
        for owner, attr, original, own in reversed(patched):
            if own:
                setattr(owner, attr, original)
            else:
                delattr(owner, attr)


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
