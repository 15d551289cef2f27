"""Job state as SageMaker reports it: status enums, status transitions, describe records.

A SageMaker job has a primary status (``TrainingJobStatus``: InProgress -> Completed | Failed |
Stopped) and, for training, a finer *secondary* status with a history of transitions
(Starting -> Downloading -> Training -> Uploading -> Completed). ``DescribeTrainingJob`` returns
both, plus ``FailureReason``, ``ModelArtifacts`` and ``FinalMetricDataList``; timestamps are
timezone-aware ``datetime`` objects, as boto3 returns them.

:class:`JobRecord` is the mutable state of one local job, owned by the session that runs it
(never a class-level registry). Every change is also written to ``describe.json`` in the job
folder, so a failed job can be inspected after the Python process that ran it is gone.
"""

import copy
import json
import os
import threading
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

__all__ = ["JobStatus", "SecondaryStatus", "JobRecord", "BackgroundJob", "now", "load_description",
           "status_line", "fail_orphans"]


class JobStatus(str, Enum):
    """``TrainingJobStatus`` / ``ProcessingJobStatus`` / ``TransformJobStatus`` (API enum)."""

    IN_PROGRESS = "InProgress"
    COMPLETED = "Completed"
    FAILED = "Failed"
    STOPPING = "Stopping"
    STOPPED = "Stopped"


class SecondaryStatus(str, Enum):
    """``SecondaryStatus`` of a training job (the non-deprecated API values)."""

    STARTING = "Starting"
    PENDING = "Pending"
    DOWNLOADING = "Downloading"
    TRAINING = "Training"
    UPLOADING = "Uploading"
    COMPLETED = "Completed"
    FAILED = "Failed"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    MAX_RUNTIME_EXCEEDED = "MaxRuntimeExceeded"
    INTERRUPTED = "Interrupted"


# The primary status each terminal secondary status implies.
_TERMINAL = {
    SecondaryStatus.COMPLETED: JobStatus.COMPLETED,
    SecondaryStatus.FAILED: JobStatus.FAILED,
    SecondaryStatus.STOPPED: JobStatus.STOPPED,
    SecondaryStatus.MAX_RUNTIME_EXCEEDED: JobStatus.STOPPED,
    SecondaryStatus.INTERRUPTED: JobStatus.STOPPED,
}

# kind -> (name key, ARN resource, status key, start key, end key)
_KEYS = {
    "training": ("TrainingJobName", "training-job", "TrainingJobStatus", "TrainingStartTime",
                 "TrainingEndTime"),
    "processing": ("ProcessingJobName", "processing-job", "ProcessingJobStatus",
                   "ProcessingStartTime", "ProcessingEndTime"),
}


class _Label(str):
    """A free status label with an Enum-like ``.value`` (processing jobs' console lines)."""

    @property
    def value(self):
        return str(self)


def now():
    """The current time as a timezone-aware UTC ``datetime`` (what boto3 returns)."""
    return datetime.now(timezone.utc)


