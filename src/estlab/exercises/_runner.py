"""Run checks in a separate process with a time limit, and survive whatever the student's code does.

One worker process (:mod:`estlab.exercises._worker`) runs the checks of a batch one after the
other, so a chapter pays Python's start-up once. For each exercise the worker announces the
start; if no result arrives within the exercise's time limit the whole process group is killed
(the check may have started the student's script as a child), the exercise is reported as a
failure, and a fresh worker continues with the rest. A worker that dies (``os._exit``, a
segfault, running out of memory) is reported the same way, with the tail of its stderr.
"""

import collections
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from estlab._i18n import language, resolve, translate
from estlab.exercises._report import Result

__all__ = ["run_checks"]

_POSIX = os.name == "posix"
_STARTUP_SECONDS = 60.0  # importing NumPy/SciPy on a loaded machine; not the student's time


def _worker_env(tmp):
    env = dict(os.environ)
    env["TMPDIR"] = tmp  # the checks' scratch folders, removed even when a worker is killed
    src = str(Path(__file__).resolve().parents[2])  # the folder holding the estlab package
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in the student's folder
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return env


class _Worker:
    """A running worker process with threads draining its stdout (events) and stderr (tail)."""

    def __init__(self, items, tmp, lang):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "estlab.exercises._worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=_worker_env(tmp), start_new_session=_POSIX,
            creationflags=0 if _POSIX else subprocess.CREATE_NEW_PROCESS_GROUP)
        self.events = queue.Queue()
        self.stderr_tail = collections.deque(maxlen=200)
        self.readers = [threading.Thread(target=self._read_events, daemon=True),
                        threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self.readers:
            reader.start()
        payload = json.dumps({"lang": lang, "items": [{"key": ex.key,
                                                       "path": str(Path(p).resolve())}
                                                      for ex, p in items]})
        try:
            self.proc.stdin.write(payload.encode())
            self.proc.stdin.close()
        except BrokenPipeError:  # died at once; reported when no event arrives
            pass

    def _read_events(self):
        try:
            for line in self.proc.stdout:
                try:
                    self.events.put(json.loads(line))
                except ValueError:
                    continue
        except (OSError, ValueError):  # the pipe went away with the process
            pass
        self.events.put(None)  # end of stream: the worker exited

    def _read_stderr(self):
        try:
            for line in self.proc.stderr:
                self.stderr_tail.append(line.decode("utf-8", "replace").rstrip())
        except (OSError, ValueError):
            pass

    def next_event(self, timeout):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return "timeout"

    def kill(self):
        if self.proc.poll() is None:
            try:
                if _POSIX:  # the whole group: the check may have started the student's script
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:
                    self.proc.kill()
            except (ProcessLookupError, PermissionError):
                pass
        self.proc.wait()
        for reader in self.readers:  # they stop at end of file, now that the process is gone
            reader.join(timeout=5.0)
        if not any(reader.is_alive() for reader in self.readers):
            for stream in (self.proc.stdout, self.proc.stderr):
                stream.close()

    def died_message(self):
        try:
            self.proc.wait(timeout=5.0)
        except subprocess.TimeoutExpired:  # it closed its result channel but kept running
            self.kill()
        self.readers[1].join(timeout=2.0)  # let the stderr thread drain the last lines
        code = self.proc.returncode
        tail = [line for line in self.stderr_tail if line.strip()][-5:]
        why = (translate("signal {number}").format(number=-code) if code is not None and code < 0
               else translate("code {number}").format(number=code))
        text = translate("the process running your code stopped unexpectedly ({why})").format(
            why=why)
        return text + (":\n" + "\n".join(tail) if tail else ".")


def _result(ex, passed, message, seconds=0.0, kind="error"):
    hint = translate(ex.hints[0]) if (not passed and kind == "error" and ex.hints) else ""
    return Result(ex.key, translate(ex.title), ex.filename, passed, message, hint, seconds,
                  lang=resolve())


def run_checks(items, *, timeout=None, lang=None):
    """Check each ``(exercise, path)`` pair in a separate process; return a list of Results.

    Parameters
    ----------
    items : list of (Exercise, path-like)
    timeout : float, optional
        Seconds allowed per exercise; default each exercise's own ``timeout``.
    lang : str, optional
        Language of the messages (default: the current one, see :mod:`estlab._i18n`).
    """
    items = list(items)
    results = {}
    pending = list(enumerate(items))
    with language(lang), tempfile.TemporaryDirectory(prefix="estlab-check-") as tmp:
        while pending:
            pending = _run_batch(pending, results, timeout, tmp)
    return [results[i] for i in range(len(items))]


def _run_batch(pending, results, timeout, tmp):
    """Run ``pending`` in one worker until it finishes or must be killed; return what is left."""
    worker = _Worker([item for _, item in pending], tmp, resolve())
    done = 0
    try:
        for index, (ex, _) in pending:
            limit = timeout if timeout is not None else ex.timeout
            event = worker.next_event(_STARTUP_SECONDS)  # "start": not the student's time
            if event is None or event == "timeout":
                message = (worker.died_message() if event is None
                           else translate("the checking process did not start in time."))
                results[index] = _result(ex, False, message)
                return pending[done + 1:]
            started = time.perf_counter()
            event = worker.next_event(limit)
            if event == "timeout":
                results[index] = _result(
                    ex, False, translate("did not finish within {limit:g} s and was stopped: an "
                                         "infinite loop, or an iteration that never meets its "
                                         "stopping rule?").format(limit=limit), limit)
                return pending[done + 1:]
            if event is None:
                results[index] = _result(ex, False, worker.died_message(),
                                         time.perf_counter() - started)
                return pending[done + 1:]
            results[index] = _result(ex, event["passed"], event["message"], event["seconds"],
                                     event["kind"])
            done += 1
        return []
    finally:
        worker.kill()
