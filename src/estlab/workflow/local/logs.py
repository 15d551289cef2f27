"""Running a job's host processes, capturing their output, and streaming it to the console.

SageMaker sends a container's stdout and stderr to CloudWatch, and the SDK's ``logs=True`` prints
them while the job runs, with a status line whenever the job moves on (``Starting``,
``Downloading``, ``Training``...). Locally each host (``algo-1`` ... ``algo-N``) is a real
subprocess; :func:`run_hosts` writes every line it prints to the job's ``log.txt`` (prefixed
with the host name when there are several), and :func:`follow` prints that file as it grows.
"""

import atexit
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass

__all__ = ["HostResult", "run_hosts", "follow", "tail"]


@dataclass(frozen=True)
class HostResult:
    """How one host's process ended.

    Examples
    --------
    >>> HostResult("algo-1", -9, "").describe_exit()
    'killed by signal SIGKILL (9)'
    >>> HostResult("algo-2", 1, "Traceback ...").describe_exit()
    'exit code 1'
    """

    host: str
    returncode: int | None  # negative: killed by that signal (POSIX)
    stderr_tail: str
    timed_out: bool = False
    stopped: bool = False

    def describe_exit(self):
        """``"exit code 1"`` or ``"killed by signal SIGKILL (9)"``, for FailureReason."""
        if self.returncode is not None and self.returncode < 0:
            try:
                name = signal.Signals(-self.returncode).name
            except ValueError:
                name = "an unknown signal"
            return f"killed by signal {name} ({-self.returncode})"
        return f"exit code {self.returncode}"


class _LogWriter:
    """Appends lines to a log file from several threads, one whole line at a time."""

    def __init__(self, path):
        self._file = open(path, "a", encoding="utf-8", errors="replace", buffering=1)
        self._lock = threading.Lock()

    def write(self, line):
        with self._lock:
            self._file.write(line if line.endswith("\n") else line + "\n")

    def close(self):
        with self._lock:
            self._file.close()


# Processes of jobs still running. A job runs in its own process group (so that a timeout can
# kill the script and its children), which also shields it from the terminal's Ctrl-C; when
# the Python process that started it exits, nothing would stop it, so an exit hook does.
_live = set()
_live_lock = threading.Lock()


@atexit.register
def _kill_live_jobs():
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        if proc.poll() is None:
            _kill(proc)


def _pump(stream, writer, prefix, keep=None):
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace")
        writer.write(prefix + line)
        if keep is not None:
            keep.append(line.rstrip("\n"))
    stream.close()


_POLL = 0.05  # seconds between checks for a stop request while a job's processes run


def run_hosts(hosts, log_path, timeout=None, note=None, stop_event=None, grace=10.0,
              timeout_grace=0.0, spawn=None):
    """Run one process per host at once, log their output, and wait (at most ``timeout`` s).

    Parameters
    ----------
    hosts : list of (str, list of str, dict, path)
        ``(host, argv, env, cwd)`` per host.
    log_path : path
        The job log; lines are appended, prefixed ``"algo-2 | "`` when there are several hosts.
    timeout : float or None
        Seconds before every process still running is killed (SageMaker's
        ``StoppingCondition.MaxRuntimeInSeconds``).
    note : str or None
        A first line written to the log.
    stop_event : threading.Event or None
        When set, every process gets SIGTERM, and SIGKILL ``grace`` seconds later
        (SageMaker's StopTrainingJob gives 120 s; locally 10 s by default).
    timeout_grace : float
        Seconds between SIGTERM and SIGKILL when ``timeout`` is reached (SageMaker gives 120 s
        at MaxRuntimeInSeconds so that the script can save its model); 0 kills at once.
    spawn : callable or None
        ``spawn(host, argv, env=..., cwd=..., **popen_kwargs)`` starts one host's process (the
        sandbox of :mod:`.sandbox`); its ``group`` attribute, if any, is the process group that
        signals go to. None runs ``subprocess.Popen`` in a new session.

    Returns
    -------
    list of HostResult
        In the order of ``hosts``.

    Examples
    --------
    >>> import sys, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     log = pathlib.Path(d, "log.txt")
    ...     [r] = run_hosts([("algo-1", [sys.executable, "-c", "print('hello')"], None, d)], log)
    ...     r.returncode, log.read_text()
    (0, 'hello\\n')
    """
    writer = _LogWriter(log_path)
    if note:
        writer.write(note)
    several = len(hosts) > 1
    procs, pumps, tails = [], [], []
    try:
        for host, argv, env, cwd in hosts:
            prefix = f"{host} | " if several else ""
            pipes = dict(stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         start_new_session=True)
            try:
                if spawn is None:
                    proc = subprocess.Popen(argv, env=env, cwd=cwd, **pipes)
                else:
                    proc = spawn(host, argv, env=env, cwd=cwd, **pipes)
            except OSError as err:
                writer.write(f"{prefix}Could not start {argv[0]!r}: {err}")
                procs.append(None)
                tails.append(deque([f"Could not start {argv[0]!r}: {err}"], maxlen=30))
                continue
            with _live_lock:
                _live.add(proc)
            tail_lines = deque(maxlen=30)
            for stream, keep in ((proc.stdout, None), (proc.stderr, tail_lines)):
                t = threading.Thread(target=_pump, args=(stream, writer, prefix, keep), daemon=True)
                t.start()
                pumps.append(t)
            procs.append(proc)
            tails.append(tail_lines)
        deadline = None if timeout is None else time.monotonic() + timeout
        timed_out = [False] * len(procs)
        stopped = [False] * len(procs)
        for proc in procs:
            while proc is not None and proc.poll() is None:
                try:
                    proc.wait(timeout=_POLL if deadline is None
                              else max(0.0, min(_POLL, deadline - time.monotonic())))
                except subprocess.TimeoutExpired:
                    if deadline is not None and time.monotonic() >= deadline:
                        # MaxRuntimeInSeconds: SIGTERM, SIGKILL timeout_grace s later
                        _end_all(procs, timed_out, grace=timeout_grace)
                    elif stop_event is not None and stop_event.is_set():
                        _end_all(procs, stopped, grace=grace)  # StopJob: SIGTERM, then kill
        for proc in procs:  # the container ends with its entry point: so do its children
            if proc is not None:
                _kill_group(proc)
        for t in pumps:
            t.join(timeout=5)
    finally:
        for proc in procs:
            if proc is not None and proc.poll() is None:  # interrupted: leave nothing running
                _kill(proc)
            elif proc is not None:
                _kill_group(proc)
        with _live_lock:
            _live.difference_update(procs)
        writer.close()
    return [HostResult(host, _returncode(p), "\n".join(tl), to, st)
            for (host, *_), p, tl, to, st in zip(hosts, procs, tails, timed_out, stopped)]