class JobRecord:
    """The live state of one local processing or training job.

    Parameters
    ----------
    kind : {"training", "processing"}
    name : str
        The job name.
    request : dict
        The Create*Job request this job echoes in its description (``HyperParameters``,
        ``AppSpecification``, ``ProcessingInputs``...).
    folder : pathlib.Path or None
        Job folder; ``describe.json`` is rewritten there on every change.

    Examples
    --------
    >>> rec = JobRecord("training", "demo-1", {"HyperParameters": {"epochs": "3"}}, folder=None)
    >>> rec.transition(SecondaryStatus.TRAINING, "Training image download completed.")
    >>> rec.finish(SecondaryStatus.COMPLETED, "Training job completed")
    >>> d = rec.describe()
    >>> d["TrainingJobStatus"], d["SecondaryStatus"]
    ('Completed', 'Completed')
    >>> [t["Status"] for t in d["SecondaryStatusTransitions"]]
    ['Starting', 'Training', 'Completed']
    """

    def __init__(self, kind, name, request, folder=None, region="us-east-1", log_path=None):
        if kind not in _KEYS:
            raise ValueError(f"kind must be 'training' or 'processing'; got {kind!r}.")
        self.kind, self.name, self.folder = kind, name, None if folder is None else Path(folder)
        self._lock = threading.RLock()
        self.log_path = None if log_path is None else Path(log_path)
        self.done = threading.Event()
        name_key, resource, status_key, _, _ = _KEYS[kind]
        arn_key = name_key.replace("Name", "Arn")
        self._fields = {
            name_key: name,
            arn_key: f"arn:aws:sagemaker:{region}:000000000000:{resource}/{name.lower()}",
            **copy.deepcopy(request),
            status_key: JobStatus.IN_PROGRESS.value,
            "CreationTime": now(),
            "LastModifiedTime": now(),
        }
        # The status history; training jobs report it as SecondaryStatusTransitions, processing
        # jobs keep it only for the console's status lines.
        self._history = [{"Status": SecondaryStatus.STARTING.value, "StartTime": now(),
                          "StatusMessage": f"Preparing the instances for {kind}"}]
        if kind == "training":
            self._fields["SecondaryStatus"] = SecondaryStatus.STARTING.value
            self._fields["SecondaryStatusTransitions"] = self._history
        self._log_status(self._history[-1])
        self._save()
        if self.folder is not None:  # who runs the job: see fail_orphans
            (self.folder / "owner.json").write_text(json.dumps(_process_identity(os.getpid())))

    # -- updates ----------------------------------------------------------------------------
    @property
    def status(self):
        """The primary status, a :class:`JobStatus`."""
        return JobStatus(self._fields[_KEYS[self.kind][2]])

    def update(self, **fields):
        """Set description fields (``ModelArtifacts=...``, ``ExitMessage=...``)."""
        with self._lock:
            self._fields.update(fields)
            self._fields["LastModifiedTime"] = now()
            self._save()

    def started(self):
        """Stamp the start time (``TrainingStartTime`` / ``ProcessingStartTime``)."""
        self.update(**{_KEYS[self.kind][3]: now()})

    def transition(self, secondary, message=""):
        """Move to a new secondary status, closing the previous transition.

        Training jobs take a :class:`SecondaryStatus`; processing jobs, which have no
        secondary status in the API, may use any label (it only reaches the console).
        """
        secondary = SecondaryStatus(secondary) if self.kind == "training" else _Label(secondary)
        with self._lock:
            stamp = now()
            if "EndTime" not in self._history[-1]:
                self._history[-1]["EndTime"] = stamp
            self._history.append({"Status": secondary.value, "StartTime": stamp,
                                  "StatusMessage": message})
            self._fields["LastModifiedTime"] = stamp
            if self.kind == "training":
                self._fields["SecondaryStatus"] = secondary.value
            self._save()
            self._log_status(self._history[-1])

    def stopping(self):
        """A stop was requested: status Stopping until the processes are gone."""
        with self._lock:
            if self.done.is_set():
                return
            self._fields[_KEYS[self.kind][2]] = JobStatus.STOPPING.value
            self.transition("Stopping", "Stopping the job (SIGTERM, then SIGKILL)")

    def finish(self, secondary, message="", failure_reason=None):
        """End the job: final secondary status, primary status, end time, FailureReason."""
        secondary = SecondaryStatus(secondary)
        _, _, status_key, start_key, end_key = _KEYS[self.kind]
        with self._lock:  # one step, so that a concurrent stop() sees before or after, not half
            self.transition(secondary.value, message)
            end = now()
            self._fields[status_key] = _TERMINAL[secondary].value
            self._fields.setdefault(start_key, self._fields["CreationTime"])
            self._fields[end_key] = end
            self._history[-1]["EndTime"] = end
            if self.kind == "training":
                seconds = max(1, round((end - self._fields[start_key]).total_seconds()))
                self._fields["TrainingTimeInSeconds"] = seconds
                self._fields["BillableTimeInSeconds"] = 0  # this machine bills nothing
            if failure_reason:
                self._fields["FailureReason"] = failure_reason[:1024]
            self._save()
            self.done.set()

    # -- reading ----------------------------------------------------------------------------
    def describe(self):
        """A deep copy of the service-shaped description (safe to mutate)."""
        with self._lock:
            return copy.deepcopy(self._fields)

    def transitions(self):
        """The status transitions so far (a copy), as SecondaryStatusTransitions entries."""
        with self._lock:
            return copy.deepcopy(self._history)

    def _log_status(self, transition):
        """Append the SDK-style status line to the job log, in order with the job's output."""
        if self.log_path is None:
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(status_line(transition) + "\n")

    # -- persistence --------------------------------------------------------------------------
    def _save(self):
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / "describe.json.tmp"
        tmp.write_text(json.dumps(self._fields, indent=2, default=_encode, sort_keys=True))
        tmp.replace(self.folder / "describe.json")


def status_line(transition):
    """``2024-05-01 12:34:56 Training - Training in progress``, as the SDK prints it.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> status_line({"Status": "Downloading", "StatusMessage": "Downloading input data",
    ...              "StartTime": datetime(2024, 5, 1, 12, 34, 56, tzinfo=timezone.utc)})
    '2024-05-01 12:34:56 Downloading - Downloading input data'
    """
    stamp = transition["StartTime"].astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    message = transition.get("StatusMessage") or ""
    return f"{stamp} {transition['Status']}" + (f" - {message}" if message else "")


def _encode(value):
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, set)):
        return list(value)
    return str(value)


def _decode(obj):
    if set(obj) == {"__datetime__"}:
        return datetime.fromisoformat(obj["__datetime__"])
    return obj


def load_description(path):
    """Read a ``describe.json`` written by :class:`JobRecord` back into a description dict.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     rec = JobRecord("processing", "prep-1", {}, folder=pathlib.Path(d))
    ...     rec.finish(SecondaryStatus.FAILED, failure_reason="boom")
    ...     back = load_description(pathlib.Path(d, "describe.json"))
    >>> back["ProcessingJobStatus"], back["FailureReason"], type(back["CreationTime"]).__name__
    ('Failed', 'boom', 'datetime')
    """
    return json.loads(Path(path).read_text(), object_hook=_decode)


def _process_identity(pid):
    """``{"pid": ..., "started": ...}``: a process, told apart from a later one with its pid."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            started = f.read().rsplit(")", 1)[1].split()[19]  # field 22: start time in ticks
    except (OSError, IndexError):
        started = None
    return {"pid": pid, "started": started}


def _alive(owner):
    try:
        os.kill(owner["pid"], 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return owner.get("started") is None or _process_identity(owner["pid"]) == owner


def fail_orphans(folder, kind):
    """Mark Failed every job under ``folder`` whose Python process ended while it ran.

    A job's hosts die with the process that started them (the sandbox's
    ``--die-with-parent``); its ``describe.json`` would say InProgress forever. The next session
    that opens the root calls this, so the record ends as SageMaker would end it, with a reason.
    Returns the names of the jobs marked.
    """
    _, _, status_key, _, end_key = _KEYS[kind]
    marked = []
    for describe in sorted(Path(folder).glob("*/describe.json")):
        owner_path = describe.parent / "owner.json"
        try:
            record = load_description(describe)
            owner = json.loads(owner_path.read_text())
        except (OSError, ValueError):
            continue
        if record.get(status_key) not in ("InProgress", "Stopping") or _alive(owner):
            continue
        stamp = now()
        reason = (f"InternalServerError: the Python process that ran this job (pid "
                  f"{owner['pid']}) ended while the job ran, and the job's processes ended with "
                  "it. Run the job again (its folder and log are kept).")
        record.update({status_key: "Failed", end_key: stamp, "LastModifiedTime": stamp,
                       "FailureReason": reason})
        if kind == "training":
            record["SecondaryStatus"] = "Failed"
            record.setdefault("SecondaryStatusTransitions", []).append(
                {"Status": "Failed", "StartTime": stamp, "EndTime": stamp,
                 "StatusMessage": "Training job failed: its process ended"})
        tmp = describe.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, indent=2, default=_encode, sort_keys=True))
        tmp.replace(describe)
        marked.append(describe.parent.name)
    return marked


class BackgroundJob:
    """A local job that runs in a background thread and reports through its :class:`JobRecord`.

    Subclasses set ``spec``, ``record`` and ``_stop`` (a ``threading.Event`` their ``_run`` loop
    watches) and implement ``_run``: the job's phases, from Starting to Completed or Failed.
    """

    def start(self):
        """Run the job in a background thread; return at once."""
        thread = threading.Thread(target=self._run, name=f"estlab-{self.spec.job_name}",
                                  daemon=True)
        thread.start()
        return thread

    def stop(self):
        """Ask the running job to stop (its processes get SIGTERM, then SIGKILL)."""
        if not self.record.done.is_set():
            self._stop.set()
            self.record.stopping()