def _end_all(procs, flags, grace):
    """SIGTERM every running process group, SIGKILL what is left after ``grace`` seconds."""
    running = [(i, p) for i, p in enumerate(procs) if p is not None and p.poll() is None]
    for i, proc in running:
        flags[i] = True
        if grace > 0:
            try:
                os.killpg(_group(proc), signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                proc.terminate()
    end = time.monotonic() + grace
    for _, proc in running:
        try:
            proc.wait(timeout=max(0.0, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        if proc.poll() is None:
            _kill(proc)


def _returncode(proc):
    """The host process's exit status as the container's own toolkit would see it.

    ``bwrap`` (like Docker) reports a command killed by signal N as exit code 128 + N; in the
    container, the toolkit that started the script sees the signal itself (a negative code).
    """
    if proc is None:
        return None
    code = proc.returncode
    if getattr(proc, "group", None) is not None and code is not None and 128 < code < 128 + 65:
        try:
            return -signal.Signals(code - 128)
        except ValueError:
            return code
    return code


def _group(proc):
    """The process group that holds the host's own processes (the sandbox's, if any)."""
    return getattr(proc, "group", proc.pid)


def _kill_group(proc):
    """SIGKILL what is left of the process group of ``proc`` once ``proc`` itself has exited.

    A script's background children (``subprocess.Popen`` without a wait) would otherwise
    outlive the job and keep its output pipes open; in a container they end with it.
    """
    for group in {_group(proc), proc.pid}:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # the group is already empty


def _kill(proc):
    """SIGKILL the process group (the script and anything it started)."""
    for group in {_group(proc), proc.pid}:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
    proc.wait()


def tail(log_path, n=20):
    """The last ``n`` lines of a log file (``""`` when it does not exist).

    Examples
    --------
    >>> tail("/no/such/log.txt")
    ''
    """
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            return "".join(deque(f, maxlen=n)).rstrip("\n")
    except FileNotFoundError:
        return ""


def follow(record, log_path, out=None, poll=0.05):
    """Print the job log as it grows (status lines included), until the job ends.

    Parameters
    ----------
    record : estlab.workflow.local.records.JobRecord
        The job; :meth:`follow` returns once ``record.done`` is set and the log is drained.
    log_path : path
    out : file-like, default sys.stdout
    poll : float
        Seconds between reads.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from estlab.workflow.local.records import JobRecord, SecondaryStatus
    >>> log = pathlib.Path(tempfile.mkdtemp(), "log.txt")
    >>> rec = JobRecord("processing", "demo", {}, log_path=log)
    >>> with log.open("a") as f:
    ...     _ = f.write("hello from the job\\n")
    >>> rec.finish(SecondaryStatus.COMPLETED, "done")
    >>> follow(rec, log)  # doctest: +ELLIPSIS
    demo: processing job (log: .../log.txt)
    ... Starting - Preparing the instances for processing
    hello from the job
    ... Completed - done
    demo: Completed in 0.0 s
    """
    out = sys.stdout if out is None else out
    position = 0
    buffer = ""
    print(f"{record.name}: {record.kind} job (log: {log_path})", file=out, flush=True)
    while True:
        finished = record.done.is_set()
        try:
            with open(log_path, encoding="utf-8", errors="replace") as f:
                f.seek(position)
                chunk = f.read()
                position = f.tell()
        except FileNotFoundError:
            chunk = ""
        buffer += chunk
        *lines, buffer = buffer.split("\n")
        for line in lines:
            print(line, file=out, flush=True)
        if finished:
            if buffer:
                print(buffer, file=out, flush=True)
            break
        time.sleep(poll)
    d = record.describe()
    status = d.get("TrainingJobStatus") or d.get("ProcessingJobStatus")
    start = d.get("TrainingStartTime") or d.get("ProcessingStartTime") or d["CreationTime"]
    end = d.get("TrainingEndTime") or d.get("ProcessingEndTime") or d["LastModifiedTime"]
    seconds = (end - start).total_seconds()
    print(f"{record.name}: {status} in {seconds:.1f} s"
          + (f" - {d['FailureReason'].splitlines()[0]}" if d.get("FailureReason") else ""),
          file=out, flush=True)
